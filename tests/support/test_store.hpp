#pragma once

// The backend a test binary runs its store-backed tests on. CTest runs those binaries twice:
// as they are (SQLite), and with GRANTCHECK_TEST_PG_DSN_FILE naming the file where
// scripts/pg-test-cluster.sh wrote the throwaway cluster's DSN (or, by hand,
// GRANTCHECK_TEST_BACKEND=postgres with GRANTCHECK_TEST_PG_DSN): every test then gets a schema
// of its own in that cluster.

#include <memory>
#include <string>

#include "grantcheck/store/store.hpp"

#include "test_support.hpp"

namespace grantcheck::testing {

bool TestingPostgres();

// Where a new, empty store lives: a SQLite file in `dir`, or (PostgreSQL) the DSN of a new
// schema. Open it as often as needed with OpenTestDb: every opening sees the same database.
std::string NewTestDb(const TempDir& dir, const std::string& name = "t.db");
std::unique_ptr<store::Store> OpenTestDb(const std::string& db);
// Both at once.
std::unique_ptr<store::Store> OpenTestStore(const TempDir& dir);

// The cluster's DSN (the `postgres` database); fails the test when none is configured.
std::string PgServerDsn();
// Runs SQL on the cluster as its superuser (for tests that break connections on purpose).
void PgExec(const std::string& dsn, const std::string& sql);

}  // namespace grantcheck::testing
