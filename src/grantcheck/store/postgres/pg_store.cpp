#include "grantcheck/store/postgres/pg_store.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"
#include "grantcheck/store/sql/sql_store.hpp"

namespace grantcheck::store_postgres_migrations {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::store {
namespace {

using sql::ColumnType;

constexpr std::string_view kMigrations[] = {"0001_init.sql"};

// Two transaction-scoped advisory locks order the commands of every process. A command holds
// the gate lock shared, then the write lock: the write lock is held by the command's own
// transaction to its very end (its COMMIT runs the deferred foreign-key checks, which takes a
// while). A write gate (Store::HoldWrites) holds the gate lock alone: other processes' commands
// wait at their first step, while this process's commands skip that step but still take the
// write lock, so that a command never outlives the lock that orders it, even when the gate's
// connection ends first (a killed process). Always gate, then write: no deadlock.
constexpr int64_t kWriteLock = 0x6763777269746500;  // "gcwrite"
constexpr int64_t kGateLock = 0x6763676174650000;   // "gcgate"
// The channel commits are announced on (per database).
constexpr std::string_view kChannel = "grantcheck_commit";

// libpq type oids (pg_type.h): what an exported column holds.
constexpr Oid kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23;

// "postgresql://user@host:port/db" for messages: what the DSN names, without its password.
std::string Describe(PGconn* conn) {
    if (conn == nullptr) {
        return "the PostgreSQL server";
    }
    const char* host = PQhost(conn);
    return fmt::format("postgresql://{}@{}:{}/{}", PQuser(conn),
                       host != nullptr && *host != '\0' ? host : "localhost", PQport(conn),
                       PQdb(conn));
}

std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
    }
    return s;
}

// Rewrites ?N parameters as $N (outside quoted strings), and counts them.
std::string ToDollars(std::string_view sql, int& params) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    params = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
        const char ch = sql[i];
        if (ch == '\'') {
            quoted = !quoted;
        }
        if (ch == '?' && !quoted && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            out += '$';
            int n = 0;
            while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
                n = n * 10 + (sql[++i] - '0');
                out += sql[i];
            }
            params = std::max(params, n);
            continue;
        }
        out += ch;
    }
    return out;
}

// Opens a connection to `dsn` (a URL or key=value string) named `application` to the server,
// with a 10 s connect timeout unless the DSN says otherwise (its values come after and win).
PGconn* ConnectTo(const std::string& dsn, const char* application) {
    const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", application, dsn.c_str(), nullptr};
    return PQconnectdbParams(keys, values, /*expand_dbname=*/1);
}

class PgConnection;

class PgCursor final : public sql::Cursor {
public:
    PgCursor(PgConnection& conn, std::string name, int params)
        : conn_(conn),
          name_(std::move(name)),
          values_(static_cast<size_t>(params)),
          set_(static_cast<size_t>(params), false),
          binary_(static_cast<size_t>(params), 0) {}
    PgCursor(const PgCursor&) = delete;
    PgCursor& operator=(const PgCursor&) = delete;
    ~PgCursor() override { PQclear(result_); }

