#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "grantcheck/common/error.hpp"

#include "test_support.hpp"

// What only SQLite does; the behaviour both backends share is tests/integration/
// store_contract_test.cpp.
namespace grantcheck::store {
namespace {

TEST(SqliteStoreTest, UsesWalAndForeignKeys) {
    testing::TempDir dir;
    const auto path = (dir.path() / "t.db").string();
    { OpenSqliteStore({path}); }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

TEST(SqliteStoreTest, UnopenablePathIsUnavailable) {
    try {
        OpenSqliteStore({"/nonexistent-dir/sub/x.db"});
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/sub/x.db"), std::string::npos);
    }
}

}  // namespace
}  // namespace grantcheck::store
