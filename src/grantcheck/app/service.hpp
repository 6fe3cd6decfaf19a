#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "grantcheck/ingest/loader.hpp"
#include "grantcheck/ledger/note.hpp"
#include "grantcheck/ledger/receipt.hpp"
#include "grantcheck/rules/engine.hpp"
#include "grantcheck/store/snapshot.hpp"
#include "grantcheck/store/store.hpp"

namespace grantcheck::app {

// What readers see: one committed state of the store, indexed (store::Snapshot), and the rules
// engine compiled over it. Immutable; published as a whole after each commit.
class ReadModel : public store::Snapshot {
public:
    ReadModel(model::Dataset data,
              int64_t version,
              std::unordered_map<std::string, uint64_t> recorded_in = {})
        : store::Snapshot(std::move(data), version),
          engine_(this->data()),
          recorded_in_(std::move(recorded_in)) {}
    const rules::Engine& engine() const { return engine_; }

    // The log entry that last changed a record ("jurisdiction", "1714000"), if any.
    std::optional<uint64_t> RecordedIn(std::string_view kind, std::string_view id) const {
        auto it = recorded_in_.find(std::string(kind) + ' ' + std::string(id));
        if (it == recorded_in_.end()) {
            return std::nullopt;
        }
        return it->second;
    }
    const std::unordered_map<std::string, uint64_t>& recorded_in() const { return recorded_in_; }

private:
    rules::Engine engine_;
    std::unordered_map<std::string, uint64_t> recorded_in_;
};

using SnapshotPtr = std::shared_ptr<const ReadModel>;

// Filters for the status of every jurisdiction at once. Empty strings mean "any".
struct StatusQuery {
    Date as_of;
    std::string condition;  // condition id
    std::string list;       // only jurisdictions a list names on as_of
    std::string state;      // postal code or state GEOID
    std::string kind;       // jurisdiction kind
};

struct StatusRow {
    const model::Jurisdiction* jurisdiction;
    const model::Condition* condition;
    rules::Summary summary;
    std::vector<const model::DesignationList*> lists;  // lists naming it on as_of
};

struct LoadReport {
    store::JournalEntry entry;
    ledger::Receipt receipt;
    size_t records = 0;   // records read from the directory
    size_t replaced = 0;  // of which replaced an existing record with the same id
    std::vector<std::string> files;
};

// Filters for listing jurisdictions. Empty strings mean "any".
struct JurisdictionQuery {
    std::string kind;   // "state", "county", "city", ...
    std::string state;  // postal code ("IL") or state GEOID ("17")
    std::string list;   // designation list id: only jurisdictions it names (any version)
    std::string q;      // case-insensitive substring of the display name
    size_t limit = 100;
    size_t offset = 0;
};

struct JurisdictionPage {
    std::vector<const model::Jurisdiction*> items;
    size_t total = 0;  // matches before paging
};

// The application's commands and queries. Writes go through commands, each one store
// transaction, after which a new snapshot is published; reads use the current snapshot and
// never wait for a write.
//
// Thread-safety: all methods may be called from any thread. Commands are serialized.
class Service {
public:
    // Builds the first snapshot from `store`, which must outlive the service. With a signer,
    // every commit is followed by a signed checkpoint for `origin`, and a log that outgrew its
    // last checkpoint (a crash between commit and signing) gets one now.
    explicit Service(store::Store& store);
    Service(store::Store& store, ledger::Signer signer, std::string origin);

    // The log's verifier key, when the service signs.
    std::optional<std::string> VerifierKey() const;

    // The receipt of log entry `index` against the latest checkpoint. Throws NotFound when
    // there is no such entry and Unavailable when no checkpoint covers it yet.
    ledger::Receipt ReceiptFor(uint64_t index) const;

    // Recomputes every leaf hash and the tree from the stored entries, checks every stored
    // checkpoint's signature and root, and replays the log: the tables must hold exactly the
    // records the last entry says. Lists every problem found (the first ones first); none means
    // the log and the tables agree. Commands of every process wait while it runs.
    struct AuditReport {
        uint64_t entries = 0;
        uint64_t checkpoints = 0;
        std::vector<std::string> problems;
    };
    AuditReport Audit() const;

    // The store, for the log's read endpoints (proofs, entries, checkpoints).
    store::Store& store() const { return store_; }
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // The current snapshot; holding the pointer keeps that state alive.
    SnapshotPtr snapshot() const { return snapshot_.load(std::memory_order_acquire); }

    // Command: reads the data files of `options.dir`, merges them over what is stored (records
    // with the same id are replaced), checks every reference, and stores the result with its
    // journal entry in one transaction. On any error nothing is stored and AppError says what,
    // where (file:line) and why.
    LoadReport Load(const ingest::LoadOptions& options, const std::string& actor);

