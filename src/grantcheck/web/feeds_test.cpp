#include "grantcheck/web/feeds.hpp"

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <libical/ical.h>

#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include "test_support.hpp"

namespace grantcheck::web {
namespace {

class FeedsTest : public ::testing::Test {
protected:
    FeedsTest() : store_(store::OpenSqliteStore({":memory:"})), service_(*store_) {
        service_.Load({testing::SourceDir() / "data", testing::AtlasPath()}, "test");
        RegisterFeeds(router_, service_);
    }
    http::Response Get(std::string path, std::multimap<std::string, std::string> query = {}) {
        http::Request req;
        req.method = "GET";
        req.path = std::move(path);
        req.query = std::move(query);
        return router_.Handle(req);
    }
    std::unique_ptr<store::Store> store_;
    app::Service service_;
    http::Router router_;
};

struct Event {
    std::string start;
    std::string summary;
    std::string description;
    int alarms = 0;
};

// Reads the calendar back with libical's parser: uid -> event.
std::map<std::string, Event> Parse(const std::string& text) {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> cal(
        icalparser_parse_string(text.c_str()), &icalcomponent_free);
    EXPECT_NE(cal, nullptr);
    std::map<std::string, Event> events;
    if (!cal) {
        return events;
    }
    EXPECT_EQ(icalcomponent_count_errors(cal.get()), 0);
    for (auto* e = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT);
         e != nullptr; e = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT)) {
        Event ev;
        const icaltimetype start = icalcomponent_get_dtstart(e);
        EXPECT_TRUE(start.is_date);
        ev.start = icaltime_as_ical_string(start);
        ev.summary = icalcomponent_get_summary(e);
        ev.description = icalcomponent_get_description(e);
        ev.alarms = icalcomponent_count_components(e, ICAL_VALARM_COMPONENT);
        events[icalcomponent_get_uid(e)] = ev;
    }
    return events;
}

TEST_F(FeedsTest, ChicagosCalendarHoldsItsDeadlinesWithReminders) {
    auto r = Get("/feeds/deadlines.ics", {{"jurisdiction", "1714000"}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/calendar; charset=utf-8");
    const auto events = Parse(r.body);
    ASSERT_FALSE(events.empty());
    for (const auto& [uid, e] : events) {
        SCOPED_TRACE(uid);
        EXPECT_NE(uid.find("/1714000@grantcheck"), std::string::npos);
        EXPECT_NE(e.summary.find("Chicago, IL"), std::string::npos);
        EXPECT_EQ(e.alarms, 2);
    }
    // The April 21, 2017 letters: documentation and a legal opinion by June 30, 2017.
    const auto june30 = events.find("ojp-2017-04-21-letters/1714000@grantcheck");
    ASSERT_NE(june30, events.end());
    EXPECT_EQ(june30->second.start, "20170630");
    EXPECT_NE(june30->second.description.find("legal opinion"), std::string::npos);
    EXPECT_NE(june30->second.description.find("/notices/ojp-2017-04-21-letters"),
              std::string::npos);
    // The October 2017 preliminary findings gave until October 27 to answer.
    const auto october = events.find("doj-2017-10-12-preliminary/1714000@grantcheck");
    ASSERT_NE(october, events.end());
    EXPECT_EQ(october->second.start, "20171027");
}

TEST_F(FeedsTest, TheWholeCalendarHoldsEveryRecipientAndRejectsAnUnknownJurisdiction) {
    const auto all = Parse(Get("/feeds/deadlines.ics").body);
    const auto chicago = Parse(Get("/feeds/deadlines.ics", {{"jurisdiction", "1714000"}}).body);
    EXPECT_GT(all.size(), chicago.size());
    for (const auto& [uid, e] : chicago) {
        EXPECT_EQ(all.count(uid), 1U) << uid;
    }
    auto bad = Get("/feeds/deadlines.ics", {{"jurisdiction", "99999"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("jurisdiction"), std::string::npos);
}

}  // namespace
}  // namespace grantcheck::web
