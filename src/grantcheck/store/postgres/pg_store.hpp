#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "grantcheck/store/store.hpp"

namespace grantcheck::store {

struct PgOptions {
    std::string dsn;       // "postgresql://user@host:port/db" or a libpq key=value string
    size_t pool_size = 4;  // connections at most, opened as they are needed
    std::chrono::milliseconds statement_timeout{30'000};
};

// Opens a PostgreSQL database as a Store and applies the numbered migrations it lacks
// (store/migrations/postgres/). Several processes may open the same database: commands are
// serialized by a transaction-scoped advisory lock, so the journal and the log stay one
// sequence, and every commit NOTIFYs the others (WaitForChange). A lost connection is opened
// again at the next use. Throws AppError(kUnavailable) naming the server (never a password)
// when it cannot be reached or migrated.
std::unique_ptr<Store> OpenPgStore(const PgOptions& options);

// True for the database names that mean PostgreSQL ("postgres://…", "postgresql://…").
bool IsPgDsn(std::string_view db);

}  // namespace grantcheck::store
