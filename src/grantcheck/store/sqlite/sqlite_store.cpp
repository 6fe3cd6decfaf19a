#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/store/sql/sql_store.hpp"

namespace grantcheck::store_sqlite_migrations {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::store {
namespace {

using sql::ColumnType;

// Migrations in order; each is applied once and recorded.
constexpr std::string_view kMigrations[] = {
    "0001_init.sql",   "0002_policies_rules.sql", "0003_log.sql",    "0004_record_entry.sql",
    "0005_search.sql", "0006_campaigns.sql",      "0007_drafts.sql", "0008_award_resolutions.sql"};

// flock(2), again when a signal interrupts it.
void Flock(int fd, int op) {
    while (::flock(fd, op) != 0 && errno == EINTR) {
    }
}

class SqliteConnection;

class SqliteCursor final : public sql::Cursor {
public:
    SqliteCursor(SqliteConnection& conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
    SqliteCursor(const SqliteCursor&) = delete;
    SqliteCursor& operator=(const SqliteCursor&) = delete;
    ~SqliteCursor() override { sqlite3_finalize(stmt_); }

    void BindText(int i, std::string_view v) override {
        Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    }
    void BindInt(int i, int64_t v) override { Check(sqlite3_bind_int64(stmt_, i, v)); }
    void BindBlob(int i, std::string_view b) override {
        Check(sqlite3_bind_blob(stmt_, i, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT));
    }
    void BindNull(int i) override { Check(sqlite3_bind_null(stmt_, i)); }
    bool Step() override;
    std::string Text(int col) const override {
        const auto* p = sqlite3_column_text(stmt_, col);
        return p == nullptr ? std::string()
                            : std::string(reinterpret_cast<const char*>(p),
                                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
    }
    std::string Blob(int col) const override {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
        return p == nullptr ? std::string()
                            : std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
    }
    int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
    bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    int ColumnCount() const override { return sqlite3_column_count(stmt_); }
    std::string ColumnName(int col) const override { return sqlite3_column_name(stmt_, col); }
    ColumnType Type(int col) const override {
        switch (sqlite3_column_type(stmt_, col)) {
            case SQLITE_INTEGER:
                return ColumnType::kInt;
            case SQLITE_BLOB:
                return ColumnType::kBlob;
            case SQLITE_NULL:
                return ColumnType::kNull;
            default:
                return ColumnType::kText;
        }
    }
    void Reset() override {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    void Check(int rc);

    SqliteConnection& conn_;
    sqlite3_stmt* stmt_;
};

class SqliteConnection final : public sql::Connection {
public:
    explicit SqliteConnection(const SqliteOptions& options) : path_(options.path) {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(options.path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            db_ = nullptr;
            throw Unavailable("cannot open database {}: {}", options.path, msg);
        }
        sqlite3_busy_timeout(db_, options.busy_timeout_ms);
        sqlite3_extended_result_codes(db_, 1);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;
    ~SqliteConnection() override {
        ClearCache();  // finalize every statement before closing
        sqlite3_close(db_);
    }

    void Exec(std::string_view sql) override {
        char* err = nullptr;
        const std::string text(sql);
        if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = err != nullptr ? err : sqlite3_errmsg(db_);
            sqlite3_free(err);
            Fail(msg);
        }
    }
    // IMMEDIATE: the write lock is taken at once, so two writers never both read the log's
    // size. Foreign keys are checked at commit, as records reference each other in any order.
    // Before it, the writers' lock file (the write gate's lock, Store::HoldWrites), taken by
    // every process's commands in the same order so that the gate can hold them off.
    void BeginWrite() override {
        LockWriters(true);
        try {
            Exec("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON");
        } catch (...) {
            LockWriters(false);
            throw;
        }
    }
    void BeginRead() override { Exec("BEGIN"); }
    void Commit() override {
        Exec("COMMIT");
        LockWriters(false);
    }
    void Rollback() noexcept override {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        LockWriters(false);
    }

    // The lock file beside the database; -1 for an in-memory one. The gate holds the lock
    // itself while `gate_held`.
    void SetWritersLock(int fd, const bool* gate_held) {
        lock_fd_ = fd;
        gate_held_ = gate_held;
    }
    void LockWriters(bool lock) const {
        if (lock_fd_ >= 0 && !*gate_held_) {
            Flock(lock_fd_, lock ? LOCK_EX : LOCK_UN);
        }
    }

    [[noreturn]] void Fail(const std::string& msg) const override {
        const int code = sqlite3_extended_errcode(db_);
        if ((code & 0xff) == SQLITE_CONSTRAINT) {
            throw AppError(ErrorCode::kInvalidInput, "a record breaks a database constraint",
                           fmt::format("{}: {}", path_, msg));
        }
        throw AppError(ErrorCode::kUnavailable, "the database cannot be used right now",
                       fmt::format("{}: {} (code {})", path_, msg, code));
    }
    [[noreturn]] void FailLast() const { Fail(sqlite3_errmsg(db_)); }

protected:
    std::unique_ptr<sql::Cursor> Prepare(std::string_view sql) override {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
            SQLITE_OK) {
            Fail(fmt::format("prepare: {}", sqlite3_errmsg(db_)));
        }
        return std::make_unique<SqliteCursor>(*this, stmt);
    }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    int lock_fd_ = -1;
    const bool* gate_held_ = nullptr;
};

bool SqliteCursor::Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc != SQLITE_DONE) {
        conn_.FailLast();
    }
    return false;
}

void SqliteCursor::Check(int rc) {
    if (rc != SQLITE_OK) {
        conn_.FailLast();
    }
}

// One connection, used by one caller at a time: SQLite serializes writers itself, and one
// connection keeps every read on the file's latest committed state.
class SqliteBackend final : public sql::Backend {
public:
    explicit SqliteBackend(const SqliteOptions& options) : conn_(options) {
        conn_.Exec("PRAGMA foreign_keys = ON");
        if (options.path != ":memory:") {
            conn_.Exec("PRAGMA journal_mode = WAL");
            const std::string lock = options.path + ".lock";
            lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
            if (lock_fd_ < 0) {
                throw Unavailable("cannot open the writers' lock {}: {}", lock,
                                  std::strerror(errno));
            }
            conn_.SetWritersLock(lock_fd_, &gate_held_);
        }
        // FULL: a committed command survives power loss even in WAL mode (DESIGN.md).
        conn_.Exec("PRAGMA synchronous = FULL");
    }

