#include "test_store.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <libpq-fe.h>
#include <unistd.h>

#include "grantcheck/store/postgres/pg_store.hpp"
#include "grantcheck/store/sqlite/sqlite_store.hpp"

namespace grantcheck::testing {

bool TestingPostgres() {
    const char* backend = std::getenv("GRANTCHECK_TEST_BACKEND");
    return (backend != nullptr && std::string(backend) == "postgres") ||
           std::getenv("GRANTCHECK_TEST_PG_DSN_FILE") != nullptr;
}

std::string PgServerDsn() {
    if (const char* dsn = std::getenv("GRANTCHECK_TEST_PG_DSN")) {
        return dsn;
    }
    if (const char* file = std::getenv("GRANTCHECK_TEST_PG_DSN_FILE")) {
        std::ifstream in(file);
        std::string dsn;
        if (std::getline(in, dsn) && !dsn.empty()) {
            return dsn;
        }
        throw std::runtime_error(std::string("no PostgreSQL test cluster: ") + file +
                                 " is missing (the pg_cluster_start test writes it)");
    }
    throw std::runtime_error(
        "GRANTCHECK_TEST_PG_DSN or GRANTCHECK_TEST_PG_DSN_FILE names the test cluster; run the "
        "PostgreSQL tests through ctest (its pg fixture starts one)");
}

void PgExec(const std::string& dsn, const std::string& sql) {
    PGconn* c = PQconnectdb(dsn.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        const std::string msg = PQerrorMessage(c);
        PQfinish(c);
        throw std::runtime_error("test cluster: " + msg);
    }
    PGresult* r = PQexec(c, sql.c_str());
    const auto status = PQresultStatus(r);
    const std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw std::runtime_error("test cluster: " + sql + ": " + msg);
    }
}

std::string NewTestDb(const TempDir& dir, const std::string& name) {
    if (!TestingPostgres()) {
        return (dir.path() / name).string();
    }
    static std::atomic<int> counter{0};
    // Unique across the processes CTest runs at once (pid) and within one (counter).
    const std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    const std::string server = PgServerDsn();
    PgExec(server, "CREATE SCHEMA " + schema);
    return server + (server.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema;
}

std::unique_ptr<store::Store> OpenTestDb(const std::string& db) {
    if (store::IsPgDsn(db)) {
        return store::OpenPgStore({db});
    }
    return store::OpenSqliteStore({db});
}

std::unique_ptr<store::Store> OpenTestStore(const TempDir& dir) {
    return OpenTestDb(NewTestDb(dir));
}

}  // namespace grantcheck::testing
