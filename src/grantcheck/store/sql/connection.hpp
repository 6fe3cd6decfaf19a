#pragma once

// The small relational interface the SQL store is written against, so that one mapping of
// records to tables serves SQLite and PostgreSQL alike. A backend implements Cursor,
// Connection and Backend; no library type appears here.
//
// SQL is written once, in the dialect both backends accept: parameters are `?1`, `?2` … (the
// PostgreSQL backend rewrites them to `$1` …), upserts are `ON CONFLICT … DO …`, new ids come
// back with `RETURNING`, booleans are 0/1 integers, binary values are blobs (BLOB / BYTEA).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "grantcheck/common/date.hpp"
#include "grantcheck/ledger/merkle.hpp"
#include "grantcheck/store/store.hpp"

namespace grantcheck::store::sql {

enum class ColumnType { kNull, kInt, kText, kBlob };

// One prepared statement: bind parameters 1..N, then step through its rows. Errors throw
// AppError (kInvalidInput for a broken constraint, kUnavailable for anything else).
class Cursor {
public:
    virtual ~Cursor() = default;
    virtual void BindText(int i, std::string_view v) = 0;
    virtual void BindInt(int i, int64_t v) = 0;
    virtual void BindBlob(int i, std::string_view bytes) = 0;
    virtual void BindNull(int i) = 0;
    // Runs the statement on the first call; true while a row is available.
    virtual bool Step() = 0;
    virtual std::string Text(int col) const = 0;
    virtual std::string Blob(int col) const = 0;
    virtual int64_t Int(int col) const = 0;
    virtual bool IsNull(int col) const = 0;
    // The columns of the current row (for copying whole tables).
    virtual int ColumnCount() const = 0;
    virtual std::string ColumnName(int col) const = 0;
    virtual ColumnType Type(int col) const = 0;
    // Forgets the bindings and the result, for the next execution.
    virtual void Reset() = 0;
    // Runs a statement whose rows are not wanted, then Reset()s. A backend may send it without
    // waiting (PostgreSQL's pipeline inside a write transaction): statements still run in
    // order, and a failure is thrown by the next statement that returns rows, or at commit.
    virtual void Execute() {
        while (Step()) {
        }
        Reset();
    }
};

// One database connection. Not thread-safe: a connection is used by one caller at a time
// (the Backend hands it out under a Lease).
class Connection {
public:
    virtual ~Connection() = default;
    // Runs SQL without parameters; it may hold several statements (migrations).
    virtual void Exec(std::string_view sql) = 0;
    // Starts the transaction of a command: writers are serialized across every process using
    // the database, and foreign keys are checked at commit.
    virtual void BeginWrite() = 0;
    // Starts a read-only transaction that sees one committed state throughout.
    virtual void BeginRead() = 0;
    virtual void Commit() = 0;
    virtual void Rollback() noexcept = 0;
    // Throws the backend's AppError for a failure found above the driver (a missing node).
    [[noreturn]] virtual void Fail(const std::string& what) const = 0;

