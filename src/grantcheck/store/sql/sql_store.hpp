#pragma once

#include <memory>

#include "grantcheck/store/sql/connection.hpp"
#include "grantcheck/store/store.hpp"

namespace grantcheck::store::sql {

// The Store over a relational database: one mapping of records, journal, log and accounts to
// tables, written once against `backend`'s connections (SQLite or PostgreSQL). Applies the
// backend's migrations the database lacks before it returns.
//
// Every command is one write transaction (Connection::BeginWrite: serialized across every
// process on the database), in which the journal seq and the log index are read and assigned,
// so that appends from several processes never fork or reorder the log. A command whose
// CommandRecord::based_on is not the latest seq is refused with StaleState.
std::unique_ptr<Store> OpenSqlStore(std::unique_ptr<Backend> backend);

}  // namespace grantcheck::store::sql
