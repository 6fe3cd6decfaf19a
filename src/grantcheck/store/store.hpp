#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/merkle.hpp"
#include "grantcheck/model/dataset.hpp"
#include "grantcheck/store/accounts.hpp"

namespace grantcheck::store {

// What a command records about itself in the journal.
struct CommandRecord {
    std::string command;  // "load"
    std::string actor;    // "cli:root", "api:reviewer@doj"
    std::string summary;  // one line for people: "loaded data/: 3321 records"
    // The journal seq of the state the command was checked against; the store refuses the
    // command with StaleState when another process committed since. -1: not checked.
    int64_t based_on = -1;
};

// The command was checked against a state that is no longer the latest (another process
// committed first). Nothing was stored; read the store again and check the command again.
class StaleState : public AppError {
public:
    StaleState(int64_t based_on, int64_t latest)
        : AppError(ErrorCode::kConflict,
                   "the records changed while the command was being checked; try again",
                   "based on journal #" + std::to_string(based_on) + ", latest #" +
                       std::to_string(latest)) {}
};

// While it lives, no other process commits a command (Store::HoldWrites).
class WriteGate {
public:
    virtual ~WriteGate() = default;
};

// One committed state, read in one transaction.
struct StoredState {
    model::Dataset data;
    int64_t version = 0;  // the seq of the last journal entry
    // "kind id" -> the log entry that last changed the record (as Store::RecordEntries).
    std::unordered_map<std::string, uint64_t> record_entries;
};

// What partial commands changed since a journal seq (Store::ReadChangesSince).
struct StoredChanges {
    model::Dataset changed;  // the records as they are now, each replacing its earlier self
    int64_t version = 0;     // the journal's last seq
    std::unordered_map<std::string, uint64_t> record_entries;  // of the changed records
};

// One row of one table, for copying a whole store (export, import). Values keep their type.
struct TableRow {
    struct Value {
        enum class Type { kNull, kInt, kText, kBlob } type = Type::kNull;
        int64_t i = 0;
        std::string s;  // text, or a blob's bytes
    };
    std::string table;
    std::vector<std::pair<std::string, Value>> columns;
};

// One applied command, in commit order. `seq` starts at 1 and has no gaps.
struct JournalEntry {
    int64_t seq = 0;
    std::string command;
    std::string actor;
    std::string recorded_at;  // UTC, RFC 3339 ("2026-11-29T19:22:43Z")
    std::string summary;
    // Where the command stands in the log (filled by ReplaceDataset).
    uint64_t log_index = 0;
    ledger::Hash leaf_hash{};
    uint64_t tree_size = 0;  // the log's size after this command
    ledger::Hash root{};     // the log's root hash at that size
};

// One log entry: its canonical text (ledger/canonical.hpp) and its RFC 9162 leaf hash.
struct LogEntry {
    uint64_t index = 0;
    ledger::Hash leaf_hash{};
    std::string text;
};

// One full-text search hit. `snippet` marks the matched words with \x02 ... \x03 (so that a
// caller can escape the text and then highlight); `kind` is "jurisdiction", "policy", "notice",
// "case", "order", "list" or "source".
struct SearchHit {
    std::string kind;
    std::string id;
    std::string state;  // the state's postal code, when the record has one
    std::string title;
    std::string snippet;
};

// The durable store behind grantcheck. Backend-neutral: no SQL library type appears here, so a
// PostgreSQL implementation can follow without changing callers. Failures throw AppError
// (kUnavailable when the database cannot be used, kInvalidInput when a record breaks a
// constraint); library exceptions never escape an implementation.
//
// Thread-safety: an implementation serializes its own writes; callers may share one instance.
class Store {
public:
    virtual ~Store() = default;

    // Every record in the store, normalized (model::Normalize).
    virtual model::Dataset ReadDataset() = 0;
    // The records, the journal's last seq and the record entries of one committed state.
    virtual StoredState ReadState() = 0;
    // The records that commands since journal seq `since` stored, from one committed state,
    // so that a snapshot can follow without reading everything: merged over the state of
    // `since` (model::MergeInto) they give the state of `version`. nullopt when a command
    // since then replaced the records as a whole (a load): read the state again.
    virtual std::optional<StoredChanges> ReadChangesSince(int64_t since) = 0;

