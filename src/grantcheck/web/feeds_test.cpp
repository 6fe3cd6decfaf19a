#include "grantcheck/web/feeds.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <libical/ical.h>

#include "grantcheck/web/events.hpp"

#include "bundled_router.hpp"

namespace grantcheck::web {
namespace {

class FeedsTest : public testing::BundledRouterTest {
protected:
    FeedsTest() { RegisterFeeds(router_, service_); }
};

struct CalendarEvent {
    std::string start;
    std::string summary;
    std::string description;
    int alarms = 0;
};

// Reads the calendar back with libical's parser: uid -> event.
std::map<std::string, CalendarEvent> Parse(const std::string& text) {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> cal(
        icalparser_parse_string(text.c_str()), &icalcomponent_free);
    EXPECT_NE(cal, nullptr);
    std::map<std::string, CalendarEvent> events;
    if (!cal) {
        return events;
    }
    EXPECT_EQ(icalcomponent_count_errors(cal.get()), 0);
    for (auto* e = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT);
         e != nullptr; e = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT)) {
        CalendarEvent ev;
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

TEST_F(FeedsTest, EventsFilterByJurisdictionListAndCondition) {
    const auto snap = service_.snapshot();
    const auto all = Events(*snap, {});
    const auto* chicago = snap->FindJurisdiction("1714000");
    const auto* condition = snap->FindCondition("jag-2017-access");
    const auto* list = snap->FindList("doj-2018-01");
    ASSERT_TRUE(chicago && condition && list);
    const auto mine = Events(*snap, {.jurisdiction = chicago});
    EXPECT_LT(mine.size(), all.size());
    // The condition keeps notices that name it and orders that cover it; lists are about no
    // condition.
    for (const auto& e : Events(*snap, {.condition = condition})) {
        SCOPED_TRACE(e.href);
        EXPECT_NE(e.kind, "list");
        if (e.kind == "notice" || e.kind == "deadline") {
            const auto* n = snap->FindNotice(e.href.substr(std::string("/notices/").size()));
            ASSERT_NE(n, nullptr);
            EXPECT_NE(std::find(n->conditions.begin(), n->conditions.end(), condition->id),
                      n->conditions.end());
        }
    }
    // A list keeps its own versions and no other list's.
    const auto members = Events(*snap, {.list = list, .kind = "list"});
    ASSERT_FALSE(members.empty());
    for (const auto& e : members) {
        EXPECT_EQ(e.href, "/lists/doj-2018-01");
    }
    // A case keeps its filing and its orders, and nothing else.
    const auto* kase = snap->FindCase("chicago-v-sessions-2017");
    ASSERT_NE(kase, nullptr);
    const auto of_case = Events(*snap, {.kase = kase});
    EXPECT_EQ(of_case.size(), kase->orders.size() + (kase->filed ? 1 : 0));
    for (const auto& e : of_case) {
        EXPECT_TRUE(e.href.starts_with("/cases/chicago-v-sessions-2017")) << e.href;
    }
    // Oldest first, and dates filter.
    const auto y2017 =
        Events(*snap, {.from = Date::Parse("2017-01-01"), .to = Date::Parse("2017-12-31")});
    ASSERT_FALSE(y2017.empty());
    for (size_t i = 0; i < y2017.size(); ++i) {
        EXPECT_LE(y2017[i].date.first.year(), 2017);
        EXPECT_GE(y2017[i].date.last.year(), 2017);
        if (i > 0) {
            EXPECT_LE(y2017[i - 1].date.first, y2017[i].date.first);
        }
    }
    EXPECT_THROW(Events(*snap, {.kind = "planet"}), AppError);
}

}  // namespace
}  // namespace grantcheck::web
