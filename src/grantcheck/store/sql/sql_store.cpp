#include "grantcheck/store/sql/sql_store.hpp"

#include <cassert>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/canonical.hpp"

namespace grantcheck::store::sql {
namespace {

using model::Provenance;

constexpr char kSep = '\x1f';

std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i > 0) {
            out += kSep;
        }
        out += v[i];
    }
    return out;
}

std::vector<std::string> Split(std::string_view s) {
    std::vector<std::string> out;
    if (s.empty()) {
        return out;
    }
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(kSep, start);
        out.emplace_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) {
            break;
        }
        start = pos + 1;
    }
    return out;
}

model::Confidence ReadConfidence(const std::string& s) {
    return model::ParseConfidence(s).value_or(model::Confidence::kUnconfirmed);
}

std::string NowUtc() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                       std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// Writes the citations and alternatives of one record.
class ProvenanceWriter {
public:
    explicit ProvenanceWriter(Connection& db)
        : cite_(db,
                "INSERT INTO citation(record_kind, record_id, position, source_id) "
                "VALUES (?1, ?2, ?3, ?4)"),
          alt_(db,
               "INSERT INTO alternative(record_kind, record_id, position, field, value, sources, "
               "note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)") {}

    void Write(std::string_view kind, const std::string& id, const Provenance& p) {
        for (size_t i = 0; i < p.sources.size(); ++i) {
            cite_.Bind(1, kind).Bind(2, id).Bind(3, i).Bind(4, p.sources[i]).Run();
        }
        for (size_t i = 0; i < p.alternatives.size(); ++i) {
            const auto& a = p.alternatives[i];
            alt_.Bind(1, kind).Bind(2, id).Bind(3, i).Bind(4, a.field).Bind(5, a.value);
            alt_.Bind(6, Join(a.sources)).Bind(7, a.note).Run();
        }
    }

private:
    Stmt cite_;
    Stmt alt_;
};

// Reads all citations and alternatives once, then hands them out per record.
class ProvenanceReader {
public:
    // `all`: every record's, read at once (a whole dataset); else each record's when asked.
    explicit ProvenanceReader(Connection& db, bool all = true) : db_(db), all_(all) {
        if (!all) {
            return;
        }
        Stmt cite(db,
                  "SELECT record_kind, record_id, source_id FROM citation "
                  "ORDER BY record_kind, record_id, position");
        while (cite.Step()) {
            cites_[{cite.Text(0), cite.Text(1)}].push_back(cite.Text(2));
        }
        Stmt alt(db,
                 "SELECT record_kind, record_id, field, value, sources, note FROM alternative "
                 "ORDER BY record_kind, record_id, position");
        while (alt.Step()) {
            alts_[{alt.Text(0), alt.Text(1)}].push_back(
                {alt.Text(2), alt.Text(3), Split(alt.Text(4)), alt.Text(5)});
        }
    }

    Provenance Read(const std::string& kind,
                    const std::string& id,
                    const std::string& confidence,
                    std::string note) {
        if (!all_) {
            Load(kind, id);
        }
        Provenance p;
        p.confidence = ReadConfidence(confidence);
        p.note = std::move(note);
        if (auto it = cites_.find({kind, id}); it != cites_.end()) {
            p.sources = std::move(it->second);
        }
        if (auto it = alts_.find({kind, id}); it != alts_.end()) {
            p.alternatives = std::move(it->second);
        }
        return p;
    }

private:
    void Load(const std::string& kind, const std::string& id) {
        Stmt cite(db_,
                  "SELECT source_id FROM citation WHERE record_kind = ?1 AND record_id = ?2 "
                  "ORDER BY position");
        cite.Bind(1, kind).Bind(2, id);
        while (cite.Step()) {
            cites_[{kind, id}].push_back(cite.Text(0));
        }
        Stmt alt(db_,
                 "SELECT field, value, sources, note FROM alternative WHERE record_kind = ?1 "
                 "AND record_id = ?2 ORDER BY position");
        alt.Bind(1, kind).Bind(2, id);
        while (alt.Step()) {
            alts_[{kind, id}].push_back(
                {alt.Text(0), alt.Text(1), Split(alt.Text(2)), alt.Text(3)});
        }
    }

    using Key = std::pair<std::string, std::string>;
    Connection& db_;
    bool all_;
    std::map<Key, std::vector<std::string>> cites_;
    std::map<Key, std::vector<model::Alternative>> alts_;
};

std::string MemberKey(const std::string& list, int version, size_t pos) {
    return fmt::format("{}/{}/{}", list, version, pos);
}
std::string RecipientKey(const std::string& notice, size_t pos) {
    return fmt::format("{}/{}", notice, pos);
}

std::string JoinYears(const std::vector<int>& years) {
    std::vector<std::string> s;
    for (int y : years) {
        s.push_back(std::to_string(y));
    }
    return Join(s);
}

// Complete subtree hashes read from log_node through one connection (inside a command's
// transaction, whose lease the caller holds).
class SqlNodes final : public ledger::NodeSource {
public:
    explicit SqlNodes(Connection& db) : c_(db) {}
    ledger::Hash Node(int level, uint64_t index) const override {
        Stmt s(c_, "SELECT hash FROM log_node WHERE level = ?1 AND idx = ?2");
        s.Bind(1, level).Bind(2, static_cast<int64_t>(index));
        const bool found = s.Step();
        const ledger::Hash h = found ? s.HashAt(0) : ledger::Hash{};
        s.Reset();
        if (!found) {
            c_.Fail(fmt::format("log node ({}, {}) is missing", level, index));
        }
        return h;
    }

private:
    Connection& c_;
};

// The same for readers outside a command: each read takes a connection of its own.
class LeasedNodes final : public ledger::NodeSource {
public:
    explicit LeasedNodes(Backend& backend) : backend_(backend) {}
    ledger::Hash Node(int level, uint64_t index) const override {
        auto lease = backend_.Acquire();
        return SqlNodes(*lease).Node(level, index);
    }

private:
    Backend& backend_;
};

// The tables a whole-store copy takes, parents before children.
constexpr std::string_view kTables[] = {
    "source",         "vocabulary",       "jurisdiction",     "program",
    "condition",      "condition_clause", "designation_list", "list_version",
    "list_member",    "notice",           "notice_recipient", "notice_amendment",
    "legal_case",     "case_party",       "court_order",      "award",
    "response",       "policy",           "provision",        "citation",
    "alternative",    "journal",          "log_entry",        "log_node",
    "log_checkpoint", "record_entry",     "account",          "session",
    "api_token",      "evidence",         "webhook",          "webhook_delivery",
    "draft",          "award_resolution"};

class SqlStore final : public Store, public AccountStore {
public:
    explicit SqlStore(std::unique_ptr<Backend> backend)
        : backend_(std::move(backend)), locked_nodes_(*backend_) {
        Migrate();
    }

