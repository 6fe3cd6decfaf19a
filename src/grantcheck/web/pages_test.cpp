#include "grantcheck/web/pages.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "bundled_router.hpp"

namespace grantcheck::web {
namespace {

class PagesTest : public testing::BundledRouterTest {
protected:
    PagesTest() { Register(router_, service_); }
};

TEST_F(PagesTest, EveryPageRenders) {
    for (const char* path :
         {"/", "/jurisdictions", "/jurisdictions/1714000", "/jurisdictions/17",
          "/jurisdictions/17031", "/lists", "/lists/dhs-2025-05", "/cases",
          "/cases/sf-v-trump-2025", "/static/style.css", "/notices/doj-2017-11-15-letters",
          "/receipt", "/lists/compare", "/timeline"}) {
        auto r = Get(path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_FALSE(r.body.empty()) << path;
        EXPECT_EQ(r.body.find(">false<"), std::string::npos) << path << " shows a raw boolean";
        EXPECT_EQ(r.body.find(" false<"), std::string::npos) << path << " shows a raw boolean";
    }
}

TEST_F(PagesTest, MarksConflictsAndUnconfirmedFacts) {
    auto r = Get("/lists/oig-2016-05");
    EXPECT_NE(r.body.find("badge unconfirmed"), std::string::npos);
    auto home = Get("/");
    EXPECT_NE(home.body.find("badge conflict"), std::string::npos);
}

TEST_F(PagesTest, EscapesWhatUsersTypeAndAnswersErrorsAsPages) {
    auto r = Get("/jurisdictions", {{"q", "<img src=x onerror=alert(1)>"}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<img src=x"), std::string::npos);
    EXPECT_NE(r.body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    auto missing = Get("/cases/<b>x</b>");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(missing.body.find("<b>x</b>"), std::string::npos);
    auto bad = Get("/jurisdictions", {{"kind", "planet"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("kind:"), std::string::npos);
}

}  // namespace
}  // namespace grantcheck::web

namespace grantcheck::web {
namespace {

TEST_F(PagesTest, JurisdictionPageShowsStatusOnTheChosenDateWithLinkedReasons) {
    auto r = Get("/jurisdictions/1714000", {{"as_of", "2017-10-01"}});
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("Status on 2017-10-01"), std::string::npos);
    EXPECT_NE(r.body.find("value=\"2017-10-01\""), std::string::npos);
    EXPECT_NE(r.body.find("Not enforceable: blocked by a court"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/cases/chicago-v-sessions-2017#chicago-2017-09-15-pi\""),
              std::string::npos);
    EXPECT_NE(
        r.body.find("href=\"#provision-chicago-welcoming-city-ordinance-no-status-disclosure\""),
        std::string::npos);
    EXPECT_NE(r.body.find("id=\"provision-chicago-welcoming-city-ordinance-no-status-disclosure\""),
              std::string::npos);
    EXPECT_NE(r.body.find("2017-09-15</strong> <span class=\"kind\">enjoined"), std::string::npos);
    auto bad = Get("/jurisdictions/1714000", {{"as_of", "2017-02-30"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("as_of"), std::string::npos);
}

TEST_F(PagesTest, CasePageListsWhomItsOrdersProtectOnTheChosenDate) {
    const auto path = std::string("/cases/chicago-v-sessions-2017");
    // Before the September 15, 2017 injunction nothing is protected by this case.
    auto before = Get(path, {{"as_of", "2017-09-01"}});
    ASSERT_EQ(before.status, 200);
    EXPECT_NE(before.body.find("Whom it protects on 2017-09-01"), std::string::npos);
    EXPECT_NE(before.body.find("no order of this case blocks a condition"), std::string::npos);
    // On October 1, 2017 its nationwide scope reaches every jurisdiction; Chicago, the party, leads
    // the list and the rest is handed to the map.
    auto after = Get(path, {{"as_of", "2017-10-01"}});
    ASSERT_EQ(after.status, 200);
    const auto everyone = service_.snapshot()->data().jurisdictions.size();
    EXPECT_NE(after.body.find(fmt::format(
                  "blocks <a href=\"/?measure=enforceable&amp;condition=jag-2017-access&amp;"
                  "as_of=2017-10-01\">FY2017 access condition</a> for {} jurisdictions",
                  everyone)),
              std::string::npos);
    const auto list = after.body.find("<ul class=\"inline\">");
    ASSERT_NE(list, std::string::npos);
    EXPECT_EQ(after.body.find("<li><a href=\"/jurisdictions/", list),
              after.body.find("<li><a href=\"/jurisdictions/1714000\">Chicago, IL", list));
    EXPECT_NE(after.body.find(fmt::format("and {} more", everyone - 60)), std::string::npos);
    auto bad = Get(path, {{"as_of", "yesterday"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("as_of"), std::string::npos);
}

}  // namespace
}  // namespace grantcheck::web

namespace grantcheck::web {
namespace {

TEST_F(PagesTest, PagesNameTheLogEntryThatRecordedThem) {
    for (const char* path :
         {"/jurisdictions/1714000", "/lists/doj-2017-11", "/cases/chicago-v-sessions-2017"}) {
        auto r = Get(path);
        EXPECT_NE(r.body.find("Recorded in <a href=\"/api/v1/log/receipts/0\">log entry 0</a>"),
                  std::string::npos)
            << path;
    }
}

}  // namespace
}  // namespace grantcheck::web

namespace grantcheck::web {
namespace {

TEST_F(PagesTest, SearchFindsChicagosOrdinanceAndEscapesSnippets) {
    auto r = Get("/search", {{"q", "Welcoming City"}});
    ASSERT_EQ(r.status, 200);
    const auto hit =
        r.body.find("href=\"/jurisdictions/1714000#policy-chicago-welcoming-city-ordinance\"");
    ASSERT_NE(hit, std::string::npos);
    EXPECT_LT(hit, r.body.find("lawndalenews"));  // records before their sources
    EXPECT_NE(r.body.find("<mark>"), std::string::npos);
    // Facets name the kinds of record found, with counts.
    EXPECT_NE(r.body.find("kind=policy\">Policies ("), std::string::npos);
    EXPECT_NE(r.body.find("kind=\" aria-current=\"true\" class=\"selected\">All ("),
              std::string::npos);
    auto evil = Get("/search", {{"q", "\"<script>alert(1)</script>"}});
    EXPECT_EQ(evil.status, 200);
    EXPECT_EQ(evil.body.find("<script>alert"), std::string::npos);
    auto kind = Get("/search", {{"q", "detainer"}, {"kind", "policy"}});
    EXPECT_EQ(kind.status, 200);
    EXPECT_EQ(Get("/search", {{"q", "x"}, {"kind", "planet"}}).status, 400);
}

}  // namespace
}  // namespace grantcheck::web

namespace grantcheck::web {
namespace {

TEST_F(PagesTest, TimelineFiltersByJurisdictionKindAndDates) {
    auto all = Get("/timeline");
    ASSERT_EQ(all.status, 200);
    EXPECT_NE(all.body.find("Inspector General sample"), std::string::npos);
    auto chicago = Get("/timeline", {{"jurisdiction", "Chicago, IL"}, {"kind", "order"}});
    ASSERT_EQ(chicago.status, 200);
    EXPECT_NE(chicago.body.find("concerning Chicago, IL"), std::string::npos);
    EXPECT_NE(chicago.body.find("/cases/chicago-v-sessions-2017#chicago-2017-09-15-pi"),
              std::string::npos);
    EXPECT_EQ(chicago.body.find("<span class=\"kind\">notice"), std::string::npos);
    auto window = Get("/timeline", {{"from", "2017-10-01"}, {"to", "2017-10-31"}});
    EXPECT_NE(window.body.find("2017-10-12"), std::string::npos);
    EXPECT_EQ(window.body.find("2016-05-31"), std::string::npos);
    EXPECT_EQ(Get("/timeline", {{"from", "2017-02-30"}}).status, 400);
    EXPECT_EQ(Get("/timeline", {{"kind", "<b>"}}).status, 400);
    EXPECT_EQ(Get("/timeline", {{"jurisdiction", "Nowhere Else"}}).status, 404);
    // By list and condition: the January 2018 list's members' orders on the FY2017 access
    // condition, and the feed link carries the same filters.
    auto access =
        Get("/timeline",
            {{"list", "doj-2018-01"}, {"condition", "jag-2017-access"}, {"kind", "order"}});
    ASSERT_EQ(access.status, 200);
    EXPECT_NE(access.body.find("/cases/chicago-v-sessions-2017#chicago-2017-09-15-pi"),
              std::string::npos);
    EXPECT_EQ(access.body.find("/cases/sf-v-trump-2025#"), std::string::npos);
    EXPECT_NE(access.body.find("<option value=\"doj-2018-01\" selected>"), std::string::npos);
    EXPECT_NE(access.body.find(
                  "/feeds/events.atom?jurisdiction=&amp;list=doj-2018-01&amp;condition=jag-2017-"
                  "access&amp;case=&amp;kind=order"),
              std::string::npos);
    // By case: its orders only.
    const auto by_case = Get("/timeline", {{"case", "sf-v-trump-2025"}, {"kind", "order"}});
    ASSERT_EQ(by_case.status, 200);
    EXPECT_NE(by_case.body.find("/cases/sf-v-trump-2025#"), std::string::npos);
    EXPECT_EQ(by_case.body.find("/cases/chicago-v-sessions-2017#"), std::string::npos);
    EXPECT_EQ(Get("/timeline", {{"case", "nope"}}).status, 400);
    EXPECT_EQ(Get("/timeline", {{"list", "nope"}}).status, 400);
    EXPECT_EQ(Get("/timeline", {{"condition", "nope"}}).status, 400);
}

}  // namespace
}  // namespace grantcheck::web
