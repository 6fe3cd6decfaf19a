#include "grantcheck/web/feeds.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <libical/ical.h>
#include <libxml/xmlwriter.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"
#include "grantcheck/web/events.hpp"

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
            std::string description =
                fmt::format("{} owes {} under \"{}\" ({}).", name,
                            o.notice->deliverables.empty()
                                ? "an answer"
                                : fmt::format("{}", fmt::join(o.notice->deliverables, ", ")),
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
            description += fmt::format(" As of {}: {}. The notice: /notices/{}", today.ToString(),
                                       Humanize(rules::ToString(o.state)), o.notice->id);
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

// Streams the Atom document with libxml2's writer, which escapes every text and attribute.
class AtomWriter {
public:
    AtomWriter()
        : buffer_(xmlBufferCreate(), &xmlBufferFree),
          writer_(xmlNewTextWriterMemory(buffer_.get(), 0), &xmlFreeTextWriter) {
        if (!buffer_ || !writer_) {
            throw std::bad_alloc();
        }
        xmlTextWriterSetIndent(writer_.get(), 1);
        xmlTextWriterStartDocument(writer_.get(), nullptr, "UTF-8", nullptr);
    }
    void Start(const char* name) { xmlTextWriterStartElement(writer_.get(), X(name)); }
    void End() { xmlTextWriterEndElement(writer_.get()); }
    void Attribute(const char* name, const std::string& value) {
        xmlTextWriterWriteAttribute(writer_.get(), X(name), X(value.c_str()));
    }
    void Element(const char* name, const std::string& text) {
        xmlTextWriterWriteElement(writer_.get(), X(name), X(text.c_str()));
    }
    std::string Finish() {
        xmlTextWriterEndDocument(writer_.get());
        xmlTextWriterFlush(writer_.get());
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                           static_cast<size_t>(xmlBufferLength(buffer_.get())));
    }

private:
    static const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
    std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer_;
    std::unique_ptr<xmlTextWriter, decltype(&xmlFreeTextWriter)> writer_;
};

std::string AtomTime(Date d) {
    return d.ToString() + "T00:00:00Z";
}

http::Response Atom(const app::ReadModel& snap, const http::Request& req) {
    constexpr size_t kMaxEntries = 500;
    // An empty parameter (as a form sends it) means no filter.
    const auto param = [&req](std::string_view name) -> std::optional<std::string> {
        auto v = req.Query(name);
        return v && !v->empty() ? v : std::nullopt;
    };
    EventFilter filter;
    std::string title = "grantcheck: events";
    std::string query;
    if (auto ref = param("jurisdiction")) {
        filter.jurisdiction = &app::Service::ResolveJurisdiction(snap, *ref);
        title += " concerning " + model::DisplayName(*filter.jurisdiction);
        query += "&jurisdiction=" + filter.jurisdiction->geoid;
    }
    if (auto id = param("list")) {
        if ((filter.list = snap.FindList(*id)) == nullptr) {
            throw InvalidInput("list: there is no designation list \"{}\" (see /lists).", *id);
        }
        title += " · the members of " + filter.list->title;
        query += "&list=" + filter.list->id;
    }
    if (auto id = param("condition")) {
        if ((filter.condition = snap.FindCondition(*id)) == nullptr) {
            throw InvalidInput("condition: there is no condition \"{}\" (see /api/v1/conditions).",
                               *id);
        }
        title += " · " + filter.condition->title;
        query += "&condition=" + filter.condition->id;
    }
    if (auto id = param("case")) {
        if ((filter.kase = snap.FindCase(*id)) == nullptr) {
            throw InvalidInput("case: there is no case \"{}\" (see /cases).", *id);
        }
        title += " · " + filter.kase->title;
        query += "&case=" + filter.kase->id;
    }
    filter.kind = param("kind").value_or("");
    if (!filter.kind.empty()) {
        query += "&kind=" + filter.kind;
    }
    auto events = Events(snap, filter);
    std::reverse(events.begin(), events.end());  // newest first
    if (events.size() > kMaxEntries) {
        events.resize(kMaxEntries);
    }
    const std::string self = "/feeds/events.atom" + (query.empty() ? "" : "?" + query.substr(1));
    AtomWriter w;
    w.Start("feed");
    w.Attribute("xmlns", "http://www.w3.org/2005/Atom");
    w.Element("id", "tag:grantcheck,2026:" + self);
    w.Element("title", title);
    // The newest event dates the feed; an empty feed is as old as the data's first date.
    w.Element("updated",
              AtomTime(events.empty() ? snap.engine().earliest() : events.front().date.first));
    w.Start("link");
    w.Attribute("rel", "self");
    w.Attribute("href", self);
    w.End();
    w.Start("author");
    w.Element("name", "grantcheck");
    w.End();
    for (const auto& e : events) {
        std::string where = e.href;
        std::replace(where.begin(), where.end(), '#', '/');
        w.Start("entry");
        w.Element("id",
                  fmt::format("tag:grantcheck,2026:{}/{}{}", e.kind, e.date.ToString(), where));
        w.Element("title", e.title);
        w.Element("updated", AtomTime(e.date.first));
        w.Start("link");
        w.Attribute("href", e.href);
        w.End();
        w.Start("category");
        w.Attribute("term", e.kind);
        w.End();
        if (e.confidence != model::Confidence::kConfirmed) {
            w.Start("category");
            w.Attribute("term", std::string(model::ToString(e.confidence)));
            w.End();
        }
        std::string summary = e.detail;
        if (!e.date.exact()) {
            summary += fmt::format(" (the sources date it only as {})", e.date.ToString());
        }
        if (!summary.empty()) {
            w.Element("summary", summary);
        }
        w.End();
    }
    w.End();
    http::Response r;
    r.content_type = "application/atom+xml; charset=utf-8";
    r.body = w.Finish();
    return r;
}

}  // namespace

void RegisterFeeds(http::Router& router, app::Service& service) {
    router.Get("/feeds/deadlines.ics", [&service](const http::Request& req) {
        return Deadlines(*service.snapshot(), req);
    });
    router.Get("/feeds/events.atom",
               [&service](const http::Request& req) { return Atom(*service.snapshot(), req); });
}

}  // namespace grantcheck::web
