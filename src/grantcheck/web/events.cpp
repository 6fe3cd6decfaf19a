#include "grantcheck/web/events.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"

namespace grantcheck::web {

const EventKind kEventKinds[7] = {
    {"", "Everything"},         {"list", "Lists"},         {"notice", "Letters and findings"},
    {"deadline", "Deadlines"},  {"order", "Court orders"}, {"filing", "Suits filed"},
    {"condition", "Conditions"}};

std::vector<Event> Events(const app::ReadModel& snap, const EventFilter& f) {
    if (std::none_of(std::begin(kEventKinds), std::end(kEventKinds),
                     [&f](const auto& k) { return k.value == f.kind; })) {
        throw InvalidInput(
            "kind: '{}' is not a kind of event (list, notice, deadline, order, "
            "filing, condition)",
            f.kind);
    }
    // Which jurisdictions the events must concern: the one asked for, the members of the list
    // asked for (in any version), both, or (neither) all.
    const bool by_place = f.jurisdiction != nullptr || f.list != nullptr;
    std::set<std::string> places;
    if (f.list != nullptr) {
        for (const auto& v : f.list->versions) {
            for (const auto& m : v.members) {
                if (f.jurisdiction == nullptr || m.jurisdiction == f.jurisdiction->geoid) {
                    places.insert(m.jurisdiction);
                }
            }
        }
    } else if (f.jurisdiction != nullptr) {
        places.insert(f.jurisdiction->geoid);
    }
    const auto concerns = [&](const std::string& geoid) {
        return !by_place || places.count(geoid) != 0;
    };
    const auto about = [&](const std::vector<std::string>& conditions) {
        return f.condition == nullptr ||
               std::find(conditions.begin(), conditions.end(), f.condition->id) != conditions.end();
    };
    std::set<const model::Case*> cases;
    for (const auto& geoid : places) {
        for (const auto* c : snap.CasesInvolving(geoid)) {
            cases.insert(c);
        }
    }

    std::vector<Event> events;
    const auto& d = snap.data();
    if (f.condition == nullptr && f.kase == nullptr) {
        for (const auto& l : d.lists) {
            if (f.list != nullptr && &l != f.list) {
                continue;
            }
            for (const auto& v : l.versions) {
                if (std::none_of(v.members.begin(), v.members.end(),
                                 [&](const auto& m) { return concerns(m.jurisdiction); })) {
                    continue;
                }
                events.push_back(
                    {v.published, "list", l.title,
                     fmt::format("{} names {} jurisdictions", l.issuer, v.members.size()),
                     "/lists/" + l.id, l.provenance.confidence});
            }
        }
    }
    for (const auto& n : d.notices) {
        if (f.kase != nullptr || !about(n.conditions) ||
            std::none_of(n.recipients.begin(), n.recipients.end(),
                         [&](const auto& r) { return concerns(r.jurisdiction); })) {
            continue;
        }
        events.push_back({n.date, "notice", n.title,
                          fmt::format("{} · {} recipients", n.sender, n.recipients.size()),
                          "/notices/" + n.id, n.provenance.confidence});
        if (n.deadline) {
            events.push_back({*n.deadline, "deadline", "Due: " + n.title,
                              n.deliverables.empty() ? "" : "to deliver: " + n.deliverables.front(),
                              "/notices/" + n.id, model::Confidence::kConfirmed});
        }
    }
    for (const auto& c : d.cases) {
        if ((by_place && cases.count(&c) == 0) || (f.kase != nullptr && &c != f.kase)) {
            continue;
        }
        const bool covers = f.condition == nullptr ||
                            std::any_of(c.orders.begin(), c.orders.end(),
                                        [&](const auto& o) { return about(o.conditions); });
        if (c.filed && covers) {
            events.push_back({*c.filed, "filing", "Filed: " + c.title, c.court + " " + c.docket,
                              "/cases/" + c.id, c.provenance.confidence});
        }
        for (const auto& o : c.orders) {
            if (!about(o.conditions)) {
                continue;
            }
            events.push_back({o.date, "order",
                              fmt::format("{} — {}", Humanize(model::ToString(o.kind)), c.title),
                              o.summary, fmt::format("/cases/{}#{}", c.id, o.id),
                              o.provenance.confidence});
        }
    }
    if (!by_place && f.kase == nullptr) {
        for (const auto& c : d.conditions) {
            if (c.applies_from && (f.condition == nullptr || &c == f.condition)) {
                events.push_back({*c.applies_from, "condition", c.title + " applies", c.summary,
                                  "/api/v1/conditions/" + c.id, c.provenance.confidence});
            }
        }
    }
    std::erase_if(events, [&](const Event& e) {
        return (!f.kind.empty() && e.kind != f.kind) || (f.from && e.date.last < *f.from) ||
               (f.to && e.date.first > *f.to);
    });
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.date.first < b.date.first; });
    return events;
}

}  // namespace grantcheck::web
