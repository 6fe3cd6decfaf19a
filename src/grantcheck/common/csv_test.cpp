#include "grantcheck/common/csv.hpp"

#include <gtest/gtest.h>

#include "grantcheck/common/error.hpp"

namespace grantcheck {
namespace {

TEST(CsvTest, ParsesQuotesNewlinesAndLineNumbers) {
    auto rows = ParseCsv("a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n\"multi\nline\",z,\n4,5,6", "t.csv");
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[1].fields[1], "x, \"y\"");
    EXPECT_EQ(rows[1].line, 2u);
    EXPECT_EQ(rows[2].line, 4u);
    EXPECT_EQ(rows[2].fields[0], "multi\nline");
    EXPECT_EQ(rows[2].fields[2], "");
    EXPECT_EQ(rows[3].line, 6u);
}

TEST(CsvTest, NamesFileAndLineOfBadQuotes) {
    try {
        ParseCsv("a,b\n1,\"open\n2,3\n", "bad.csv");
        FAIL() << "expected an error";
    } catch (const AppError& e) {
        EXPECT_EQ(std::string(e.what()), "bad.csv:2: unterminated quoted field");
    }
    EXPECT_THROW(ParseCsv("a,b\n1,x\"y\n", "bad.csv"), AppError);
}

TEST(CsvTest, WritesWhatItReads) {
    std::vector<std::string> fields{"plain", "with,comma", "with \"quote\"", "two\nlines", ""};
    auto rows = ParseCsv(CsvLine(fields), "round.csv");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].fields, fields);
}

}  // namespace
}  // namespace grantcheck
