#include "grantcheck/api/api.hpp"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bundled_router.hpp"

namespace grantcheck::api {
namespace {

using nlohmann::json;

class ApiTest : public testing::BundledRouterTest {
protected:
    ApiTest() { Register(router_, service_); }
};

TEST_F(ApiTest, JurisdictionNamesItsListsNoticesAndCases) {
    auto r = Get("/api/v1/jurisdictions/4260000");
    ASSERT_EQ(r.status, 200);
    auto j = json::parse(r.body);
    EXPECT_EQ(j["display_name"], "Philadelphia, PA");
    bool october = false;
    for (const auto& n : j["notices"]) {
        if (n["id"] == "doj-2017-10-12-preliminary") {
            october = true;
            EXPECT_EQ(n["deadline"], "2017-10-27");
            EXPECT_EQ(n["finding"], "preliminary_noncompliance");
        }
    }
    EXPECT_TRUE(october);
    EXPECT_EQ(j["cases"][0]["id"], "philadelphia-v-sessions-2017");
    EXPECT_EQ(j["cases"][0]["role"], "plaintiff");
}

TEST_F(ApiTest, ListsKeepUnresolvedMembersAndTheirCandidates) {
    auto j = json::parse(Get("/api/v1/lists/doj-2017-11").body);
    const auto& members = j["versions"][0]["members"];
    ASSERT_EQ(members.size(), 29u);
    const auto it = std::find_if(members.begin(), members.end(), [](const json& m) {
        return m["as_named"] == "Middlesex, New Jersey";
    });
    ASSERT_NE(it, members.end());
    EXPECT_TRUE((*it)["jurisdiction"].is_null());
    EXPECT_EQ((*it)["candidates"][0]["id"], "34023");
    EXPECT_EQ((*it)["confidence"], "unconfirmed");
}

TEST_F(ApiTest, CollectionsPageAndExportCsv) {
    auto page = json::parse(Get("/api/v1/sources", {{"limit", "5"}, {"offset", "5"}}).body);
    EXPECT_EQ(page["items"].size(), 5u);
    EXPECT_EQ(page["offset"], 5);
    auto csv = Get("/api/v1/awards", {{"format", "csv"}});
    EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body.substr(0, csv.body.find('\r')),
              "id,program,fiscal_year,jurisdiction_id,amount,approximate,amount_text,kind,"
              "description,confidence");
    // A value with a comma is quoted; an unknown amount is an empty field.
    EXPECT_NE(csv.body.find("\"$274,906,565\""), std::string::npos);
    EXPECT_NE(csv.body.find("jag-2017-us-released,byrne-jag,2017,US,,true"), std::string::npos);
}

TEST_F(ApiTest, BadParametersAreNamed) {
    auto r = Get("/api/v1/jurisdictions", {{"offset", "-1"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("offset: '-1' is not a whole number"), std::string::npos);
    EXPECT_EQ(Get("/api/v1/notices/nope").status, 404);
}

TEST_F(ApiTest, ServesItsOpenApiDocument) {
    auto r = Get("/api/v1/openapi.json");
    ASSERT_EQ(r.status, 200);
    auto doc = json::parse(r.body);
    EXPECT_EQ(doc["openapi"], "3.1.0");
    EXPECT_TRUE(doc["paths"].contains("/api/v1/jurisdictions/{id}"));
}

}  // namespace
}  // namespace grantcheck::api

namespace grantcheck::api {
namespace {

TEST_F(ApiTest, ComparesTwoListsByTheJurisdictionsTheyName) {
    auto r = Get("/api/v1/lists/compare", {{"a", "doj-2017-11"}, {"b", "doj-2018-01"}});
    ASSERT_EQ(r.status, 200);
    auto j = json::parse(r.body);
    // FACTS.md 1.4 and 1.5: the 23 of January 2018 are 19 of the November 29 plus four
    // contacted in April 2017 (Chicago, Cook County, New York City, California).
    EXPECT_EQ(j["only_a"].size(), 10u);
    EXPECT_EQ(j["both"].size(), 19u);
    ASSERT_EQ(j["only_b"].size(), 4u);
    std::set<std::string> added;
    for (const auto& m : j["only_b"]) {
        added.insert(m["jurisdiction"]["id"].get<std::string>());
    }
    EXPECT_EQ(added, (std::set<std::string>{"1714000", "17031", "3651000", "06"}));
    auto bad = Get("/api/v1/lists/compare", {{"a", "doj-2017-11"}, {"b", "nope"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("b: no designation list 'nope'"), std::string::npos);
}

}  // namespace
}  // namespace grantcheck::api