    void BindText(int i, std::string_view v) override { Set(i, std::string(v), false); }
    void BindInt(int i, int64_t v) override { Set(i, std::to_string(v), false); }
    void BindBlob(int i, std::string_view b) override { Set(i, std::string(b), true); }
    void BindNull(int i) override {
        Slot(i);
        set_[static_cast<size_t>(i - 1)] = false;
    }
    bool Step() override;
    void Execute() override;
    std::string Text(int col) const override {
        return std::string(PQgetvalue(result_, row_, col),
                           static_cast<size_t>(PQgetlength(result_, row_, col)));
    }
    // bytea comes back in text format as \x and two hex digits a byte.
    std::string Blob(int col) const override {
        const std::string_view hex(PQgetvalue(result_, row_, col),
                                   static_cast<size_t>(PQgetlength(result_, row_, col)));
        if (!hex.starts_with("\\x")) {
            return std::string(hex);
        }
        std::string out;
        out.reserve((hex.size() - 2) / 2);
        for (size_t i = 2; i + 1 < hex.size(); i += 2) {
            out += static_cast<char>(HexDigit(hex[i]) * 16 + HexDigit(hex[i + 1]));
        }
        return out;
    }
    int64_t Int(int col) const override {
        return std::strtoll(PQgetvalue(result_, row_, col), nullptr, 10);
    }
    bool IsNull(int col) const override { return PQgetisnull(result_, row_, col) != 0; }
    int ColumnCount() const override { return result_ == nullptr ? 0 : PQnfields(result_); }
    std::string ColumnName(int col) const override { return PQfname(result_, col); }
    ColumnType Type(int col) const override {
        if (IsNull(col)) {
            return ColumnType::kNull;
        }
        switch (PQftype(result_, col)) {
            case kInt2:
            case kInt4:
            case kInt8:
                return ColumnType::kInt;
            case kBytea:
                return ColumnType::kBlob;
            default:
                return ColumnType::kText;
        }
    }
    void Reset() override {
        PQclear(result_);
        result_ = nullptr;
        row_ = -1;
        std::fill(set_.begin(), set_.end(), false);
    }

private:
    // The bound values as libpq takes them (NULL for an unbound or null parameter).
    struct Params {
        std::vector<const char*> values;
        std::vector<int> lengths;
    };
    Params Bound() const {
        Params p{std::vector<const char*>(values_.size()), std::vector<int>(values_.size())};
        for (size_t i = 0; i < values_.size(); ++i) {
            p.values[i] = set_[i] ? values_[i].c_str() : nullptr;
            p.lengths[i] = static_cast<int>(values_[i].size());
        }
        return p;
    }
    size_t Slot(int i);
    void Set(int i, std::string v, bool binary) {
        const size_t at = Slot(i);
        values_[at] = std::move(v);
        set_[at] = true;
        binary_[at] = binary ? 1 : 0;
    }

    PgConnection& conn_;
    std::string name_;
    std::vector<std::string> values_;
    std::vector<bool> set_;
    std::vector<int> binary_;
    PGresult* result_ = nullptr;
    int row_ = -1;  // -1: not run yet
};

class PgConnection final : public sql::Connection {
public:
    // `gate_held`: the backend's write gate holds the writers' lock for this process.
    PgConnection(const PgOptions& options, const std::atomic<bool>& gate_held)
        : options_(options), gate_held_(gate_held) {
        Connect();
    }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    ~PgConnection() override {
        ClearCache();
        PQfinish(conn_);
    }