    ~SqliteBackend() override {
        if (lock_fd_ >= 0) {
            ::close(lock_fd_);
        }
    }

    // Holds the writers' lock file until the gate goes away.
    std::unique_ptr<WriteGate> HoldWrites() override {
        if (lock_fd_ < 0) {
            return nullptr;  // in memory: no other process
        }
        // Waiting for other processes does not hold the connection from this one's readers.
        // REQUIRES (Store::HoldWrites): no command of this process runs meanwhile.
        Flock(lock_fd_, LOCK_EX);
        std::lock_guard lock(mutex_);
        gate_held_ = true;
        return std::make_unique<Gate>(*this);
    }

    sql::Lease Acquire() override {
        mutex_.lock();
        return sql::Lease(conn_, [this](sql::Connection&) { mutex_.unlock(); });
    }
    std::string_view Name() const override { return "sqlite"; }
    std::vector<std::string_view> Migrations() const override {
        return {std::begin(kMigrations), std::end(kMigrations)};
    }
    std::optional<std::string_view> Migration(std::string_view name) const override {
        return store_sqlite_migrations::EmbeddedFile(fmt::format("sqlite/{}", name));
    }
    // FTS5: each word a quoted string, the last also a prefix.
    std::string_view SearchSql() const override {
        return "SELECT kind, id, state, title, snippet(search_index, 4, char(2), char(3), '…', 16) "
               "FROM search_index WHERE search_index MATCH ?1 AND (?2 = '' OR kind = ?2) "
               // records first, then their sources
               "ORDER BY kind = 'source', bm25(search_index, 0, 0, 0, 4.0, 1.0) LIMIT ?3";
    }
    std::string SearchQuery(const std::vector<std::string>& words) const override {
        std::string match;
        for (size_t i = 0; i < words.size(); ++i) {
            match += (match.empty() ? "\"" : " \"") + words[i] + "\"";
        }
        return match + "*";
    }

private:
    class Gate final : public WriteGate {
    public:
        explicit Gate(SqliteBackend& backend) : backend_(backend) {}
        Gate(const Gate&) = delete;
        Gate& operator=(const Gate&) = delete;
        ~Gate() override {
            std::lock_guard lock(backend_.mutex_);
            backend_.gate_held_ = false;
            backend_.conn_.LockWriters(false);
        }

    private:
        SqliteBackend& backend_;
    };

    std::mutex mutex_;  // the one connection's user
    SqliteConnection conn_;
    int lock_fd_ = -1;
    bool gate_held_ = false;  // guarded by mutex_
};

class OwnedNodes final : public ledger::NodeSource {
public:
    explicit OwnedNodes(const std::string& path) : conn_(SqliteOptions{path}) {}
    ledger::Hash Node(int level, uint64_t index) const override {
        std::lock_guard lock(mutex_);
        sql::Stmt s(conn_, "SELECT hash FROM log_node WHERE level = ?1 AND idx = ?2");
        s.Bind(1, level).Bind(2, static_cast<int64_t>(index));
        if (!s.Step()) {
            conn_.Fail(fmt::format("log node ({}, {}) is missing", level, index));
        }
        return s.HashAt(0);
    }

private:
    mutable std::mutex mutex_;
    mutable SqliteConnection conn_;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const SqliteOptions& options) {
    return sql::OpenSqlStore(std::make_unique<SqliteBackend>(options));
}

std::unique_ptr<ledger::NodeSource> OpenSqliteLogNodes(const std::string& path) {
    return std::make_unique<OwnedNodes>(path);
}

}  // namespace grantcheck::store
