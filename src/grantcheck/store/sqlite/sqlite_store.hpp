#pragma once

#include <memory>
#include <string>

#include "grantcheck/store/store.hpp"

namespace grantcheck::store {

struct SqliteOptions {
    std::string path;  // a file, or ":memory:" for a private in-memory database
    int busy_timeout_ms = 5000;
};

// Opens (creating if needed) a SQLite database in WAL mode with foreign keys on and applies the
// numbered migrations it lacks. Commands commit with synchronous=FULL, so an acknowledged
// command survives power loss. Throws AppError(kUnavailable) when the file cannot be opened or
// migrated, naming the path and SQLite's message.
std::unique_ptr<Store> OpenSqliteStore(const SqliteOptions& options);

// The log's complete subtree hashes of a grantcheck database, read-only, with a connection of
// its own (for tools and benchmarks that read proofs without opening the store).
std::unique_ptr<ledger::NodeSource> OpenSqliteLogNodes(const std::string& path);

}  // namespace grantcheck::store
