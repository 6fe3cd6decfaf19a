#pragma once

// The dated events of the data — lists published, letters and findings, deadlines, suits filed,
// court orders, conditions taking effect — as the timeline page and the Atom feed show them.

#include <optional>
#include <string>
#include <vector>

#include "grantcheck/app/service.hpp"

namespace grantcheck::web {

struct Event {
    PartialDate date;
    std::string kind;  // list, notice, deadline, filing, order, condition
    std::string title;
    std::string detail;
    std::string href;  // the page that tells more
    model::Confidence confidence = model::Confidence::kConfirmed;
};

struct EventFilter {
    const model::Jurisdiction* jurisdiction = nullptr;  // events that concern it
    const model::Condition* condition = nullptr;        // notices and orders about it, itself
    const model::DesignationList* list = nullptr;       // its versions and the notices it led to
    const model::Case* kase = nullptr;                  // only its filing and orders
    std::string kind{};                                 // empty: every kind
    std::optional<Date> from{}, to{};
};

// The kinds of event, with a label for people ("" is every kind).
struct EventKind {
    std::string_view value, label;
};
extern const EventKind kEventKinds[7];

// Events that pass `filter`, oldest first. Throws InvalidInput naming `kind` if it is unknown.
std::vector<Event> Events(const app::ReadModel& snap, const EventFilter& filter);

}  // namespace grantcheck::web