    // Holds off every other process's commands until the gate goes away, so that a command
    // that found its state stale can read the latest state, check itself again and be stored
    // without being overtaken again (commands are optimistic first: this is the fallback that
    // keeps a busy process from starving another). REQUIRES: the caller serializes its own
    // commands while it holds the gate, and holds one gate at a time.
    virtual std::unique_ptr<WriteGate> HoldWrites() = 0;

    // Returns when another process may have committed a command, or after `timeout`
    // (PostgreSQL: a notification; SQLite: the timeout). Callers compare Version() after.
    virtual void WaitForChange(std::chrono::milliseconds timeout) = 0;

    // Replaces the stored records with `data` and appends `command` to the journal, in one
    // transaction: either both are durable when this returns, or neither happened.
    // REQUIRES: `data` is normalized and its references resolve (ingest validates them).
    virtual JournalEntry ReplaceDataset(const model::Dataset& data,
                                        const CommandRecord& command) = 0;

    // Stores the records of `changed` over what is stored (each replaces the stored record of
    // the same kind and id, or is added) and appends `command` to the journal and the log with
    // just those records, in one transaction. The log entry's header says "partial":true.
    // REQUIRES: `changed` holds only notices, responses and sources, and its references resolve
    // against what is stored (the caller validated the merged dataset).
    virtual JournalEntry PutRecords(const model::Dataset& changed,
                                    const CommandRecord& command) = 0;
    // Several commands in one transaction (one durable commit for all): each gets its own
    // journal and log entry, in order; either all are stored or none.
    virtual std::vector<JournalEntry> PutRecordsGrouped(
        std::span<const std::pair<model::Dataset, CommandRecord>> commands) = 0;

    // Journal entries with seq > `after`, oldest first, at most `limit` of them.
    virtual std::vector<JournalEntry> ReadJournal(int64_t after, size_t limit) = 0;

    // The seq of the last journal entry, 0 when the store is empty.
    virtual int64_t Version() = 0;

    // The log: entries [start, end) (end clipped to the size), its size, and its complete
    // subtree hashes for roots and proofs (ledger::NodeSource over the store).
    virtual std::vector<LogEntry> ReadLog(uint64_t start, uint64_t end) = 0;
    virtual uint64_t LogSize() = 0;
    virtual const ledger::NodeSource& LogNodes() = 0;

    // Signed checkpoints, one per tree size at most. SaveCheckpoint keeps the first note saved
    // for a size.
    virtual void SaveCheckpoint(uint64_t size, const std::string& note) = 0;
    virtual std::optional<std::string> Checkpoint(uint64_t size) = 0;
    // For every record, "kind id" (kind as in ledger/canonical.hpp: "jurisdiction 1714000") ->
    // the index of the log entry that last changed it.
    virtual std::unordered_map<std::string, uint64_t> RecordEntries() = 0;

    // Full-text search: every word of `query` must match (prefixes of the last word too), best
    // first. `kind` limits the kinds searched when not empty. Never throws for odd input: the
    // words are quoted before they reach the search engine.
    virtual std::vector<SearchHit> Search(std::string_view query,
                                          std::string_view kind,
                                          size_t limit) = 0;

    // Every checkpoint, by size.
    virtual std::vector<std::pair<uint64_t, std::string>> Checkpoints() = 0;
    // The checkpoint of the largest size, if any.
    virtual std::optional<std::pair<uint64_t, std::string>> LatestCheckpoint() = 0;

    // Accounts, sessions, tokens, evidence files and webhooks, in the same database.
    virtual AccountStore& accounts() = 0;

    // Every row of every table (records, journal, log, checkpoints, accounts, evidence,
    // webhooks, drafts), in an order that satisfies foreign keys, from one committed state.
    // Derived tables (the search index) are left out.
    virtual void ExportTables(const std::function<void(const TableRow&)>& sink) = 0;
    // Copies rows ExportTables gave (from either backend) into this store, in one transaction,
    // and rebuilds what is derived. Throws Conflict when the store holds a journal entry
    // already (import into a new database), and InvalidInput naming the row for a table or
    // column this schema lacks; nothing is stored then.
    virtual void ImportTables(const std::function<bool(TableRow&)>& next) = 0;
};

}  // namespace grantcheck::store