    PGconn* get() const { return conn_; }
    // Inside a write transaction, statements without rows are pipelined (sent without waiting
    // for their results); Sync() collects the results and throws the first failure.
    bool Pipelining() const { return in_write_; }
    void Send(const std::string& name,
              int count,
              const char* const* values,
              const int* lengths,
              const int* formats) {
        if (!pipelined_) {
            if (PQenterPipelineMode(conn_) == 0) {
                Fail("cannot enter pipeline mode");
            }
            pipelined_ = true;
        }
        if (PQsendQueryPrepared(conn_, name.c_str(), count, values, lengths, formats, 0) == 0) {
            Sync();  // throws what the connection says
            Fail(Trim(PQerrorMessage(conn_)));
        }
        ++pending_;
    }
    void Sync() {
        if (!pipelined_) {
            return;
        }
        pipelined_ = false;
        PGresult* failed = nullptr;
        if (PQpipelineSync(conn_) == 1) {
            // Each statement gives its result and a NULL; the sync point ends the batch.
            for (size_t nulls = 0; nulls <= 2 * pending_ + 2;) {
                PGresult* r = PQgetResult(conn_);
                if (r == nullptr) {
                    ++nulls;
                    continue;
                }
                const auto status = PQresultStatus(r);
                if (status == PGRES_PIPELINE_SYNC) {
                    PQclear(r);
                    break;
                }
                if (status == PGRES_FATAL_ERROR && failed == nullptr) {
                    failed = r;
                } else {
                    PQclear(r);
                }
            }
        }
        pending_ = 0;
        PQexitPipelineMode(conn_);
        if (failed != nullptr) {
            Check(failed, "a pipelined statement");
        }
        if (Broken()) {
            Check(nullptr, "a pipelined statement");
        }
    }
    bool Broken() const { return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK; }
    // Also notices a connection the server closed while it was idle (a restart, a terminated
    // backend): reading what is pending finds the end of the stream without blocking.
    bool BrokenWhileIdle() {
        if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK && !pipelined_) {
            PQconsumeInput(conn_);
        }
        return Broken();
    }

    // Opens the connection again after it was lost; prepared statements are gone with it.
    void Reconnect() {
        ClearCache();
        PQfinish(conn_);
        conn_ = nullptr;
        Connect();
    }

    void Exec(std::string_view sql) override {
        Sync();
        PGresult* r = PQexec(conn_, std::string(sql).c_str());
        Check(r, "");
        PQclear(r);
    }
    void BeginWrite() override {
        if (gate_held_) {
            Exec(
                fmt::format("BEGIN; SET CONSTRAINTS ALL DEFERRED; SELECT pg_advisory_xact_lock({})",
                            kWriteLock));
        } else {
            Exec(fmt::format(
                "BEGIN; SET CONSTRAINTS ALL DEFERRED; SELECT pg_advisory_xact_lock_shared({}); "
                "SELECT pg_advisory_xact_lock({})",
                kGateLock, kWriteLock));
        }
        in_write_ = true;
    }
    void BeginRead() override { Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
    void Commit() override {
        in_write_ = false;
        Exec("COMMIT");  // collects the pipeline first: a failure there stops the commit
    }
    void Rollback() noexcept override {
        in_write_ = false;
        try {
            Sync();
        } catch (const AppError&) {
            // rolled back below either way
        }
        if (!Broken()) {
            PQclear(PQexec(conn_, "ROLLBACK"));
        }
    }

    [[noreturn]] void Fail(const std::string& msg) const override {
        throw AppError(ErrorCode::kUnavailable, "the database cannot be used right now",
                       fmt::format("{}: {}", Describe(conn_), msg));
    }

    // Throws the AppError a failed result means, and frees it. `what` names the statement.
    void Check(PGresult* r, std::string_view what) const {
        const auto status = PQresultStatus(r);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            return;
        }
        const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const std::string code = state != nullptr ? state : "";
        const std::string msg =
            Trim(r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
        PQclear(r);
        const std::string detail =
            fmt::format("{}: {}{}{}", Describe(conn_), msg, what.empty() ? "" : " in: ", what);
        if (Broken()) {
            throw AppError(ErrorCode::kUnavailable,
                           "the database connection was lost; nothing of this request was stored "
                           "(try again)",
                           detail);
        }
        if (code.starts_with("23")) {
            throw AppError(ErrorCode::kInvalidInput, "a record breaks a database constraint",
                           detail);
        }
        throw AppError(ErrorCode::kUnavailable, "the database cannot be used right now", detail);
    }

protected:
    std::unique_ptr<sql::Cursor> Prepare(std::string_view sql) override {
        Sync();
        int params = 0;
        const std::string text = ToDollars(sql, params);
        std::string name = fmt::format("gc{}", ++statements_);
        PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), params, nullptr);
        Check(r, text);
        PQclear(r);
        return std::make_unique<PgCursor>(*this, std::move(name), params);
    }

