#include "grantcheck/model/dataset.hpp"

#include <gtest/gtest.h>

namespace grantcheck::model {
namespace {

Source MakeSource(std::string id, std::string title) {
    Source s;
    s.id = std::move(id);
    s.title = std::move(title);
    s.url = "https://example.org/" + s.id;
    return s;
}

TEST(DatasetTest, MergeReplacesByIdAndKeepsTheRestSorted) {
    Dataset base;
    base.sources = {MakeSource("b", "old b"), MakeSource("a", "a")};
    Dataset update;
    update.sources = {MakeSource("c", "c"), MakeSource("b", "new b")};
    EXPECT_EQ(MergeInto(base, update), 1u);
    ASSERT_EQ(base.sources.size(), 3u);
    EXPECT_EQ(base.sources[0].id, "a");
    EXPECT_EQ(base.sources[1].title, "new b");
    EXPECT_EQ(base.sources[2].id, "c");
}

TEST(DatasetTest, NormalizeOrdersCaseOrdersByDate) {
    Dataset d;
    Case c;
    c.id = "x";
    CourtOrder late;
    late.id = "late";
    late.date = *PartialDate::Parse("2018-04-19");
    CourtOrder early;
    early.id = "early";
    early.date = *PartialDate::Parse("2017-09-15");
    c.orders = {late, early};
    d.cases.push_back(c);
    Normalize(d);
    EXPECT_EQ(d.cases[0].orders[0].id, "early");
}

TEST(RecordsTest, EnumNamesRoundTrip) {
    for (auto name : OrderKindNames()) {
        EXPECT_EQ(ToString(*ParseOrderKind(name)), name);
    }
    for (auto name : ScopeKindNames()) {
        EXPECT_EQ(ToString(*ParseScopeKind(name)), name);
    }
    EXPECT_FALSE(ParseScopeKind("global"));
}

TEST(RecordsTest, DisplayNameAddsTheStateForLocalities) {
    Jurisdiction j;
    j.kind = JurisdictionKind::kCity;
    j.name = "Chicago";
    j.usps = "IL";
    EXPECT_EQ(DisplayName(j), "Chicago, IL");
    j.kind = JurisdictionKind::kState;
    j.name = "Illinois";
    EXPECT_EQ(DisplayName(j), "Illinois");
}

}  // namespace
}  // namespace grantcheck::model