    model::Dataset ReadDataset() override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db, Transaction::Kind::kRead);
        auto d = ReadAll(db);
        tx.Commit();
        return d;
    }

    StoredState ReadState() override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db, Transaction::Kind::kRead);
        StoredState state{ReadAll(db), CurrentVersion(db), ReadRecordEntries(db)};
        tx.Commit();
        return state;
    }

    std::optional<StoredChanges> ReadChangesSince(int64_t since) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db, Transaction::Kind::kRead);
        StoredChanges out;
        out.version = CurrentVersion(db);
        if (out.version < since) {
            return std::nullopt;  // another database, or rolled back behind our back
        }
        if (out.version == since) {
            tx.Commit();
            return out;
        }
        // Only partial entries since then: a full one (a load) replaced everything.
        int64_t first = -1;
        {
            Stmt e(db, "SELECT idx, entry FROM log_entry WHERE seq > ?1 ORDER BY idx");
            e.Bind(1, since);
            while (e.Step()) {
                const std::string text = e.Blob(1);
                const std::string_view header(text.data(), std::min(text.find('\n'), text.size()));
                if (header.find("\"partial\":true") == std::string_view::npos) {
                    return std::nullopt;
                }
                if (first < 0) {
                    first = e.Int(0);
                }
            }
        }
        ProvenanceReader prov(db, /*all=*/false);
        Stmt changed(db, "SELECT kind, id, log_index FROM record_entry WHERE log_index >= ?1");
        changed.Bind(1, first);
        while (changed.Step()) {
            const std::string kind = changed.Text(0);
            const std::string id = changed.Text(1);
            if (kind == "notice") {
                ReadNotices(db, out.changed, prov, &id);
            } else if (kind == "response") {
                ReadResponses(db, out.changed, prov, &id);
            } else if (kind == "source") {
                ReadSources(db, out.changed, &id);
            } else {
                return std::nullopt;  // a kind partial commands do not store: read it all
            }
            out.record_entries.emplace(kind + ' ' + id, static_cast<uint64_t>(changed.Int(2)));
        }
        changed.Reset();
        tx.Commit();
        return out;
    }

    void WaitForChange(std::chrono::milliseconds timeout) override {
        backend_->WaitForChange(timeout);
    }

    std::unique_ptr<WriteGate> HoldWrites() override { return backend_->HoldWrites(); }

    JournalEntry ReplaceDataset(const model::Dataset& data, const CommandRecord& command) override {
        std::lock_guard write(write_mutex_);
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db);
        CheckBasedOn(db, command);
        for (auto table : {"citation",         "alternative",      "provision",
                           "policy",           "response",         "notice_amendment",
                           "condition_clause", "vocabulary",       "award",
                           "court_order",      "case_party",       "legal_case",
                           "notice_recipient", "notice",           "list_member",
                           "list_version",     "designation_list", "condition",
                           "program",          "jurisdiction",     "source"}) {
            db.Exec(fmt::format("DELETE FROM {}", table));
        }
        WriteAll(db, data);
        auto entry = Journal(db, command, ledger::CanonicalRecords(data), /*full=*/true);
        IndexForSearch(db, data);
        tx.Commit();
        return entry;
    }

    JournalEntry PutRecords(const model::Dataset& changed, const CommandRecord& command) override {
        std::lock_guard write(write_mutex_);
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db);
        CheckBasedOn(db, command);
        auto entry = PutOne(db, changed, command);
        tx.Commit();
        return entry;
    }

    std::vector<JournalEntry> PutRecordsGrouped(
        std::span<const std::pair<model::Dataset, CommandRecord>> commands) override {
        std::lock_guard write(write_mutex_);
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db);
        std::vector<JournalEntry> out;
        out.reserve(commands.size());
        for (const auto& [changed, command] : commands) {
            out.push_back(PutOne(db, changed, command));
        }
        tx.Commit();
        return out;
    }

    // One command of PutRecords, inside the caller's transaction and lock.
    JournalEntry PutOne(Connection& db,
                        const model::Dataset& changed,
                        const CommandRecord& command) {
        assert(changed.jurisdictions.empty() && changed.lists.empty() &&
               changed.conditions.empty() && changed.programs.empty() && changed.cases.empty() &&
               changed.awards.empty() && changed.policies.empty() && changed.vocabulary.empty());
        // Remove what the changed records replace, with their rows in other tables.
        Stmt prov_del(db, "DELETE FROM citation WHERE record_kind = ?1 AND record_id = ?2");
        Stmt alt_del(db, "DELETE FROM alternative WHERE record_kind = ?1 AND record_id = ?2");
        auto drop_prov = [&](std::string_view kind, const std::string& id) {
            prov_del.Bind(1, kind).Bind(2, id).Run();
            alt_del.Bind(1, kind).Bind(2, id).Run();
        };
        for (const auto& n : changed.notices) {
            drop_prov("notice", n.id);
            Stmt count(db, "SELECT count(*) FROM notice_recipient WHERE notice_id = ?1");
            count.Bind(1, n.id);
            count.Step();
            for (int64_t i = 0; i < count.Int(0); ++i) {
                drop_prov("notice_recipient", RecipientKey(n.id, static_cast<size_t>(i)));
            }
            for (auto table : {"notice_recipient", "notice_amendment"}) {
                Stmt s(db, fmt::format("DELETE FROM {} WHERE notice_id = ?1", table));
                s.Bind(1, n.id).Run();
            }
            Stmt s(db, "DELETE FROM notice WHERE id = ?1");
            s.Bind(1, n.id).Run();
        }
        for (const auto& r : changed.responses) {
            drop_prov("response", r.id);
            Stmt s(db, "DELETE FROM response WHERE id = ?1");
            s.Bind(1, r.id).Run();
        }
        for (const auto& r : changed.sources) {
            Stmt s(db, "DELETE FROM source WHERE id = ?1");
            s.Bind(1, r.id).Run();
        }
        WriteAll(db, changed);
        IndexForSearch(db, changed, /*whole=*/false);
        return Journal(db, command, ledger::CanonicalRecords(changed), /*full=*/false);
    }

    std::vector<JournalEntry> ReadJournal(int64_t after, size_t limit) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "SELECT seq, command, actor, recorded_at, summary FROM journal WHERE seq > ?1 "
               "ORDER BY seq LIMIT ?2");
        s.Bind(1, after).Bind(2, limit);
        std::vector<JournalEntry> out;
        while (s.Step()) {
            out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
        }
        return out;
    }

    int64_t Version() override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        return CurrentVersion(db);
    }

    std::vector<LogEntry> ReadLog(uint64_t start, uint64_t end) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "SELECT idx, leaf_hash, entry FROM log_entry WHERE idx >= ?1 AND idx < ?2 "
               "ORDER BY idx");
        s.Bind(1, static_cast<int64_t>(start)).Bind(2, static_cast<int64_t>(end));
        std::vector<LogEntry> out;
        while (s.Step()) {
            out.push_back({static_cast<uint64_t>(s.Int(0)), s.HashAt(1), s.Blob(2)});
        }
        return out;
    }

    uint64_t LogSize() override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        return CurrentLogSize(db);
    }

    const ledger::NodeSource& LogNodes() override { return locked_nodes_; }

    void SaveCheckpoint(uint64_t size, const std::string& note) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO log_checkpoint(size, note, created_at) VALUES (?1, ?2, ?3) "
               "ON CONFLICT(size) DO NOTHING");
        s.Bind(1, static_cast<int64_t>(size)).Bind(2, note).Bind(3, NowUtc()).Run();
    }

    std::optional<std::string> Checkpoint(uint64_t size) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, "SELECT note FROM log_checkpoint WHERE size = ?1");
        s.Bind(1, static_cast<int64_t>(size));
        if (!s.Step()) {
            return std::nullopt;
        }
        return s.Text(0);
    }

    std::vector<SearchHit> Search(std::string_view query,
                                  std::string_view kind,
                                  size_t limit) override {
        // The words, without the quotes either search syntax uses; the backend quotes each
        // so that no input is search syntax, and matches the last as a prefix, as people type.
        std::string word;
        std::vector<std::string> words;
        for (char ch : std::string(query) + " ") {
            if (std::isspace(static_cast<unsigned char>(ch)) != 0) {
                if (!word.empty() && words.size() < 12) {
                    words.push_back(word);
                }
                word.clear();
            } else if (ch != '"') {
                word += ch;
            }
        }
        std::vector<SearchHit> out;
        if (words.empty()) {
            return out;
        }
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, backend_->SearchSql());
        s.Bind(1, backend_->SearchQuery(words)).Bind(2, kind).Bind(3, limit);
        while (s.Step()) {
            out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
        }
        return out;
    }

    std::unordered_map<std::string, uint64_t> RecordEntries() override {
        auto lease = backend_->Acquire();
        return ReadRecordEntries(*lease);
    }

    std::vector<std::pair<uint64_t, std::string>> Checkpoints() override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, "SELECT size, note FROM log_checkpoint ORDER BY size");
        std::vector<std::pair<uint64_t, std::string>> out;
        while (s.Step()) {
            out.emplace_back(static_cast<uint64_t>(s.Int(0)), s.Text(1));
        }
        return out;
    }

    std::optional<std::pair<uint64_t, std::string>> LatestCheckpoint() override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, "SELECT size, note FROM log_checkpoint ORDER BY size DESC LIMIT 1");
        if (!s.Step()) {
            return std::nullopt;
        }
        return std::pair{static_cast<uint64_t>(s.Int(0)), s.Text(1)};
    }

    AccountStore& accounts() override { return *this; }

    // The first row `sql` gives with `bind`'s bindings, read by `read`; nullopt for none.
    template <typename Read, typename Bind>
    auto One(const std::string& sql, const Bind& bind, const Read& read)
        -> std::optional<decltype(read(std::declval<const Stmt&>()))> {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, sql);
        bind(s);
        if (!s.Step()) {
            return std::nullopt;
        }
        return read(s);
    }
    // Every row, read by `read`.
    template <typename Read, typename Bind>
    auto All(const std::string& sql, const Bind& bind, const Read& read)
        -> std::vector<decltype(read(std::declval<const Stmt&>()))> {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, sql);
        bind(s);
        std::vector<decltype(read(std::declval<const Stmt&>()))> out;
        while (s.Step()) {
            out.push_back(read(s));
        }
        return out;
    }
    static void NoBindings(Stmt&) {}
    // Runs a statement that ends in RETURNING id: the id of its row, nullopt for none.
    static std::optional<int64_t> Returning(Stmt& s) {
        std::optional<int64_t> id;
        if (s.Step()) {
            id = s.Int(0);
        }
        s.Run();
        return id;
    }

    // AccountStore. Each call is one statement (or one transaction), under the store's mutex.
    int64_t AddAccount(const Account& a) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO account(email, name, role, scope, password_hash, disabled, created_at) "
               "VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT DO NOTHING RETURNING id");
        s.Bind(1, a.email).Bind(2, a.name).Bind(3, a.role).Bind(4, a.scope);
        s.Bind(5, a.password_hash).Bind(6, a.disabled ? 1 : 0).Bind(7, NowUtc());
        const auto id = Returning(s);
        if (!id) {
            throw Conflict("email: an account with the address '{}' exists already", a.email);
        }
        return *id;
    }

    static constexpr std::string_view kAccountColumns =
        "SELECT id, email, name, role, scope, password_hash, disabled, failed_logins, "
        "locked_until, created_at FROM account ";

    static Account ReadAccount(const Stmt& s) {
        return {s.Int(0),  s.Text(1), s.Text(2),     s.Text(3),
                s.Text(4), s.Text(5), s.Int(6) != 0, static_cast<int>(s.Int(7)),
                s.Text(8), s.Text(9)};
    }

    std::optional<Account> FindAccount(std::string_view email) override {
        return One(
            std::string(kAccountColumns) + "WHERE lower(email) = lower(?1)",
            [&](Stmt& s) { s.Bind(1, email); }, ReadAccount);
    }

    std::optional<Account> AccountById(int64_t id) override {
        return One(
            std::string(kAccountColumns) + "WHERE id = ?1", [&](Stmt& s) { s.Bind(1, id); },
            ReadAccount);
    }

    void UpdateAccount(const Account& a) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "UPDATE account SET name = ?2, role = ?3, scope = ?4, password_hash = ?5, "
               "disabled = ?6, failed_logins = ?7, locked_until = ?8 WHERE id = ?1");
        s.Bind(1, a.id).Bind(2, a.name).Bind(3, a.role).Bind(4, a.scope);
        s.Bind(5, a.password_hash).Bind(6, a.disabled ? 1 : 0).Bind(7, a.failed_logins);
        s.Bind(8, a.locked_until).Run();
    }

    std::vector<Account> Accounts() override {
        return All(std::string(kAccountColumns) + "ORDER BY id", NoBindings, ReadAccount);
    }

    void PutSession(const std::string& token_hash, const SessionRecord& r) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt del(db, "DELETE FROM session WHERE expires_at < ?1");  // forget expired ones
        del.Bind(1, NowUtc()).Run();
        Stmt s(
            db,
            "INSERT INTO session(token_hash, account_id, csrf, expires_at) VALUES (?1,?2,?3,?4)");
        s.Bind(1, token_hash).Bind(2, r.account_id).Bind(3, r.csrf).Bind(4, r.expires_at).Run();
    }

    std::optional<SessionRecord> FindSession(const std::string& token_hash) override {
        return One(
            "SELECT account_id, csrf, expires_at FROM session WHERE token_hash = ?1",
            [&](Stmt& s) { s.Bind(1, token_hash); },
            [](const Stmt& s) {
                return SessionRecord{s.Int(0), s.Text(1), s.Text(2)};
            });
    }

    void DeleteSession(const std::string& token_hash) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, "DELETE FROM session WHERE token_hash = ?1");
        s.Bind(1, token_hash).Run();
    }

    void DeleteSessions(int64_t account_id) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, "DELETE FROM session WHERE account_id = ?1");
        s.Bind(1, account_id).Run();
    }

    int64_t AddToken(const std::string& token_hash, const ApiTokenRecord& t) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO api_token(token_hash, account_id, name, scope, expires_at, created_at) "
               "VALUES (?1,?2,?3,?4,?5,?6) RETURNING id");
        s.Bind(1, token_hash).Bind(2, t.account_id).Bind(3, t.name).Bind(4, t.scope);
        s.Bind(5, t.expires_at).Bind(6, NowUtc());
        return Returning(s).value();
    }

    static constexpr std::string_view kTokenColumns =
        "SELECT id, account_id, name, scope, expires_at, revoked, created_at FROM api_token ";

    static ApiTokenRecord ReadToken(const Stmt& s) {
        return {s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5) != 0, s.Text(6)};
    }

    std::optional<ApiTokenRecord> FindToken(const std::string& token_hash) override {
        return One(
            std::string(kTokenColumns) + "WHERE token_hash = ?1",
            [&](Stmt& s) { s.Bind(1, token_hash); }, ReadToken);
    }

    std::vector<ApiTokenRecord> Tokens(int64_t account_id) override {
        return All(
            std::string(kTokenColumns) + "WHERE account_id = ?1 ORDER BY id",
            [&](Stmt& s) { s.Bind(1, account_id); }, ReadToken);
    }

    bool RevokeToken(int64_t token_id, int64_t account_id) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "UPDATE api_token SET revoked = 1 WHERE id = ?1 AND account_id = ?2 RETURNING id");
        s.Bind(1, token_id).Bind(2, account_id);
        return Returning(s).has_value();
    }

    void PutEvidence(const std::string& sha256,
                     std::string_view content,
                     int64_t uploaded_by) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO evidence(sha256, size, content, uploaded_by, uploaded_at) "
               "VALUES (?1,?2,?3,?4,?5) ON CONFLICT(sha256) DO NOTHING");
        s.Bind(1, sha256).Bind(2, content.size()).BindBlob(3, content);
        s.Bind(4, uploaded_by).Bind(5, NowUtc()).Run();
    }

    std::optional<std::string> Evidence(const std::string& sha256) override {
        return One(
            "SELECT content FROM evidence WHERE sha256 = ?1", [&](Stmt& s) { s.Bind(1, sha256); },
            [](const Stmt& s) { return s.Blob(0); });
    }

    std::optional<int64_t> EvidenceUploader(const std::string& sha256) override {
        return One(
            "SELECT uploaded_by FROM evidence WHERE sha256 = ?1",
            [&](Stmt& s) { s.Bind(1, sha256); }, [](const Stmt& s) { return s.Int(0); });
    }

    bool HasEvidence(const std::string& sha256) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db, "SELECT 1 FROM evidence WHERE sha256 = ?1");
        s.Bind(1, sha256);
        return s.Step();
    }

    int64_t AddWebhook(const Webhook& w) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO webhook(url, secret, created_at, active) VALUES (?1,?2,?3,?4) "
               "RETURNING id");
        s.Bind(1, w.url).Bind(2, w.secret).Bind(3, NowUtc()).Bind(4, w.active ? 1 : 0);
        return Returning(s).value();
    }

    std::vector<Webhook> Webhooks() override {
        return All("SELECT id, url, secret, active, created_at FROM webhook ORDER BY id",
                   NoBindings, [](const Stmt& s) {
                       return Webhook{s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Text(4)};
                   });
    }

    void EnqueueDeliveries(const std::string& event_key,
                           const std::string& payload,
                           const std::string& now) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO webhook_delivery(webhook_id, event_key, payload, next_attempt) "
               "SELECT id, CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT) FROM webhook "
               "WHERE active = 1 "
               "ON CONFLICT(webhook_id, event_key) DO NOTHING");
        s.Bind(1, event_key).Bind(2, payload).Bind(3, now).Run();
    }

    static constexpr std::string_view kDeliveryColumns =
        "SELECT d.id, d.webhook_id, w.url, w.secret, d.event_key, d.payload, d.attempts, "
        "d.next_attempt, d.status, d.last_error, d.delivered_at "
        "FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id ";

    static WebhookDelivery ReadDelivery(const Stmt& s) {
        return {s.Int(0),
                s.Int(1),
                s.Text(2),
                s.Text(3),
                s.Text(4),
                s.Text(5),
                static_cast<int>(s.Int(6)),
                s.Text(7),
                s.Text(8),
                s.Text(9),
                s.Text(10)};
    }

    std::vector<WebhookDelivery> ClaimDueDeliveries(const std::string& now,
                                                    const std::string& claim_until,
                                                    size_t limit) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        // The outer condition is checked again on each row as it is updated, so two processes
        // claiming at once never both get a delivery.
        Stmt claim(db,
                   "UPDATE webhook_delivery SET next_attempt = ?2 "
                   "WHERE status = 'pending' AND next_attempt <= ?1 AND id IN "
                   "(SELECT id FROM webhook_delivery WHERE status = 'pending' AND "
                   "next_attempt <= ?1 ORDER BY id LIMIT ?3) RETURNING id");
        claim.Bind(1, now).Bind(2, claim_until).Bind(3, limit);
        std::vector<int64_t> ids;
        while (claim.Step()) {
            ids.push_back(claim.Int(0));
        }
        claim.Reset();
        std::sort(ids.begin(), ids.end());
        std::vector<WebhookDelivery> out;
        Stmt read(db, std::string(kDeliveryColumns) + "WHERE d.id = ?1");
        for (int64_t id : ids) {
            read.Bind(1, id);
            if (read.Step()) {
                out.push_back(ReadDelivery(read));
            }
            read.Reset();
        }
        return out;
    }

    void UpdateDelivery(const WebhookDelivery& d) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "UPDATE webhook_delivery SET attempts = ?2, next_attempt = ?3, status = ?4, "
               "last_error = ?5, delivered_at = ?6 WHERE id = ?1");
        s.Bind(1, d.id).Bind(2, d.attempts).Bind(3, d.next_attempt).Bind(4, d.status);
        s.Bind(5, d.last_error).Bind(6, d.delivered_at).Run();
    }

    std::vector<WebhookDelivery> Deliveries(size_t limit) override {
        return All(
            std::string(kDeliveryColumns) + "ORDER BY d.id DESC LIMIT ?1",
            [&](Stmt& s) { s.Bind(1, limit); }, ReadDelivery);
    }

    int64_t AddDraft(const Draft& d) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO draft(kind, program, author, body, summary, created_at) "
               "VALUES (?1,?2,?3,?4,?5,?6) RETURNING id");
        s.Bind(1, d.kind).Bind(2, d.program).Bind(3, d.author).Bind(4, d.body);
        s.Bind(5, d.summary).Bind(6, NowUtc());
        return Returning(s).value();
    }

    static constexpr std::string_view kDraftColumns =
        "SELECT id, kind, program, author, body, summary, created_at, released_as FROM draft ";

    static Draft ReadDraft(const Stmt& s) {
        return {s.Int(0),  s.Text(1), s.Text(2), s.Int(3),
                s.Text(4), s.Text(5), s.Text(6), s.Text(7)};
    }

    std::optional<Draft> FindDraft(int64_t id) override {
        return One(
            std::string(kDraftColumns) + "WHERE id = ?1", [&](Stmt& s) { s.Bind(1, id); },
            ReadDraft);
    }

    std::vector<Draft> Drafts() override {
        return All(std::string(kDraftColumns) + "ORDER BY id DESC LIMIT 1000", NoBindings,
                   ReadDraft);
    }

    void PutAwardResolution(const std::string& award_key, const std::string& geoid) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "INSERT INTO award_resolution(award_key, geoid, resolved_at) VALUES (?1,?2,?3) "
               "ON CONFLICT(award_key) DO UPDATE SET geoid = excluded.geoid, "
               "resolved_at = excluded.resolved_at");
        s.Bind(1, award_key).Bind(2, geoid).Bind(3, NowUtc()).Run();
    }

    std::map<std::string, std::string> AwardResolutions() override {
        std::map<std::string, std::string> out;
        for (auto& [k, v] :
             All("SELECT award_key, geoid FROM award_resolution", NoBindings, [](const Stmt& s) {
                 return std::pair{s.Text(0), s.Text(1)};
             })) {
            out.emplace(std::move(k), std::move(v));
        }
        return out;
    }

    bool MarkDraftReleased(int64_t id, const std::string& record) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Stmt s(db,
               "UPDATE draft SET released_as = ?2 WHERE id = ?1 AND released_as = '' "
               "RETURNING id");
        s.Bind(1, id).Bind(2, record);
        return Returning(s).has_value();
    }

    void ExportTables(const std::function<void(const TableRow&)>& sink) override {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db, Transaction::Kind::kRead);
        TableRow row;
        for (auto table : kTables) {
            // The table names are this file's constants, never input.
            Stmt s(db, fmt::format("SELECT * FROM {} ORDER BY 1, 2, 3", table));
            row.table = table;
            while (s.Step()) {
                const Cursor& cur = s.cursor();
                row.columns.clear();
                for (int i = 0; i < cur.ColumnCount(); ++i) {
                    TableRow::Value v;
                    switch (cur.Type(i)) {
                        case ColumnType::kNull:
                            break;
                        case ColumnType::kInt:
                            v.type = TableRow::Value::Type::kInt;
                            v.i = cur.Int(i);
                            break;
                        case ColumnType::kText:
                            v.type = TableRow::Value::Type::kText;
                            v.s = cur.Text(i);
                            break;
                        case ColumnType::kBlob:
                            v.type = TableRow::Value::Type::kBlob;
                            v.s = cur.Blob(i);
                            break;
                    }
                    row.columns.emplace_back(cur.ColumnName(i), std::move(v));
                }
                sink(row);
            }
        }
        tx.Commit();
    }

    void ImportTables(const std::function<bool(TableRow&)>& next) override {
        std::lock_guard write(write_mutex_);
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        Transaction tx(db);
        {
            Stmt s(db, "SELECT (SELECT COUNT(*) FROM journal) + (SELECT COUNT(*) FROM account)");
            s.Step();
            if (s.Int(0) != 0) {
                throw Conflict(
                    "db: the database holds records or accounts already; import into a new, "
                    "empty one (grantcheck migrate --db ... makes its tables)");
            }
        }
        // The columns of each table, read from the database itself: a name in the file that
        // is not one of them is refused before it reaches SQL.
        std::map<std::string, std::set<std::string>, std::less<>> columns;
        for (auto table : kTables) {
            Stmt s(db, fmt::format("SELECT * FROM {} LIMIT 0", table));
            s.Step();
            for (int i = 0; i < s.cursor().ColumnCount(); ++i) {
                columns[std::string(table)].insert(s.cursor().ColumnName(i));
            }
        }
        TableRow row;
        for (size_t n = 1; next(row); ++n) {
            auto known = columns.find(row.table);
            if (known == columns.end()) {
                throw InvalidInput("row {}: table: '{}' is not a table grantcheck copies", n,
                                   row.table);
            }
            std::string names;
            std::string params;
            for (size_t i = 0; i < row.columns.size(); ++i) {
                if (!known->second.contains(row.columns[i].first)) {
                    throw InvalidInput("row {}: column: table {} has no column '{}'", n, row.table,
                                       row.columns[i].first);
                }
                names += (i > 0 ? ", " : "") + row.columns[i].first;
                params += fmt::format("{}?{}", i > 0 ? ", " : "", i + 1);
            }
            Stmt s(db, fmt::format("INSERT INTO {}({}) VALUES ({})", row.table, names, params));
            for (size_t i = 0; i < row.columns.size(); ++i) {
                const auto& v = row.columns[i].second;
                const int at = static_cast<int>(i + 1);
                switch (v.type) {
                    case TableRow::Value::Type::kNull:
                        s.BindNull(at);
                        break;
                    case TableRow::Value::Type::kInt:
                        s.Bind(at, v.i);
                        break;
                    case TableRow::Value::Type::kText:
                        s.Bind(at, v.s);
                        break;
                    case TableRow::Value::Type::kBlob:
                        s.BindBlob(at, v.s);
                        break;
                }
            }
            s.Run();
        }
        IndexForSearch(db, ReadAll(db));
        backend_->AfterImport(db);
        tx.Commit();
        frontier_ = {};  // read again from the copied nodes at the next append
    }