private:
    void Connect() {
        conn_ = ConnectTo(options_.dsn, "grantcheck");
        if (PQstatus(conn_) != CONNECTION_OK) {
            const std::string msg = Trim(PQerrorMessage(conn_));
            const std::string where = Describe(conn_);
            PQfinish(conn_);
            conn_ = nullptr;
            throw AppError(ErrorCode::kUnavailable,
                           fmt::format("cannot connect to {}: {}", where, msg),
                           "check that the server runs and --db (or GRANTCHECK_DB) names it");
        }
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
        Exec(fmt::format("SET statement_timeout = {}; SET client_encoding = 'UTF8'",
                         options_.statement_timeout.count()));
    }

    PgOptions options_;
    const std::atomic<bool>& gate_held_;
    PGconn* conn_ = nullptr;
    uint64_t statements_ = 0;
    bool in_write_ = false;
    bool pipelined_ = false;
    size_t pending_ = 0;
};

size_t PgCursor::Slot(int i) {
    if (i < 1 || static_cast<size_t>(i) > values_.size()) {
        conn_.Fail(
            fmt::format("parameter {} is out of range (the statement has {})", i, values_.size()));
    }
    return static_cast<size_t>(i - 1);
}

void PgCursor::Execute() {
    if (!conn_.Pipelining()) {
        sql::Cursor::Execute();
        return;
    }
    const Params p = Bound();
    // libpq copies the parameters into its output buffer here, so they may change after.
    conn_.Send(name_, static_cast<int>(p.values.size()), p.values.data(), p.lengths.data(),
               binary_.data());
    Reset();
}

bool PgCursor::Step() {
    if (row_ < 0) {
        conn_.Sync();
        const Params p = Bound();
        PQclear(result_);
        result_ = PQexecPrepared(conn_.get(), name_.c_str(), static_cast<int>(p.values.size()),
                                 p.values.data(), p.lengths.data(), binary_.data(), 0);
        if (PQresultStatus(result_) != PGRES_COMMAND_OK &&
            PQresultStatus(result_) != PGRES_TUPLES_OK) {
            PGresult* failed = std::exchange(result_, nullptr);
            conn_.Check(failed, name_);
        }
    }
    ++row_;
    return row_ < PQntuples(result_);
}

// Connections opened as they are needed, up to the pool's size; a caller waits for a free one.
// A connection found broken is opened again when it is next handed out, so a restarted server
// is used again without restarting grantcheck.
class PgBackend final : public sql::Backend {
public:
    explicit PgBackend(const PgOptions& options) : options_(options) {
        free_.push_back(
            std::make_unique<PgConnection>(options_, gate_held_));  // fails early when unreachable
        opened_ = 1;
    }
    ~PgBackend() override { PQfinish(listener_); }