    // A prepared statement for `sql`: the cached one when it is free (preparing costs more
    // than running most statements), else a new one left in `owned`.
    Cursor& Acquire(std::string_view sql, std::unique_ptr<Cursor>& owned);
    // Gives a cached statement back, reset.
    void Release(std::string_view sql, Cursor& cursor);
    // Forgets every prepared statement (after the backend reconnected).
    void ClearCache() { cache_.clear(); }

protected:
    virtual std::unique_ptr<Cursor> Prepare(std::string_view sql) = 0;

private:
    struct Cached {
        std::unique_ptr<Cursor> cursor;
        bool in_use = false;
    };
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, Cached, Hash, std::equal_to<>> cache_;
};

// A connection for one caller until the lease ends.
class Lease {
public:
    Lease(Connection& connection, std::function<void(Connection&)> release)
        : connection_(&connection), release_(std::move(release)) {}
    Lease(Lease&& other) noexcept
        : connection_(std::exchange(other.connection_, nullptr)),
          release_(std::move(other.release_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
        if (connection_ != nullptr && release_) {
            release_(*connection_);
        }
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

private:
    Connection* connection_;
    std::function<void(Connection&)> release_;
};

// What differs between databases, beside the connection itself.
class Backend {
public:
    virtual ~Backend() = default;
    // A connection, waiting for a free one. Throws AppError(kUnavailable) when the database
    // cannot be reached (after trying to reconnect).
    virtual Lease Acquire() = 0;
    // Where its migrations live ("sqlite", "postgres") and their names, in order.
    virtual std::string_view Name() const = 0;
    virtual std::vector<std::string_view> Migrations() const = 0;
    virtual std::optional<std::string_view> Migration(std::string_view name) const = 0;
    // The search statement (?1 the query SearchQuery made, ?2 a kind or '', ?3 the limit;
    // columns kind, id, state, title, snippet with \x02 … \x03 around matches).
    virtual std::string_view SearchSql() const = 0;
    virtual std::string SearchQuery(const std::vector<std::string>& words) const = 0;
    // A statement run inside every command's transaction after its journal row, with ?1 its
    // seq (PostgreSQL: NOTIFY the other processes); empty for none.
    virtual std::string_view NotifySql() const { return {}; }
    // Returns when another process may have committed, or after `timeout`.
    virtual void WaitForChange(std::chrono::milliseconds timeout);
    // Store::HoldWrites: takes the writers' lock of every process until the gate goes away
    // (BeginWrite then does not take it again in this process).
    virtual std::unique_ptr<WriteGate> HoldWrites() = 0;
    // After rows with explicit ids were copied in (import): make new ids follow them.
    virtual void AfterImport(Connection& /*connection*/) {}
};

// A statement of a connection, with typed bindings; gives a cached statement back when it
// goes away. Bindings return *this so they chain: s.Bind(1, a).Bind(2, b).Run().
class Stmt {
public:
    Stmt(Connection& c, std::string_view sql) : conn_(c), sql_(sql) {
        cursor_ = &c.Acquire(sql_, owned_);
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt() {
        if (!owned_) {
            conn_.Release(sql_, *cursor_);
        }
    }

    Stmt& Bind(int i, std::string_view v) {
        cursor_->BindText(i, v);
        return *this;
    }
    Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
    Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
    Stmt& Bind(int i, int64_t v) {
        cursor_->BindInt(i, v);
        return *this;
    }
    Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
    Stmt& Bind(int i, size_t v) { return Bind(i, static_cast<int64_t>(v)); }
    Stmt& BindBlob(int i, std::string_view bytes) {
        cursor_->BindBlob(i, bytes);
        return *this;
    }
    Stmt& Bind(int i, const ledger::Hash& h) {
        return BindBlob(i, std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
    }
    Stmt& BindNull(int i) {
        cursor_->BindNull(i);
        return *this;
    }
    // Binds NULL for an empty string (optional foreign keys).
    Stmt& BindOrNull(int i, const std::string& v) { return v.empty() ? BindNull(i) : Bind(i, v); }
    Stmt& Bind(int i, const std::optional<PartialDate>& d) {
        return d ? Bind(i, d->ToString()) : BindNull(i);
    }

    // Steps once; true when a row is available.
    bool Step() { return cursor_->Step(); }
    // Runs an INSERT/UPDATE (see Cursor::Execute) and resets it for the next bindings.
    void Run() { cursor_->Execute(); }
    void Reset() { cursor_->Reset(); }

    std::string Text(int col) const { return cursor_->Text(col); }
    std::string Blob(int col) const { return cursor_->Blob(col); }
    int64_t Int(int col) const { return cursor_->Int(col); }
    bool IsNull(int col) const { return cursor_->IsNull(col); }
    const Cursor& cursor() const { return *cursor_; }
    ledger::Hash HashAt(int col) const {
        const std::string b = cursor_->Blob(col);
        ledger::Hash h{};
        if (b.size() != h.size()) {
            conn_.Fail("a stored hash is not 32 bytes");
        }
        std::copy(b.begin(), b.end(), h.begin());
        return h;
    }
    std::optional<PartialDate> DateOpt(int col) const {
        if (IsNull(col)) {
            return std::nullopt;
        }
        return PartialDate::Parse(Text(col));
    }
    PartialDate DateReq(int col) const {
        auto d = DateOpt(col);
        if (!d) {
            conn_.Fail("stored date '" + Text(col) + "' does not parse");
        }
        return *d;
    }

private:
    Connection& conn_;
    std::string sql_;
    std::unique_ptr<Cursor> owned_;
    Cursor* cursor_ = nullptr;
};

// Rolls back unless committed.
class Transaction {
public:
    enum class Kind { kWrite, kRead };
    explicit Transaction(Connection& c, Kind kind = Kind::kWrite) : conn_(c) {
        if (kind == Kind::kWrite) {
            conn_.BeginWrite();
        } else {
            conn_.BeginRead();
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (!done_) {
            conn_.Rollback();
        }
    }
    void Commit() {
        conn_.Commit();
        done_ = true;
    }

private:
    Connection& conn_;
    bool done_ = false;
};

}  // namespace grantcheck::store::sql
