#include "grantcheck/web/feeds.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <libical/ical.h>

#include "grantcheck/common/error.hpp"

namespace grantcheck::web {
namespace {

using Calendar = std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)>;

icaltimetype Day(Date d) {
    icaltimetype t = icaltime_null_date();
    t.year = d.year();
    t.month = static_cast<int>(d.month());
    t.day = static_cast<int>(d.day());
    return t;
}

icalcomponent* Reminder(int days_before, const std::string& text) {
    icalcomponent* alarm = icalcomponent_new_valarm();
    icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
    icaltriggertype trigger = icaltriggertype_from_int(-days_before * 24 * 3600);
    icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
    icalcomponent_add_property(alarm, icalproperty_new_description(text.c_str()));
    return alarm;
}

// One event per (notice, jurisdiction): a notice covering two conditions sets one deadline.
void AddDeadlines(icalcomponent* cal,
                  const app::ReadModel& snap,
                  const model::Jurisdiction& j,
                  Date today,
                  const icaltimetype& stamp) {
    std::set<const model::Notice*> seen;
    for (const auto& cs : snap.engine().Evaluate(j, today).conditions) {
        for (const auto& o : cs.obligations) {
            if (o.state == rules::ObligationState::kWithdrawn || !seen.insert(o.notice).second) {
                continue;
            }
            const std::string name = model::DisplayName(j);
            std::string deliverables;
            for (const auto& d : o.notice->deliverables) {
                deliverables += (deliverables.empty() ? "" : ", ") + d;
            }
            std::string description = fmt::format("{} owes {} under \"{}\" ({}).", name,
                                                  deliverables.empty() ? "an answer" : deliverables,
                                                  o.notice->title, o.notice->sender);
            if (o.original) {
                description += fmt::format(" Extended from {}.", o.original->ToString());
            }
            if (!o.due.exact()) {
                description += fmt::format(
                    " The sources date this deadline only as {}; the calendar shows its last "
                    "possible day.",
                    o.due.ToString());
            }
            std::string state(rules::ToString(o.state));
            std::replace(state.begin(), state.end(), '_', ' ');
            description += fmt::format(" As of {}: {}. The notice: /notices/{}", today.ToString(),
                                       state, o.notice->id);
            icalcomponent* event = icalcomponent_new_vevent();
            const std::string uid = fmt::format("{}/{}@grantcheck", o.notice->id, j.geoid);
            icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
            icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
            icalcomponent_add_property(event, icalproperty_new_dtstart(Day(o.due.last)));
            icalcomponent_add_property(event, icalproperty_new_dtend(Day(o.due.last.AddDays(1))));
            const std::string summary = fmt::format("Deadline: {} — {}", name, o.notice->title);
            icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
            icalcomponent_add_property(event, icalproperty_new_description(description.c_str()));
            icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
            icalcomponent_add_component(event, Reminder(7, "In a week: " + summary));
            icalcomponent_add_component(event, Reminder(1, "Tomorrow: " + summary));
            icalcomponent_add_component(cal, event);
        }
    }
}

http::Response Deadlines(const app::ReadModel& snap, const http::Request& req) {
    const Date today = app::Service::Today();
    std::vector<const model::Jurisdiction*> who;
    if (auto geoid = req.Query("jurisdiction")) {
        const auto* j = snap.FindJurisdiction(*geoid);
        if (j == nullptr) {
            throw InvalidInput(
                "jurisdiction: there is no jurisdiction \"{}\" (a Census GEOID, e.g. 1714000).",
                *geoid);
        }
        who.push_back(j);
    } else {
        // Only recipients of a notice can owe anything: evaluate those, not every jurisdiction.
        std::set<std::string> recipients;
        for (const auto& n : snap.data().notices) {
            for (const auto& r : n.recipients) {
                recipients.insert(r.jurisdiction);
            }
        }
        for (const auto& id : recipients) {
            if (const auto* j = snap.FindJurisdiction(id)) {
                who.push_back(j);
            }
        }
    }
    Calendar cal(icalcomponent_new_vcalendar(), &icalcomponent_free);
    icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//grantcheck//deadlines//EN"));
    icalcomponent_add_property(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    const icaltimetype stamp =
        icaltime_from_timet_with_zone(now, 0, icaltimezone_get_utc_timezone());
    for (const auto* j : who) {
        AddDeadlines(cal.get(), snap, *j, today, stamp);
    }
    std::unique_ptr<char, decltype(&std::free)> text(icalcomponent_as_ical_string_r(cal.get()),
                                                     &std::free);
    http::Response r;
    r.content_type = "text/calendar; charset=utf-8";
    r.body = text ? text.get() : "";
    return r.With("Content-Disposition", "inline; filename=\"deadlines.ics\"");
}

}  // namespace

void RegisterFeeds(http::Router& router, app::Service& service) {
    router.Get("/feeds/deadlines.ics", [&service](const http::Request& req) {
        return Deadlines(*service.snapshot(), req);
    });
}

}  // namespace grantcheck::web