    sql::Lease Acquire() override {
        std::unique_ptr<PgConnection> conn;
        {
            std::unique_lock lock(mutex_);
            available_.wait(lock, [&] { return !free_.empty() || opened_ < options_.pool_size; });
            if (!free_.empty()) {
                conn = std::move(free_.back());
                free_.pop_back();
            } else {
                ++opened_;
            }
        }
        try {
            if (!conn) {
                conn = std::make_unique<PgConnection>(options_, gate_held_);
            } else if (conn->BrokenWhileIdle()) {
                conn->Reconnect();
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (conn) {
                free_.push_back(std::move(conn));  // broken: tried again next time
            } else {
                --opened_;
            }
            available_.notify_one();
            throw;
        }
        PgConnection& ref = *conn;
        conn.release();
        return sql::Lease(ref, [this](sql::Connection& c) {
            std::lock_guard lock(mutex_);
            free_.emplace_back(static_cast<PgConnection*>(&c));
            available_.notify_one();
        });
    }

    // The gate lock (kGateLock) taken by a transaction of its own, open until the gate goes
    // away.
    std::unique_ptr<WriteGate> HoldWrites() override {
        auto lease = Acquire();
        lease->Exec(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({})", kGateLock));
        gate_held_ = true;
        return std::make_unique<Gate>(gate_held_, std::move(lease));
    }

    std::string_view Name() const override { return "postgres"; }
    std::vector<std::string_view> Migrations() const override {
        return {std::begin(kMigrations), std::end(kMigrations)};
    }
    std::optional<std::string_view> Migration(std::string_view name) const override {
        return store_postgres_migrations::EmbeddedFile(fmt::format("postgres/{}", name));
    }
    // PostgreSQL's text search over the same index table: title weighs more than body.
    std::string_view SearchSql() const override {
        return "SELECT kind, id, state, title, "
               "ts_headline('english', body, to_tsquery('english', ?1), "
               "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || "
               "', MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…') "
               "FROM search_index WHERE doc @@ to_tsquery('english', ?1) "
               "AND (?2 = '' OR kind = ?2) "
               "ORDER BY kind = 'source', ts_rank(doc, to_tsquery('english', ?1)) DESC, kind, id "
               "LIMIT ?3";
    }
    // Each word quoted as one lexeme (no tsquery syntax gets through), the last a prefix.
    std::string SearchQuery(const std::vector<std::string>& words) const override {
        std::string q;
        for (const auto& w : words) {
            std::string clean;
            for (char ch : w) {
                if (ch != '\'' && ch != '\\' && ch != ':' && ch != '&' && ch != '|' && ch != '!' &&
                    ch != '(' && ch != ')' && ch != '<' && ch != '>' && ch != '*') {
                    clean += ch;
                }
            }
            if (!clean.empty()) {
                q += (q.empty() ? "'" : " & '") + clean + "'";
            }
        }
        return q.empty() ? "''" : q + ":*";
    }
    std::string_view NotifySql() const override {
        return "SELECT pg_notify('grantcheck_commit', CAST(?1 AS TEXT))";
    }

    // A connection of its own LISTENs; a lost one is opened again (and the caller re-reads the
    // version, which covers notifications sent while it was away).
    void WaitForChange(std::chrono::milliseconds timeout) override {
        std::lock_guard lock(listen_mutex_);
        if (listener_ == nullptr || PQstatus(listener_) != CONNECTION_OK) {
            PQfinish(listener_);
            listener_ = ConnectTo(options_.dsn, "grantcheck-listen");
            PGresult* r = PQstatus(listener_) == CONNECTION_OK
                              ? PQexec(listener_, fmt::format("LISTEN {}", kChannel).c_str())
                              : nullptr;
            const bool ok = r != nullptr && PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
            if (!ok) {
                PQfinish(listener_);
                listener_ = nullptr;
                std::this_thread::sleep_for(timeout);
                return;
            }
            return;  // maybe missed something while not listening
        }
        pollfd fd{PQsocket(listener_), POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(timeout.count())) > 0) {
            if (PQconsumeInput(listener_) == 0) {
                return;  // lost; reconnected at the next call
            }
            while (PGnotify* n = PQnotifies(listener_)) {
                PQfreemem(n);
            }
        }
    }

    // Copied rows bring their ids: the identity sequences must continue after them.
    void AfterImport(sql::Connection& c) override {
        for (auto table : {"account", "api_token", "webhook", "webhook_delivery", "draft"}) {
            c.Exec(
                fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                            "COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)",
                            table));
        }
    }

private:
    class Gate final : public WriteGate {
    public:
        Gate(std::atomic<bool>& held, sql::Lease lease) : held_(held), lease_(std::move(lease)) {}
        Gate(const Gate&) = delete;
        Gate& operator=(const Gate&) = delete;
        ~Gate() override {
            held_ = false;
            lease_->Rollback();  // ends the transaction, and with it the lock
        }

    private:
        std::atomic<bool>& held_;
        sql::Lease lease_;
    };

    PgOptions options_;
    std::atomic<bool> gate_held_{false};
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PgConnection>> free_;  // guarded by mutex_
    size_t opened_ = 0;                                // guarded by mutex_
    std::mutex listen_mutex_;
    PGconn* listener_ = nullptr;  // guarded by listen_mutex_
};

}  // namespace

bool IsPgDsn(std::string_view db) {
    return db.starts_with("postgres://") || db.starts_with("postgresql://");
}

std::unique_ptr<Store> OpenPgStore(const PgOptions& options) {
    return sql::OpenSqlStore(std::make_unique<PgBackend>(options));
}

}  // namespace grantcheck::store