private:
    // Indexes for search the records a command stored (inside its transaction): all of them
    // anew (`whole`: a load), or just these, replacing their earlier rows.
    void IndexForSearch(Connection& db, const model::Dataset& d, bool whole = true) {
        if (whole) {
            db.Exec("DELETE FROM search_index");
        }
        Stmt drop(db, "DELETE FROM search_index WHERE kind = ?1 AND id = ?2");
        Stmt s(db,
               "INSERT INTO search_index(kind, id, state, title, body) VALUES (?1,?2,?3,?4,?5)");
        std::unordered_map<std::string, std::string> usps;
        for (const auto& j : d.jurisdictions) {
            usps.emplace(j.geoid, j.usps);
        }
        auto state = [&usps](const std::string& geoid) {
            auto it = usps.find(geoid);
            return it == usps.end() ? std::string() : it->second;
        };
        auto add = [&](std::string_view kind, const std::string& id, const std::string& st,
                       const std::string& title, const std::string& body) {
            if (!whole) {
                drop.Bind(1, kind).Bind(2, id).Run();
            }
            s.Bind(1, kind).Bind(2, id).Bind(3, st).Bind(4, title).Bind(5, body).Run();
        };
        for (const auto& j : d.jurisdictions) {
            if (j.kind == model::JurisdictionKind::kCity ||
                j.kind == model::JurisdictionKind::kCounty ||
                j.kind == model::JurisdictionKind::kState ||
                j.kind == model::JurisdictionKind::kDistrict ||
                j.kind == model::JurisdictionKind::kTerritory) {
                add("jurisdiction", j.geoid, j.usps, model::DisplayName(j), j.provenance.note);
            }
        }
        for (const auto& p : d.policies) {
            std::string body = p.citation + "\n" + p.summary;
            for (const auto& v : p.provisions) {
                body += "\n" + v.summary + " " + v.citation;
            }
            add("policy", p.id, state(p.jurisdiction), p.title, body);
        }
        for (const auto& n : d.notices) {
            add("notice", n.id, "", n.title, n.summary + "\n" + n.sender + " " + n.signer);
        }
        for (const auto& c : d.cases) {
            add("case", c.id, "", c.title,
                c.court + " " + c.docket + " " + c.judge + "\n" + c.outcome);
            for (const auto& o : c.orders) {
                add("order", c.id + "#" + o.id, "", c.title, o.summary + " " + o.citation);
            }
        }
        for (const auto& l : d.lists) {
            add("list", l.id, "", l.title, l.issuer + "\n" + l.basis);
        }
        for (const auto& src : d.sources) {
            add("source", src.id, "", src.title, src.publisher + " " + src.url);
        }
    }

    uint64_t CurrentLogSize(Connection& db) {
        Stmt s(db, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entry");
        s.Step();
        return static_cast<uint64_t>(s.Int(0));
    }

    // Appends the command's entry to the log, inside the open transaction: its canonical text,
    // its leaf hash, and every complete subtree hash the new leaf completes.
    // Records a command in the journal and appends its log entry, inside the open transaction.
    JournalEntry Journal(Connection& db,
                         const CommandRecord& command,
                         const std::string& records,
                         bool full) {
        // The seq is assigned here, under the write lock every process takes, so it has no
        // gaps (a database sequence would skip the values of rolled-back transactions).
        const int64_t latest = CurrentVersion(db);
        if (command.based_on >= 0 && command.based_on != latest) {
            throw StaleState(command.based_on, latest);
        }
        JournalEntry entry{
            latest + 1, command.command, command.actor, NowUtc(), command.summary, 0, {}, 0, {}};
        Stmt j(db,
               "INSERT INTO journal(seq, command, actor, recorded_at, summary) "
               "VALUES (?1,?2,?3,?4,?5)");
        j.Bind(1, entry.seq).Bind(2, entry.command).Bind(3, entry.actor);
        j.Bind(4, entry.recorded_at).Bind(5, entry.summary).Run();
        if (const auto notify = backend_->NotifySql(); !notify.empty()) {
            Stmt(db, notify).Bind(1, std::to_string(entry.seq)).Run();
        }
        AppendLog(db, entry, records, full);
        return entry;
    }

    // Appends the log entry of a command. `full`: `records` are every record there is (a load);
    // otherwise they are the records the command added or changed.
    void AppendLog(Connection& db, JournalEntry& entry, const std::string& records, bool full) {
        const uint64_t index = CurrentLogSize(db);
        std::string prev;
        if (index > 0) {
            Stmt p(db, "SELECT leaf_hash FROM log_entry WHERE idx = ?1");
            p.Bind(1, static_cast<int64_t>(index - 1));
            p.Step();
            prev = ledger::ToHex(p.HashAt(0));
        }
        const auto count = std::count(records.begin(), records.end(), '\n');
        ledger::CanonicalObject header;
        header.Set("v", int64_t{1})
            .Set("index", static_cast<int64_t>(index))
            .Set("seq", entry.seq)
            .Set("command", entry.command)
            .Set("actor", entry.actor)
            .Set("time", entry.recorded_at)
            .Set("summary", entry.summary)
            .Set("prev", prev)
            .Set("records", static_cast<int64_t>(count));
        if (!full) {
            header.SetBool("partial", true);
        }
        const std::string text = header.Str() + "\n" + records;
        TrackRecords(db, records, index, full);
        entry.log_index = index;
        entry.leaf_hash = ledger::LeafHash(text);
        Stmt e(db, "INSERT INTO log_entry(idx, seq, leaf_hash, entry) VALUES (?1, ?2, ?3, ?4)");
        e.Bind(1, static_cast<int64_t>(index)).Bind(2, entry.seq).Bind(3, entry.leaf_hash);
        e.BindBlob(4, text).Run();
        // The right edge of the tree, kept between appends so that an append reads no nodes.
        // After a rolled-back transaction it is ahead of the stored log, and is read again.
        if (frontier_.size() != index) {
            frontier_ = ledger::Frontier::Of(SqlNodes(db), index);
        }
        Stmt n(db, "INSERT INTO log_node(level, idx, hash) VALUES (?1, ?2, ?3)");
        for (const auto& node : frontier_.Append(entry.leaf_hash)) {
            n.Bind(1, node.level).Bind(2, static_cast<int64_t>(node.index)).Bind(3, node.hash);
            n.Run();
        }
        entry.tree_size = index + 1;
        entry.root = frontier_.Root();
    }

    // Notes, for each record whose canonical line is new or changed, that entry `index` changed
    // it; forgets records the entry no longer holds.
    void TrackRecords(Connection& db, std::string_view records, uint64_t index, bool full) {
        std::unordered_map<std::string, ledger::Hash> known;
        if (full) {
            Stmt s(db, "SELECT kind, id, line_hash FROM record_entry");
            while (s.Step()) {
                known.emplace(s.Text(0) + ' ' + s.Text(1), s.HashAt(2));
            }
        }
        Stmt upsert(db,
                    "INSERT INTO record_entry(kind, id, line_hash, log_index) VALUES (?1,?2,?3,?4) "
                    "ON CONFLICT(kind, id) DO UPDATE SET line_hash = excluded.line_hash, "
                    "log_index = excluded.log_index");
        while (!records.empty()) {
            const size_t nl = records.find('\n');
            const std::string_view line = records.substr(0, nl);
            records.remove_prefix(nl == std::string_view::npos ? records.size() : nl + 1);
            const auto parsed = ledger::RecordLineKey(line);
            if (!parsed) {
                continue;
            }
            const auto& [kind, id] = *parsed;
            const auto hash = ledger::Sha256(line);
            auto it = known.find(kind + ' ' + id);
            if (it != known.end()) {
                const bool same = it->second == hash;
                known.erase(it);
                if (same) {
                    continue;
                }
            }
            upsert.Bind(1, kind).Bind(2, id).Bind(3, hash).Bind(4, static_cast<int64_t>(index));
            upsert.Run();
        }
        Stmt del(db, "DELETE FROM record_entry WHERE kind = ?1 AND id = ?2");
        for (const auto& [key, hash] : known) {  // empty unless `full`
            const size_t space = key.find(' ');
            del.Bind(1, key.substr(0, space)).Bind(2, key.substr(space + 1)).Run();
        }
    }

    // Refuses a command checked against an older state before anything of it is written.
    void CheckBasedOn(Connection& db, const CommandRecord& command) {
        if (command.based_on >= 0) {
            if (const int64_t latest = CurrentVersion(db); latest != command.based_on) {
                throw StaleState(command.based_on, latest);
            }
        }
    }

    int64_t CurrentVersion(Connection& db) {
        Stmt s(db, "SELECT COALESCE(MAX(seq), 0) FROM journal");
        s.Step();
        return s.Int(0);
    }

    // Applies the backend's numbered migrations that the database lacks, in one write
    // transaction (so two processes starting at once migrate once).
    void Migrate() {
        auto lease = backend_->Acquire();
        Connection& db = *lease;
        // The usual start finds every migration applied: it takes no lock, so a read-only
        // command never waits behind another process's write.
        const auto applied = AppliedMigrations(db);
        const auto wanted = backend_->Migrations();
        if (std::all_of(wanted.begin(), wanted.end(),
                        [&](std::string_view m) { return applied.contains(std::string(m)); })) {
            return;
        }
        Transaction tx(db);
        db.Exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT "
            "NOT NULL)");
        for (auto name : backend_->Migrations()) {
            Stmt check(db, "SELECT 1 FROM schema_migrations WHERE name = ?1");
            check.Bind(1, name);
            if (check.Step()) {
                continue;
            }
            check.Reset();
            auto sql = backend_->Migration(name);
            if (!sql) {
                throw AppError(ErrorCode::kInternal, "a migration is missing from the build",
                               fmt::format("{}/{}", backend_->Name(), name));
            }
            db.Exec(*sql);
            Stmt rec(db, "INSERT INTO schema_migrations(name, applied_at) VALUES (?1, ?2)");
            rec.Bind(1, name).Bind(2, NowUtc()).Run();
        }
        tx.Commit();
    }

    // The migrations a database has; none when it has no schema yet (the table is missing).
    static std::set<std::string> AppliedMigrations(Connection& db) {
        std::set<std::string> out;
        try {
            Stmt s(db, "SELECT name FROM schema_migrations");
            while (s.Step()) {
                out.insert(s.Text(0));
            }
        } catch (const AppError&) {
            // a new database: Migrate makes the table under the write lock
        }
        return out;
    }

    std::unordered_map<std::string, uint64_t> ReadRecordEntries(Connection& db) {
        Stmt s(db, "SELECT kind, id, log_index FROM record_entry");
        std::unordered_map<std::string, uint64_t> out;
        while (s.Step()) {
            out.emplace(s.Text(0) + ' ' + s.Text(1), static_cast<uint64_t>(s.Int(2)));
        }
        return out;
    }

    void WriteAll(Connection& db, const model::Dataset& d) {
        ProvenanceWriter prov(db);
        {
            Stmt s(db,
                   "INSERT INTO source(id, url, title, publisher, date, reliability) "
                   "VALUES (?1,?2,?3,?4,?5,?6)");
            for (const auto& r : d.sources) {
                s.Bind(1, r.id).Bind(2, r.url).Bind(3, r.title).Bind(4, r.publisher);
                s.Bind(5, r.date).Bind(6, r.reliability).Run();
            }
        }
        {
            Stmt s(db, "INSERT INTO vocabulary(id, kind, description) VALUES (?1,?2,?3)");
            for (const auto& t : d.vocabulary) {
                s.Bind(1, t.id).Bind(2, t.kind).Bind(3, t.description).Run();
            }
        }
        {
            Stmt s(db,
                   "INSERT INTO jurisdiction(geoid, kind, name, state_geoid, county_geoid, usps, "
                   "ocd_id, confidence, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
            for (const auto& r : d.jurisdictions) {
                s.Bind(1, r.geoid).Bind(2, ToString(r.kind)).Bind(3, r.name);
                s.Bind(4, r.state_geoid).Bind(5, r.county_geoid).Bind(6, r.usps).Bind(7, r.ocd_id);
                s.Bind(8, ToString(r.provenance.confidence)).Bind(9, r.provenance.note).Run();
                prov.Write("jurisdiction", r.geoid, r.provenance);
            }
        }
        {
            Stmt s(db,
                   "INSERT INTO program(id, name, agency, assistance_listing, description, "
                   "confidence, note) VALUES (?1,?2,?3,?4,?5,?6,?7)");
            for (const auto& r : d.programs) {
                s.Bind(1, r.id).Bind(2, r.name).Bind(3, r.agency).Bind(4, r.assistance_listing);
                s.Bind(5, r.description).Bind(6, ToString(r.provenance.confidence));
                s.Bind(7, r.provenance.note).Run();
                prov.Write("program", r.id, r.provenance);
            }
        }
        {
            Stmt s(db,
                   "INSERT INTO condition(id, program, fiscal_years, title, summary, statute, "
                   "evidence, award_condition, confidence, note, applies_from, applies_until, "
                   "recipient_kinds) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
            Stmt clause(db,
                        "INSERT INTO condition_clause(condition_id, position, kind, provision, "
                        "unless) VALUES (?1,?2,?3,?4,?5)");
            for (const auto& r : d.conditions) {
                s.Bind(1, r.id).Bind(2, r.program).Bind(3, JoinYears(r.fiscal_years));
                s.Bind(4, r.title).Bind(5, r.summary).Bind(6, r.statute).Bind(7, r.evidence);
                s.Bind(8, r.award_condition).Bind(9, ToString(r.provenance.confidence));
                s.Bind(10, r.provenance.note).Bind(11, r.applies_from).Bind(12, r.applies_until);
                std::vector<std::string> kinds;
                for (auto k : r.recipient_kinds) {
                    kinds.emplace_back(ToString(k));
                }
                s.Bind(13, Join(kinds)).Run();
                size_t pos = 0;
                for (const auto& c : r.rule.breached_by) {
                    clause.Bind(1, r.id).Bind(2, pos++).Bind(3, "breach").Bind(4, c.provision);
                    clause.Bind(5, Join(c.unless)).Run();
                }
                for (const auto& c : r.rule.complied_by) {
                    clause.Bind(1, r.id).Bind(2, pos++).Bind(3, "comply").Bind(4, c).Bind(5, "");
                    clause.Run();
                }
                prov.Write("condition", r.id, r.provenance);
            }
        }
        WriteLists(db, d, prov);
        WriteNotices(db, d, prov);
        WriteCases(db, d, prov);
        {
            Stmt s(db,
                   "INSERT INTO award(id, program, fiscal_year, jurisdiction, amount_cents, "
                   "approximate, amount_text, kind, description, confidence, note) "
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
            for (const auto& r : d.awards) {
                s.Bind(1, r.id).Bind(2, r.program).Bind(3, r.fiscal_year).Bind(4, r.jurisdiction);
                if (r.amount) {
                    s.Bind(5, r.amount->cents());
                } else {
                    s.BindNull(5);
                }
                s.Bind(6, r.approximate ? 1 : 0).Bind(7, r.amount_text).Bind(8, r.kind);
                s.Bind(9, r.description).Bind(10, ToString(r.provenance.confidence));
                s.Bind(11, r.provenance.note).Run();
                prov.Write("award", r.id, r.provenance);
            }
        }
        {
            Stmt s(db,
                   "INSERT INTO response(id, jurisdiction, notice, date, kind, summary, "
                   "confidence, note, signer, signer_title, evidence) "
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
            for (const auto& r : d.responses) {
                s.Bind(1, r.id).Bind(2, r.jurisdiction).Bind(3, r.notice);
                s.Bind(4, r.date.ToString()).Bind(5, r.kind).Bind(6, r.summary);
                s.Bind(7, ToString(r.provenance.confidence)).Bind(8, r.provenance.note);
                s.Bind(9, r.signer).Bind(10, r.signer_title).Bind(11, Join(r.evidence)).Run();
                prov.Write("response", r.id, r.provenance);
            }
        }
        WritePolicies(db, d, prov);
    }

    void WritePolicies(Connection& db, const model::Dataset& d, ProvenanceWriter& prov) {
        Stmt policy(db,
                    "INSERT INTO policy(id, jurisdiction, kind, title, citation, adopted, "
                    "effective, repealed, text_in_hand, summary, confidence, note, in_force_by) "
                    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
        Stmt provision(db,
                       "INSERT INTO provision(policy_id, position, id, type, exceptions, "
                       "summary, citation, confidence, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
        for (const auto& p : d.policies) {
            policy.Bind(1, p.id).Bind(2, p.jurisdiction).Bind(3, p.kind).Bind(4, p.title);
            policy.Bind(5, p.citation).Bind(6, p.adopted).Bind(7, p.effective);
            policy.Bind(8, p.repealed).Bind(9, p.text_in_hand ? 1 : 0).Bind(10, p.summary);
            policy.Bind(11, ToString(p.provenance.confidence)).Bind(12, p.provenance.note);
            policy.Bind(13, p.in_force_by).Run();
            prov.Write("policy", p.id, p.provenance);
            for (size_t i = 0; i < p.provisions.size(); ++i) {
                const auto& x = p.provisions[i];
                provision.Bind(1, p.id).Bind(2, i).Bind(3, x.id).Bind(4, x.type);
                provision.Bind(5, Join(x.exceptions)).Bind(6, x.summary).Bind(7, x.citation);
                provision.Bind(8, ToString(x.provenance.confidence));
                provision.Bind(9, x.provenance.note).Run();
                prov.Write("provision", p.id + "/" + x.id, x.provenance);
            }
        }
    }

    void WriteLists(Connection& db, const model::Dataset& d, ProvenanceWriter& prov) {
        Stmt list(db,
                  "INSERT INTO designation_list(id, title, issuer, basis, stated_count, "
                  "confidence, note) VALUES (?1,?2,?3,?4,?5,?6,?7)");
        Stmt version(db,
                     "INSERT INTO list_version(list_id, version, published, withdrawn, note) "
                     "VALUES (?1,?2,?3,?4,?5)");
        Stmt member(db,
                    "INSERT INTO list_member(list_id, version, position, jurisdiction, as_named, "
                    "candidates, confidence, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
        for (const auto& l : d.lists) {
            list.Bind(1, l.id).Bind(2, l.title).Bind(3, l.issuer).Bind(4, l.basis);
            if (l.stated_count) {
                list.Bind(5, *l.stated_count);
            } else {
                list.BindNull(5);
            }
            list.Bind(6, ToString(l.provenance.confidence)).Bind(7, l.provenance.note).Run();
            prov.Write("list", l.id, l.provenance);
            for (const auto& v : l.versions) {
                version.Bind(1, l.id).Bind(2, v.version).Bind(3, v.published.ToString());
                version.Bind(4, v.withdrawn).Bind(5, v.note).Run();
                for (size_t i = 0; i < v.members.size(); ++i) {
                    const auto& m = v.members[i];
                    member.Bind(1, l.id).Bind(2, v.version).Bind(3, i);
                    member.BindOrNull(4, m.jurisdiction).Bind(5, m.as_named);
                    member.Bind(6, Join(m.candidates)).Bind(7, ToString(m.provenance.confidence));
                    member.Bind(8, m.provenance.note).Run();
                    prov.Write("list_member", MemberKey(l.id, v.version, i), m.provenance);
                }
            }
        }
    }

    void WriteNotices(Connection& db, const model::Dataset& d, ProvenanceWriter& prov) {
        Stmt notice(db,
                    "INSERT INTO notice(id, kind, date, sender, signer, program, title, summary, "
                    "deadline, deliverables, conditions, confidence, note, responses_complete) "
                    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
        Stmt amend(db,
                   "INSERT INTO notice_amendment(notice_id, position, date, kind, deadline, "
                   "jurisdictions, note, sources) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)");
        Stmt rec(db,
                 "INSERT INTO notice_recipient(notice_id, position, jurisdiction, addressee, "
                 "finding, confidence, note, reasons, relied_on, funding_action, award, "
                 "amount_cents) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
        for (const auto& n : d.notices) {
            notice.Bind(1, n.id).Bind(2, ToString(n.kind)).Bind(3, n.date.ToString());
            notice.Bind(4, n.sender).Bind(5, n.signer).BindOrNull(6, n.program).Bind(7, n.title);
            notice.Bind(8, n.summary).Bind(9, n.deadline).Bind(10, Join(n.deliverables));
            notice.Bind(11, Join(n.conditions)).Bind(12, ToString(n.provenance.confidence));
            notice.Bind(13, n.provenance.note).Bind(14, n.responses_complete ? 1 : 0).Run();
            prov.Write("notice", n.id, n.provenance);
            for (size_t i = 0; i < n.amendments.size(); ++i) {
                const auto& a = n.amendments[i];
                amend.Bind(1, n.id).Bind(2, i).Bind(3, a.date.ToString()).Bind(4, a.kind);
                amend.Bind(5, a.deadline).Bind(6, Join(a.jurisdictions)).Bind(7, a.note);
                amend.Bind(8, Join(a.sources)).Run();
            }
            for (size_t i = 0; i < n.recipients.size(); ++i) {
                const auto& r = n.recipients[i];
                rec.Bind(1, n.id).Bind(2, i).Bind(3, r.jurisdiction).Bind(4, r.addressee);
                rec.Bind(5, r.finding).Bind(6, ToString(r.provenance.confidence));
                rec.Bind(7, r.provenance.note).Bind(8, r.reasons).Bind(9, Join(r.relied_on));
                rec.Bind(10, r.funding_action).Bind(11, r.award);
                if (r.amount) {
                    rec.Bind(12, r.amount->cents());
                } else {
                    rec.BindNull(12);
                }
                rec.Run();
                prov.Write("notice_recipient", RecipientKey(n.id, i), r.provenance);
            }
        }
    }

    void WriteCases(Connection& db, const model::Dataset& d, ProvenanceWriter& prov) {
        Stmt kase(db,
                  "INSERT INTO legal_case(id, title, court, docket, judge, filed, outcome, "
                  "confidence, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
        Stmt party(db,
                   "INSERT INTO case_party(case_id, position, jurisdiction, name, role) "
                   "VALUES (?1,?2,?3,?4,?5)");
        Stmt order(db,
                   "INSERT INTO court_order(id, case_id, position, date, kind, court, summary, "
                   "citation, conditions, scope_kind, scope_jurisdictions, scope_association, "
                   "scope_description, affects, confidence, note) "
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)");
        for (const auto& c : d.cases) {
            kase.Bind(1, c.id).Bind(2, c.title).Bind(3, c.court).Bind(4, c.docket);
            kase.Bind(5, c.judge).Bind(6, c.filed).Bind(7, c.outcome);
            kase.Bind(8, ToString(c.provenance.confidence)).Bind(9, c.provenance.note).Run();
            prov.Write("case", c.id, c.provenance);
            for (size_t i = 0; i < c.parties.size(); ++i) {
                const auto& p = c.parties[i];
                party.Bind(1, c.id).Bind(2, i).BindOrNull(3, p.jurisdiction).Bind(4, p.name);
                party.Bind(5, p.role).Run();
            }
            for (size_t i = 0; i < c.orders.size(); ++i) {
                const auto& o = c.orders[i];
                order.Bind(1, o.id).Bind(2, c.id).Bind(3, i).Bind(4, o.date.ToString());
                order.Bind(5, ToString(o.kind)).Bind(6, o.court).Bind(7, o.summary);
                order.Bind(8, o.citation).Bind(9, Join(o.conditions));
                order.Bind(10, ToString(o.scope.kind)).Bind(11, Join(o.scope.jurisdictions));
                order.Bind(12, o.scope.association).Bind(13, o.scope.description);
                order.Bind(14, o.affects).Bind(15, ToString(o.provenance.confidence));
                order.Bind(16, o.provenance.note).Run();
                prov.Write("order", o.id, o.provenance);
            }
        }
    }

    model::Dataset ReadAll(Connection& db) {
        model::Dataset d;
        ProvenanceReader prov(db);
        ReadSources(db, d);
        {
            Stmt s(db,
                   "SELECT geoid, kind, name, state_geoid, county_geoid, usps, ocd_id, "
                   "confidence, note FROM jurisdiction");
            while (s.Step()) {
                model::Jurisdiction j;
                j.geoid = s.Text(0);
                j.kind = model::ParseJurisdictionKind(s.Text(1)).value_or(j.kind);
                j.name = s.Text(2);
                j.state_geoid = s.Text(3);
                j.county_geoid = s.Text(4);
                j.usps = s.Text(5);
                j.ocd_id = s.Text(6);
                j.provenance = prov.Read("jurisdiction", j.geoid, s.Text(7), s.Text(8));
                d.jurisdictions.push_back(std::move(j));
            }
        }
        {
            Stmt s(db,
                   "SELECT id, name, agency, assistance_listing, description, confidence, note "
                   "FROM program");
            while (s.Step()) {
                model::Program p{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), {}};
                p.provenance = prov.Read("program", p.id, s.Text(5), s.Text(6));
                d.programs.push_back(std::move(p));
            }
        }
        {
            Stmt s(db,
                   "SELECT id, program, fiscal_years, title, summary, statute, evidence, "
                   "award_condition, confidence, note, applies_from, applies_until, "
                   "recipient_kinds FROM condition");
            while (s.Step()) {
                model::Condition c;
                c.id = s.Text(0);
                c.program = s.Text(1);
                for (const auto& y : Split(s.Text(2))) {
                    c.fiscal_years.push_back(std::stoi(y));
                }
                c.title = s.Text(3);
                c.summary = s.Text(4);
                c.statute = s.Text(5);
                c.evidence = s.Text(6);
                c.award_condition = s.Text(7);
                c.provenance = prov.Read("condition", c.id, s.Text(8), s.Text(9));
                c.applies_from = s.DateOpt(10);
                c.applies_until = s.DateOpt(11);
                for (const auto& k : Split(s.Text(12))) {
                    if (auto kind = model::ParseJurisdictionKind(k)) {
                        c.recipient_kinds.push_back(*kind);
                    }
                }
                d.conditions.push_back(std::move(c));
            }
            std::map<std::string, size_t> index;
            for (size_t i = 0; i < d.conditions.size(); ++i) {
                index[d.conditions[i].id] = i;
            }
            Stmt clause(db,
                        "SELECT condition_id, kind, provision, unless FROM condition_clause "
                        "ORDER BY condition_id, position");
            while (clause.Step()) {
                auto& rule = d.conditions[index.at(clause.Text(0))].rule;
                if (clause.Text(1) == "breach") {
                    rule.breached_by.push_back({clause.Text(2), Split(clause.Text(3))});
                } else {
                    rule.complied_by.push_back(clause.Text(2));
                }
            }
        }
        {
            Stmt s(db, "SELECT id, kind, description FROM vocabulary");
            while (s.Step()) {
                d.vocabulary.push_back({s.Text(0), s.Text(1), s.Text(2)});
            }
        }
        ReadResponses(db, d, prov);
        ReadPolicies(db, d, prov);
        ReadLists(db, d, prov);
        ReadNotices(db, d, prov);
        ReadCases(db, d, prov);
        {
            Stmt s(db,
                   "SELECT id, program, fiscal_year, jurisdiction, amount_cents, approximate, "
                   "amount_text, kind, description, confidence, note FROM award");
            while (s.Step()) {
                model::Award a;
                a.id = s.Text(0);
                a.program = s.Text(1);
                a.fiscal_year = static_cast<int>(s.Int(2));
                a.jurisdiction = s.Text(3);
                if (!s.IsNull(4)) {
                    a.amount = Money(s.Int(4));
                }
                a.approximate = s.Int(5) != 0;
                a.amount_text = s.Text(6);
                a.kind = s.Text(7);
                a.description = s.Text(8);
                a.provenance = prov.Read("award", a.id, s.Text(9), s.Text(10));
                d.awards.push_back(std::move(a));
            }
        }
        model::Normalize(d);
        return d;
    }

    void ReadPolicies(Connection& db, model::Dataset& d, ProvenanceReader& prov) {
        std::map<std::string, size_t> index;
        Stmt p(db,
               "SELECT id, jurisdiction, kind, title, citation, adopted, effective, repealed, "
               "text_in_hand, summary, confidence, note, in_force_by FROM policy ORDER BY id");
        while (p.Step()) {
            model::Policy x;
            x.id = p.Text(0);
            x.jurisdiction = p.Text(1);
            x.kind = p.Text(2);
            x.title = p.Text(3);
            x.citation = p.Text(4);
            x.adopted = p.DateOpt(5);
            x.effective = p.DateOpt(6);
            x.repealed = p.DateOpt(7);
            x.text_in_hand = p.Int(8) != 0;
            x.summary = p.Text(9);
            x.provenance = prov.Read("policy", x.id, p.Text(10), p.Text(11));
            x.in_force_by = p.DateOpt(12);
            index[x.id] = d.policies.size();
            d.policies.push_back(std::move(x));
        }
        Stmt v(db,
               "SELECT policy_id, id, type, exceptions, summary, citation, confidence, note "
               "FROM provision ORDER BY policy_id, position");
        while (v.Step()) {
            model::Provision x;
            x.id = v.Text(1);
            x.type = v.Text(2);
            x.exceptions = Split(v.Text(3));
            x.summary = v.Text(4);
            x.citation = v.Text(5);
            x.provenance = prov.Read("provision", v.Text(0) + "/" + x.id, v.Text(6), v.Text(7));
            d.policies[index.at(v.Text(0))].provisions.push_back(std::move(x));
        }
    }

    void ReadLists(Connection& db, model::Dataset& d, ProvenanceReader& prov) {
        std::map<std::string, size_t> index;
        Stmt list(db,
                  "SELECT id, title, issuer, basis, stated_count, confidence, note "
                  "FROM designation_list ORDER BY id");
        while (list.Step()) {
            model::DesignationList l;
            l.id = list.Text(0);
            l.title = list.Text(1);
            l.issuer = list.Text(2);
            l.basis = list.Text(3);
            if (!list.IsNull(4)) {
                l.stated_count = static_cast<int>(list.Int(4));
            }
            l.provenance = prov.Read("list", l.id, list.Text(5), list.Text(6));
            index[l.id] = d.lists.size();
            d.lists.push_back(std::move(l));
        }
        Stmt version(db,
                     "SELECT list_id, version, published, withdrawn, note FROM list_version "
                     "ORDER BY list_id, version");
        while (version.Step()) {
            model::ListVersion v;
            v.version = static_cast<int>(version.Int(1));
            v.published = version.DateReq(2);
            v.withdrawn = version.DateOpt(3);
            v.note = version.Text(4);
            d.lists[index.at(version.Text(0))].versions.push_back(std::move(v));
        }
        Stmt member(db,
                    "SELECT list_id, version, position, jurisdiction, as_named, candidates, "
                    "confidence, note FROM list_member ORDER BY list_id, version, position");
        while (member.Step()) {
            auto& l = d.lists[index.at(member.Text(0))];
            const int v = static_cast<int>(member.Int(1));
            for (auto& ver : l.versions) {
                if (ver.version != v) {
                    continue;
                }
                model::ListMember m;
                m.jurisdiction = member.Text(3);
                m.as_named = member.Text(4);
                m.candidates = Split(member.Text(5));
                m.provenance =
                    prov.Read("list_member", MemberKey(l.id, v, static_cast<size_t>(member.Int(2))),
                              member.Text(6), member.Text(7));
                ver.members.push_back(std::move(m));
            }
        }
    }

    // The readers of what commands change take an id, to read that record alone.
    void ReadSources(Connection& db, model::Dataset& d, const std::string* only = nullptr) {
        Stmt s(db, std::string("SELECT id, url, title, publisher, date, reliability FROM source") +
                       (only != nullptr ? " WHERE id = ?1" : ""));
        if (only != nullptr) {
            s.Bind(1, *only);
        }
        while (s.Step()) {
            d.sources.push_back(
                {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.DateOpt(4), s.Text(5)});
        }
    }

    void ReadResponses(Connection& db,
                       model::Dataset& d,
                       ProvenanceReader& prov,
                       const std::string* only = nullptr) {
        Stmt s(db, std::string(
                       "SELECT id, jurisdiction, notice, date, kind, summary, confidence, note, "
                       "signer, signer_title, evidence FROM response") +
                       (only != nullptr ? " WHERE id = ?1" : ""));
        if (only != nullptr) {
            s.Bind(1, *only);
        }
        while (s.Step()) {
            model::Response r{s.Text(0), s.Text(1), s.Text(2), s.DateReq(3), s.Text(4),
                              s.Text(5), {},        s.Text(8), s.Text(9),    Split(s.Text(10))};
            r.provenance = prov.Read("response", r.id, s.Text(6), s.Text(7));
            d.responses.push_back(std::move(r));
        }
    }

    void ReadNotices(Connection& db,
                     model::Dataset& d,
                     ProvenanceReader& prov,
                     const std::string* only = nullptr) {
        std::map<std::string, size_t> index;
        const std::string where = only != nullptr ? " WHERE id = ?1" : "";
        const std::string where_notice = only != nullptr ? " WHERE notice_id = ?1" : "";
        const auto bind = [only](Stmt& st) {
            if (only != nullptr) {
                st.Bind(1, *only);
            }
        };
        Stmt n(db,
               "SELECT id, kind, date, sender, signer, program, title, summary, deadline, "
               "deliverables, conditions, confidence, note, responses_complete FROM notice" +
                   where + " ORDER BY id");
        bind(n);
        while (n.Step()) {
            model::Notice x;
            x.id = n.Text(0);
            x.kind = model::ParseNoticeKind(n.Text(1)).value_or(model::NoticeKind::kOther);
            x.date = n.DateReq(2);
            x.sender = n.Text(3);
            x.signer = n.Text(4);
            x.program = n.Text(5);
            x.title = n.Text(6);
            x.summary = n.Text(7);
            x.deadline = n.DateOpt(8);
            x.deliverables = Split(n.Text(9));
            x.conditions = Split(n.Text(10));
            x.provenance = prov.Read("notice", x.id, n.Text(11), n.Text(12));
            x.responses_complete = n.Int(13) != 0;
            index[x.id] = d.notices.size();
            d.notices.push_back(std::move(x));
        }
        Stmt r(db,
               "SELECT notice_id, position, jurisdiction, addressee, finding, confidence, note, "
               "reasons, relied_on, funding_action, award, amount_cents "
               "FROM notice_recipient" +
                   where_notice + " ORDER BY notice_id, position");
        bind(r);
        while (r.Step()) {
            model::NoticeRecipient x;
            x.jurisdiction = r.Text(2);
            x.addressee = r.Text(3);
            x.finding = r.Text(4);
            x.reasons = r.Text(7);
            x.relied_on = Split(r.Text(8));
            x.funding_action = r.Text(9);
            x.award = r.Text(10);
            if (!r.IsNull(11)) {
                x.amount = Money(r.Int(11));
            }
            x.provenance = prov.Read("notice_recipient",
                                     RecipientKey(r.Text(0), static_cast<size_t>(r.Int(1))),
                                     r.Text(5), r.Text(6));
            d.notices[index.at(r.Text(0))].recipients.push_back(std::move(x));
        }
        Stmt a(db,
               "SELECT notice_id, date, kind, deadline, jurisdictions, note, sources "
               "FROM notice_amendment" +
                   where_notice + " ORDER BY notice_id, position");
        bind(a);
        while (a.Step()) {
            d.notices[index.at(a.Text(0))].amendments.push_back({a.DateReq(1), a.Text(2),
                                                                 a.DateOpt(3), Split(a.Text(4)),
                                                                 a.Text(5), Split(a.Text(6))});
        }
    }

    void ReadCases(Connection& db, model::Dataset& d, ProvenanceReader& prov) {
        std::map<std::string, size_t> index;
        Stmt c(db,
               "SELECT id, title, court, docket, judge, filed, outcome, confidence, note "
               "FROM legal_case ORDER BY id");
        while (c.Step()) {
            model::Case x;
            x.id = c.Text(0);
            x.title = c.Text(1);
            x.court = c.Text(2);
            x.docket = c.Text(3);
            x.judge = c.Text(4);
            x.filed = c.DateOpt(5);
            x.outcome = c.Text(6);
            x.provenance = prov.Read("case", x.id, c.Text(7), c.Text(8));
            index[x.id] = d.cases.size();
            d.cases.push_back(std::move(x));
        }
        Stmt p(db,
               "SELECT case_id, jurisdiction, name, role FROM case_party "
               "ORDER BY case_id, position");
        while (p.Step()) {
            d.cases[index.at(p.Text(0))].parties.push_back({p.Text(1), p.Text(2), p.Text(3)});
        }
        Stmt o(db,
               "SELECT id, case_id, date, kind, court, summary, citation, conditions, scope_kind, "
               "scope_jurisdictions, scope_association, scope_description, affects, confidence, "
               "note FROM court_order ORDER BY case_id, position");
        while (o.Step()) {
            model::CourtOrder x;
            x.id = o.Text(0);
            x.date = o.DateReq(2);
            x.kind = model::ParseOrderKind(o.Text(3)).value_or(model::OrderKind::kOther);
            x.court = o.Text(4);
            x.summary = o.Text(5);
            x.citation = o.Text(6);
            x.conditions = Split(o.Text(7));
            x.scope.kind = model::ParseScopeKind(o.Text(8)).value_or(model::ScopeKind::kNone);
            x.scope.jurisdictions = Split(o.Text(9));
            x.scope.association = o.Text(10);
            x.scope.description = o.Text(11);
            x.affects = o.Text(12);
            x.provenance = prov.Read("order", x.id, o.Text(13), o.Text(14));
            d.cases[index.at(o.Text(1))].orders.push_back(std::move(x));
        }
    }

    std::unique_ptr<Backend> backend_;
    // Serializes this process's commands (the backend's write lock serializes processes).
    std::mutex write_mutex_;
    ledger::Frontier frontier_;  // guarded by write_mutex_
    LeasedNodes locked_nodes_;   // for readers
};

}  // namespace

std::unique_ptr<Store> OpenSqlStore(std::unique_ptr<Backend> backend) {
    return std::make_unique<SqlStore>(std::move(backend));
}

void Backend::WaitForChange(std::chrono::milliseconds timeout) {
    std::this_thread::sleep_for(timeout);
}

Cursor& Connection::Acquire(std::string_view sql, std::unique_ptr<Cursor>& owned) {
    auto it = cache_.find(sql);
    if (it != cache_.end() && !it->second.in_use) {
        it->second.in_use = true;
        return *it->second.cursor;
    }
    auto cursor = Prepare(sql);
    if (it != cache_.end() || cache_.size() >= 256) {
        owned = std::move(cursor);
        return *owned;
    }
    auto& cached = cache_[std::string(sql)];
    cached = {std::move(cursor), true};
    return *cached.cursor;
}

void Connection::Release(std::string_view sql, Cursor& cursor) {
    cursor.Reset();
    if (auto it = cache_.find(sql); it != cache_.end() && it->second.cursor.get() == &cursor) {
        it->second.in_use = false;
    }
}

}  // namespace grantcheck::store::sql
