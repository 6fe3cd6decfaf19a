#include "grantcheck/store/snapshot.hpp"

#include <gtest/gtest.h>

namespace grantcheck::store {
namespace {

model::Jurisdiction J(std::string geoid,
                      model::JurisdictionKind kind,
                      std::string name,
                      std::string usps,
                      std::string state,
                      std::string county = {}) {
    model::Jurisdiction j;
    j.geoid = std::move(geoid);
    j.kind = kind;
    j.name = std::move(name);
    j.usps = std::move(usps);
    j.state_geoid = std::move(state);
    j.county_geoid = std::move(county);
    return j;
}

model::Dataset Sample() {
    using K = model::JurisdictionKind;
    model::Dataset d;
    d.jurisdictions = {J("17", K::kState, "Illinois", "IL", "17"),
                       J("13", K::kState, "Georgia", "GA", "13"),
                       J("17031", K::kCounty, "Cook County", "IL", "17", "17031"),
                       J("13075", K::kCounty, "Cook County", "GA", "13", "13075"),
                       J("1714000", K::kCity, "Chicago", "IL", "17", "17031")};
    d.jurisdictions.back().ocd_id = "ocd-division/country:us/state:il/place:chicago";
    model::DesignationList list;
    list.id = "l";
    model::ListVersion v;
    v.members.push_back({"1714000", "Chicago, IL", {}, {}});
    list.versions.push_back(v);
    d.lists.push_back(list);
    model::Normalize(d);
    return d;
}

TEST(SnapshotTest, FindsByGeoidOcdAndName) {
    Snapshot s(Sample(), 7);
    EXPECT_EQ(s.version(), 7);
    ASSERT_NE(s.FindJurisdiction("1714000"), nullptr);
    EXPECT_EQ(s.FindByOcdId("ocd-division/country:us/state:il/place:chicago")->geoid, "1714000");
    EXPECT_EQ(s.FindByName("Chicago, IL").size(), 1u);
    EXPECT_EQ(s.FindByName("  city of  CHICAGO ,  Illinois").size(), 1u);
    EXPECT_EQ(s.FindByName("Cook County").size(), 2u);
    EXPECT_EQ(s.FindByName("Cook County, IL").front()->geoid, "17031");
    EXPECT_TRUE(s.FindByName("Springfield").empty());
}

TEST(SnapshotTest, IndexesRelations) {
    Snapshot s(Sample(), 1);
    ASSERT_EQ(s.ListsNaming("1714000").size(), 1u);
    EXPECT_EQ(s.ListsNaming("1714000")[0].list->id, "l");
    EXPECT_TRUE(s.ListsNaming("17031").empty());
    EXPECT_EQ(s.Children("17").size(), 1u);
    EXPECT_EQ(s.Children("17031").front()->geoid, "1714000");
}

TEST(SnapshotTest, NormalizesNames) {
    EXPECT_EQ(Snapshot::NormalizeName("St. Louis,MO"), "st louis, mo");
    EXPECT_EQ(Snapshot::NormalizeName("City and County of San Francisco"), "san francisco");
}

}  // namespace
}  // namespace grantcheck::store
