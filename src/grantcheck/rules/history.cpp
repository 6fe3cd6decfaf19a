#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "grantcheck/common/text.hpp"
#include "grantcheck/rules/engine.hpp"

namespace grantcheck::rules {

std::string_view ToString(Change::Kind k) {
    using K = Change::Kind;
    switch (k) {
        case K::kListed:
            return "listed";
        case K::kDelisted:
            return "delisted";
        case K::kConditionApplies:
            return "condition_applies";
        case K::kConditionEnds:
            return "condition_ends";
        case K::kNoticeReceived:
            return "notice_received";
        case K::kDeadline:
            return "deadline";
        case K::kDeadlineExtended:
            return "deadline_extended";
        case K::kObligationMet:
            return "obligation_met";
        case K::kObligationMetLate:
            return "obligation_met_late";
        case K::kObligationMissed:
            return "obligation_missed";
        case K::kObligationNotRecorded:
            return "no_response_recorded";
        case K::kNoticeWithdrawn:
            return "notice_withdrawn";
        case K::kDetermination:
            return "determination";
        case K::kEnjoined:
            return "enjoined";
        case K::kEnforceableAgain:
            return "enforceable_again";
        case K::kProtectionUncertain:
            return "protection_uncertain";
        case K::kAssessmentChanged:
            return "assessment_changed";
    }
    return "";
}

namespace {}  // namespace

std::vector<Change> Engine::History(const model::Jurisdiction& jur) const {
    const uint32_t j = IndexOf(jur.geoid);
    // Every day on which something about this jurisdiction may change.
    std::set<int32_t> days;
    auto add = [&days](const PartialDate& d, int offset = 0) {
        days.insert(d.first.days() + offset);
        days.insert(d.last.days() + offset);
    };
    for (const auto& l : data_.lists) {
        for (const auto& v : l.versions) {
            add(v.published);
            if (v.withdrawn) {
                add(*v.withdrawn);
            }
        }
    }
    for (const auto& a : addressed_[j]) {
        add(a.notice->date);
        if (a.notice->deadline) {
            add(*a.notice->deadline, 1);
        }
        for (const auto& am : a.notice->amendments) {
            add(am.date);
            if (am.deadline) {
                add(*am.deadline, 1);
            }
        }
        if (auto it = responses_.find(a.notice->id + '\x1f' + jur.geoid); it != responses_.end()) {
            add(it->second->date);
        }
    }
    // Only the orders that may reach this jurisdiction, and the orders that change them.
    std::vector<uint32_t> candidates;
    for (const auto& c : conditions_) {
        Candidates(c, j, &candidates);
        for (uint32_t oi : candidates) {
            const Order& o = orders_[oi];
            days.insert(o.first);
            days.insert(o.last);
            for (uint32_t ai : o.affected_by) {
                days.insert(orders_[ai].first);
                days.insert(orders_[ai].last);
            }
        }
    }
    for (const auto& c : conditions_) {
        if (c.condition->applies_from) {
            days.insert(c.from_first);
            days.insert(c.from_last);
        }
        if (c.until != std::numeric_limits<int32_t>::max()) {
            days.insert(c.until);
        }
    }
    const uint32_t chain[] = {j, county_of_[j], state_of_[j]};
    for (uint32_t a : chain) {
        if (a == kNone) {
            continue;
        }
        for (const auto& info : policies_of_[a]) {
            const auto* p = info.policy;
            for (const auto& d : {p->adopted, p->effective, p->in_force_by, p->repealed}) {
                if (d) {
                    add(*d);
                }
            }
        }
    }

    std::vector<Change> out;
    const Status* before = nullptr;
    Status previous;
    for (int32_t day : days) {
        if (day < earliest_.days()) {
            continue;
        }
        const Date date = Date::FromDays(day);
        Status now = Evaluate(jur, date);
        const bool first = before == nullptr;
        // Lists.
        std::set<std::pair<const model::DesignationList*, int>> was, is;
        if (!first) {
            for (const auto& n : before->lists) {
                was.insert({n.list, n.version->version});
            }
        }
        for (const auto& n : now.lists) {
            is.insert({n.list, n.version->version});
            if (!was.contains({n.list, n.version->version})) {
                out.push_back(
                    {date, Change::Kind::kListed, nullptr, n.list, nullptr, nullptr, nullptr,
                     fmt::format("Named on {} (as \"{}\").", n.list->title, n.member->as_named)});
            }
        }
        for (const auto& [list, version] : was) {
            if (!is.contains({list, version})) {
                out.push_back({date, Change::Kind::kDelisted, nullptr, list, nullptr, nullptr,
                               nullptr, fmt::format("No longer on {}.", list->title)});
            }
        }
        // Notices and obligations, once per notice however many conditions it names.
        std::map<const model::Notice*, const Obligation*> obligations_now, obligations_before;
        for (const auto& c : now.conditions) {
            for (const auto& o : c.obligations) {
                obligations_now.emplace(o.notice, &o);
            }
        }
        if (!first) {
            for (const auto& c : before->conditions) {
                for (const auto& o : c.obligations) {
                    obligations_before.emplace(o.notice, &o);
                }
            }
        }
        for (const auto& a : addressed_[j]) {
            const auto& n = *a.notice;
            if (n.date.first.days() == day) {
                out.push_back(
                    {date, Change::Kind::kNoticeReceived, nullptr, nullptr, &n, nullptr, nullptr,
                     n.deadline ? fmt::format("{} — due {}.", n.title, n.deadline->ToString())
                                : fmt::format("{}.", n.title)});
                if (n.kind == model::NoticeKind::kDetermination && !a.recipient->finding.empty()) {
                    out.push_back({date, Change::Kind::kDetermination, nullptr, nullptr, &n,
                                   nullptr, nullptr,
                                   fmt::format("Finding: {} ({}).", Humanize(a.recipient->finding),
                                               n.title)});
                }
            }
        }
        for (const auto& [notice, ob] : obligations_now) {
            auto prev = obligations_before.find(notice);
            if (prev == obligations_before.end() || prev->second->state == ob->state) {
                continue;
            }
            Change::Kind kind = Change::Kind::kDeadline;
            std::string text;
            switch (ob->state) {
                case ObligationState::kMet:
                    kind = Change::Kind::kObligationMet;
                    text = fmt::format("Delivered what {} asked for{}.", notice->title,
                                       ob->response ? " (" + ob->response->summary + ")" : "");
                    break;
                case ObligationState::kMetLate:
                    kind = Change::Kind::kObligationMetLate;
                    text = fmt::format("Delivered late what {} asked for.", notice->title);
                    break;
                case ObligationState::kMissed:
                    kind = Change::Kind::kObligationMissed;
                    text =
                        fmt::format("The deadline of {} passed without a response.", notice->title);
                    break;
                case ObligationState::kNotRecorded:
                    kind = Change::Kind::kObligationNotRecorded;
                    text = fmt::format(
                        "The deadline of {} passed; no response is recorded in the "
                        "data.",
                        notice->title);
                    break;
                case ObligationState::kWithdrawn:
                    kind = Change::Kind::kNoticeWithdrawn;
                    text = fmt::format("{} was withdrawn.", notice->title);
                    break;
                case ObligationState::kExtended:
                    kind = Change::Kind::kDeadlineExtended;
                    text = fmt::format("The deadline of {} was extended to {}.", notice->title,
                                       ob->due.ToString());
                    break;
                case ObligationState::kOpen:
                    continue;
            }
            out.push_back({date, kind, nullptr, nullptr, notice, nullptr, nullptr, text});
        }
        // Conditions: applying, assessment, enforceability.
        for (size_t i = 0; i < now.conditions.size(); ++i) {
            const auto& c = now.conditions[i];
            if ((conditions_[i].kinds & (1u << static_cast<uint32_t>(jur.kind))) == 0) {
                continue;
            }
            const ConditionStatus* p = first ? nullptr : &before->conditions[i];
            if (c.applies && (p == nullptr || !p->applies)) {
                out.push_back({date, Change::Kind::kConditionApplies, c.condition, nullptr, nullptr,
                               nullptr, nullptr, fmt::format("{} applies.", c.condition->title)});
            } else if (!c.applies && p != nullptr && p->applies) {
                out.push_back({date, Change::Kind::kConditionEnds, c.condition, nullptr, nullptr,
                               nullptr, nullptr,
                               fmt::format("{} no longer applies.", c.condition->title)});
            }
            if (p != nullptr && p->assessment != c.assessment && c.applies) {
                out.push_back({date, Change::Kind::kAssessmentChanged, c.condition, nullptr,
                               nullptr, nullptr, nullptr,
                               fmt::format("Assessment of {}: {}.", c.condition->title,
                                           Humanize(ToString(c.assessment)))});
            }
            const bool was_enforceable = p == nullptr || p->enforceable;
            if (!c.enforceable && was_enforceable) {
                const auto& b = c.blocked_by.front();
                out.push_back(
                    {date, Change::Kind::kEnjoined, c.condition, nullptr, nullptr, b.order, b.kase,
                     fmt::format("{} is not enforceable: {} ({}).", c.condition->title,
                                 b.kase->title, Humanize(model::ToString(b.scope_by->kind)))});
            } else if (c.enforceable && !was_enforceable) {
                out.push_back(
                    {date, Change::Kind::kEnforceableAgain, c.condition, nullptr, nullptr,
                     p->blocked_by.front().scope_by, p->blocked_by.front().kase,
                     fmt::format(
                         "{} is enforceable again{}.", c.condition->title,
                         c.enforceable_certainty == Certainty::kUncertain ? " (uncertain)" : "")});
            } else if (p != nullptr && c.enforceable_certainty != p->enforceable_certainty &&
                       c.enforceable_certainty == Certainty::kUncertain) {
                out.push_back({date, Change::Kind::kProtectionUncertain, c.condition, nullptr,
                               nullptr, nullptr, nullptr,
                               fmt::format("Whether {} is enforceable becomes uncertain.",
                                           c.condition->title)});
            }
        }
        previous = std::move(now);
        before = &previous;
    }
    return out;
}

}  // namespace grantcheck::rules
