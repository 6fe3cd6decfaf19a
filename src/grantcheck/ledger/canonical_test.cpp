#include "grantcheck/ledger/canonical.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace grantcheck::ledger {
namespace {

TEST(CanonicalTest, SortsKeysAndEscapesMinimally) {
    CanonicalObject o;
    o.Set("b", "x\"y\\z\n\x01").Set("a", int64_t{-5}).SetBool("c", true).SetNull("d");
    o.Set("e", std::vector<std::string>{"1", "2"});
    EXPECT_EQ(o.Str(), R"({"a":-5,"b":"x\"y\\z\n\u0001","c":true,"d":null,"e":["1","2"]})");
}

TEST(CanonicalTest, TheSameDataGivesTheSameBytesWhateverTheOrder) {
    model::Dataset a;
    a.sources = {{"s2", "https://b", "B", "", std::nullopt, "low"},
                 {"s1", "https://a", "A", "", PartialDate::Parse("2017-04"), "primary"}};
    model::Award award;
    award.id = "x";
    award.program = "p";
    award.amount = Money(123);
    a.awards = {award};
    model::Dataset b = a;
    std::reverse(b.sources.begin(), b.sources.end());
    EXPECT_EQ(CanonicalRecords(a), CanonicalRecords(b));
    const std::string text = CanonicalRecords(a);
    EXPECT_EQ(
        text.substr(0, text.find('\n')),
        R"({"id":"x","kind":"award","record":{"amount_cents":123,"amount_text":"","approximate":false,"description":"","fiscal_year":0,"jurisdiction":"","kind":"","program":"p","provenance":{"alternatives":[],"confidence":"confirmed","note":"","sources":[]}}})");
    b.awards[0].amount = Money(124);
    EXPECT_NE(CanonicalRecords(a), CanonicalRecords(b));
}

}  // namespace
}  // namespace grantcheck::ledger
