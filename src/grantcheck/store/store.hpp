#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grantcheck/model/dataset.hpp"

namespace grantcheck::store {

// What a command records about itself in the journal.
struct CommandRecord {
    std::string command;  // "load"
    std::string actor;    // "cli:root", "api:reviewer@doj"
    std::string summary;  // one line for people: "loaded data/: 3321 records"
};

// One applied command, in commit order. `seq` starts at 1 and has no gaps.
struct JournalEntry {
    int64_t seq = 0;
    std::string command;
    std::string actor;
    std::string recorded_at;  // UTC, RFC 3339 ("2026-11-29T19:22:43Z")
    std::string summary;
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

    // Replaces the stored records with `data` and appends `command` to the journal, in one
    // transaction: either both are durable when this returns, or neither happened.
    // REQUIRES: `data` is normalized and its references resolve (ingest validates them).
    virtual JournalEntry ReplaceDataset(const model::Dataset& data,
                                        const CommandRecord& command) = 0;

    // Journal entries with seq > `after`, oldest first, at most `limit` of them.
    virtual std::vector<JournalEntry> ReadJournal(int64_t after, size_t limit) = 0;

    // The seq of the last journal entry, 0 when the store is empty.
    virtual int64_t Version() = 0;
};

}  // namespace grantcheck::store