    // Command: `build` looks at the current state and returns the records to store over it
    // (each replaces the record of the same kind and id, or is added; only notices, responses
    // and sources), or throws to refuse; it may fill in the command's summary. The records and
    // their log entry are stored in one transaction, then the new snapshot is published.
    // `build` runs under the write lock, so what it checked still holds when they are stored.
    struct CommitResult {
        store::JournalEntry entry;
        SnapshotPtr snapshot;  // the state the command produced
    };
    using BuildChange =
        std::function<model::Dataset(const ReadModel& current, store::CommandRecord& command)>;
    CommitResult Commit(const BuildChange& build, store::CommandRecord command);

    // Command: merges `update` over what is stored (records with the same id are replaced),
    // as Load does for a directory, under the command name `command`. REQUIRES: `update`'s
    // references resolve against the merged records (the caller built it from them).
    store::JournalEntry MergeRecords(model::Dataset update,
                                     const std::string& command,
                                     const std::string& actor,
                                     const std::string& summary);

    // Re-reads the store (after another process wrote to it) and publishes a new snapshot, if
    // the store is ahead of the current one. Snapshots only move forward.
    void Refresh();

    // Follows other processes' commits: a thread waits for the store's change notifications
    // (Store::WaitForChange, at most `poll` between checks, so a lost notification costs one
    // period) and refreshes the snapshot when the store is ahead. Stopped by StopFollowing()
    // or the destructor. A database that cannot be read is tried again at the next period.
    void StartFollowing(std::chrono::milliseconds poll = std::chrono::milliseconds(1000));
    void StopFollowing();
    ~Service();

    // Names a jurisdiction by GEOID ("1714000"), OCD division id or name ("Chicago, IL",
    // "Cook County, Illinois"). Throws NotFound for no match and InvalidInput listing the
    // candidates when a name is ambiguous.
    static const model::Jurisdiction& ResolveJurisdiction(const store::Snapshot& snap,
                                                          std::string_view ref);
    // The same for a field of a request: any failure is InvalidInput naming `field`.
    static const model::Jurisdiction& ResolveJurisdictionField(const store::Snapshot& snap,
                                                               std::string_view ref,
                                                               std::string_view field);

    // Throws InvalidInput naming the bad filter (unknown kind, state or list).
    static JurisdictionPage ListJurisdictions(const store::Snapshot& snap,
                                              const JurisdictionQuery& query);

    // Reads an as-of date: empty means `today`. Throws InvalidInput naming `field` for a
    // malformed or impossible date, or one before the data begins.
    static Date ParseAsOf(const ReadModel& model,
                          std::string_view text,
                          Date today,
                          std::string_view field = "as_of");

    // The status of every jurisdiction and condition matching `query` (jurisdictions by GEOID,
    // then conditions in data order). Throws InvalidInput naming a filter that matches nothing.
    static std::vector<StatusRow> StatusOfAll(const ReadModel& model, const StatusQuery& query);

    // Two lists' latest versions side by side, by the jurisdiction each member resolves to (or
    // its name as written when it does not resolve). Throws InvalidInput naming `a` or `b` for
    // an unknown list.
    struct ListComparison {
        const model::DesignationList* a;
        const model::DesignationList* b;
        std::vector<const model::ListMember*> only_a, both, only_b;  // both: a's members
    };
    static ListComparison CompareLists(const store::Snapshot& snap,
                                       std::string_view a,
                                       std::string_view b);

    // Today's date in UTC, and the time now as RFC 3339 UTC ("2026-11-29T19:22:43Z"): from
    // the system clock, or from the clock file when one is set.
    static Date Today();
    static std::string NowUtc();
    // Test seam: when set, the clock reads the time from `path` (one RFC 3339 UTC time, e.g.
    // "2017-07-03T12:00:00Z") at every call, so an end-to-end test can move time. A deployment
    // never sets it. Empty clears it.
    static void SetClockFile(std::string path);

private:
    // Signs and saves a checkpoint for the log's current size if it has none.
    void Checkpoint();
    // One try of Commit, against the current snapshot. REQUIRES: write_mutex_ held.
    CommitResult CommitOnce(const BuildChange& build, store::CommandRecord command);
    // Refresh's work; REQUIRES: write_mutex_ held.
    void RefreshLocked();
    // Publishes `next` unless the current snapshot is newer.
    void Publish(SnapshotPtr next);
    // Runs `attempt` (which checks a command against snapshot() and stores it with based_on
    // set), reading the store again and retrying when another process committed first.
    // REQUIRES: write_mutex_ held.
    template <typename F>
    auto Retrying(const F& attempt) -> decltype(attempt());
    // Stores every record of `merged` with its journal and log entry, signs a checkpoint and
    // publishes the new snapshot. REQUIRES: write_mutex_ held; references checked.
    store::JournalEntry StoreMerged(model::Dataset merged, const store::CommandRecord& command);

    store::Store& store_;
    std::optional<ledger::Signer> signer_;
    std::string origin_;
    mutable std::mutex write_mutex_;  // serializes commands (and the audit with them)
    std::atomic<SnapshotPtr> snapshot_;
    std::chrono::steady_clock::time_point last_stale_{};  // guarded by write_mutex_
    std::jthread follower_;
};

}  // namespace grantcheck::app
