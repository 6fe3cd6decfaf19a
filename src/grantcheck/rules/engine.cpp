#include "grantcheck/rules/engine.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace grantcheck::rules {
namespace {

void Add(Stake& s, const model::Award& a) {
    ++s.awards;
    if (a.amount) {
        s.known = s.known + *a.amount;
    } else {
        ++s.unknown;
    }
}

// An award is at stake under a condition of its program in one of the condition's years.
bool AtStakeUnder(const model::Condition& c, const model::Award& a) {
    return a.program == c.program && std::find(c.fiscal_years.begin(), c.fiscal_years.end(),
                                               a.fiscal_year) != c.fiscal_years.end();
}

constexpr int32_t kNever = std::numeric_limits<int32_t>::max();

uint32_t KindBit(model::JurisdictionKind k) {
    return 1u << static_cast<uint32_t>(k);
}

// Orders that protect on their own. The others (stays, lifts of stays, vacaturs, appellate
// rulings, clarifications) act only on the order they affect.
bool IsProtective(model::OrderKind k) {
    return k == model::OrderKind::kTro || k == model::OrderKind::kPreliminaryInjunction ||
           k == model::OrderKind::kPermanentInjunction || k == model::OrderKind::kJudgment;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string_view ToString(Assessment a) {
    switch (a) {
        case Assessment::kLikelyCompliant:
            return "likely_compliant";
        case Assessment::kLikelyBreach:
            return "likely_breach";
        case Assessment::kUnknown:
            return "unknown";
    }
    return "unknown";
}

std::string_view ToString(ObligationState s) {
    switch (s) {
        case ObligationState::kOpen:
            return "open";
        case ObligationState::kExtended:
            return "extended";
        case ObligationState::kMet:
            return "met";
        case ObligationState::kMetLate:
            return "met_late";
        case ObligationState::kMissed:
            return "missed";
        case ObligationState::kNotRecorded:
            return "not_recorded";
        case ObligationState::kWithdrawn:
            return "withdrawn";
    }
    return "open";
}

Engine::Engine(const model::Dataset& data) : data_(data) {
    const auto& js = data.jurisdictions;
    index_.reserve(js.size());
    for (uint32_t i = 0; i < js.size(); ++i) {
        index_.emplace(js[i].geoid, i);
    }
    kind_bits_.resize(js.size());
    for (uint32_t i = 0; i < js.size(); ++i) {
        kind_bits_[i] = KindBit(js[i].kind);
    }
    state_of_.assign(js.size(), kNone);
    county_of_.assign(js.size(), kNone);
    for (uint32_t i = 0; i < js.size(); ++i) {
        const auto& j = js[i];
        if (j.kind == model::JurisdictionKind::kCounty ||
            j.kind == model::JurisdictionKind::kCity) {
            state_of_[i] = IndexOf(j.state_geoid);
        }
        if (j.kind == model::JurisdictionKind::kCity) {
            county_of_[i] = IndexOf(j.county_geoid);
        }
    }

    // Provision types become bits, so a rule check is a few mask operations.
    std::unordered_map<std::string_view, uint32_t> bits;
    std::unordered_map<std::string_view, uint32_t> exception_bits;
    for (const auto& t : data.vocabulary) {
        auto& map = t.kind == "exception" ? exception_bits : bits;
        if (map.size() >= 64) {
            throw std::length_error("more than 64 provision types or exceptions in the vocabulary");
        }
        map.emplace(t.id, static_cast<uint32_t>(map.size()));
    }
    auto bit = [&bits](const std::string& type) {
        auto it = bits.find(type);
        return it == bits.end() ? 63u : it->second;
    };
    auto mask = [&exception_bits](const std::vector<std::string>& names) {
        uint64_t m = 0;
        for (const auto& n : names) {
            if (auto it = exception_bits.find(n); it != exception_bits.end()) {
                m |= 1ull << it->second;
            }
        }
        return m;
    };

    provisions_of_.resize(js.size());
    policies_of_.resize(js.size());
    for (const auto& p : data.policies) {
        const uint32_t owner = IndexOf(p.jurisdiction);
        if (owner == kNone) {
            continue;
        }
        const auto start = p.effective ? p.effective : p.adopted;
        const int32_t from = start ? start->last.days() : p.in_force_by->last.days();
        policies_of_[owner].push_back(
            {&p, from, start.has_value(), p.repealed ? p.repealed->first.days() : kNever});
        for (const auto& v : p.provisions) {
            provisions_of_[owner].push_back(static_cast<uint32_t>(provisions_.size()));
            provisions_.push_back({&p, &v, bit(v.type), mask(v.exceptions), from, start.has_value(),
                                   p.repealed ? p.repealed->first.days() : kNever});
        }
    }

    std::unordered_map<std::string_view, uint32_t> order_index;
    for (const auto& c : data.cases) {
        for (const auto& o : c.orders) {
            Order compiled{&c,
                           &o,
                           o.date.first.days(),
                           o.date.last.days(),
                           o.provenance.confidence == model::Confidence::kConfirmed,
                           {o.scope.kind, {}, {}},
                           {}};
            for (const auto& g : o.scope.jurisdictions) {
                if (auto i = IndexOf(g); i != kNone) {
                    compiled.scope.jurisdictions.push_back(i);
                }
            }
            std::sort(compiled.scope.jurisdictions.begin(), compiled.scope.jurisdictions.end());
            if (!compiled.scope.jurisdictions.empty()) {
                compiled.scope.members.assign((js.size() + 63) / 64, 0);
                for (uint32_t x : compiled.scope.jurisdictions) {
                    compiled.scope.members[x >> 6] |= 1ull << (x & 63);
                }
            }
            order_index.emplace(o.id, static_cast<uint32_t>(orders_.size()));
            orders_.push_back(std::move(compiled));
        }
    }
    for (uint32_t i = 0; i < orders_.size(); ++i) {
        const auto& affects = orders_[i].order->affects;
        if (auto it = order_index.find(affects); !affects.empty() && it != order_index.end()) {
            orders_[it->second].affected_by.push_back(i);
        }
    }
    for (auto& o : orders_) {
        std::stable_sort(
            o.affected_by.begin(), o.affected_by.end(),
            [this](uint32_t a, uint32_t b) { return orders_[a].first < orders_[b].first; });
    }

    for (const auto& c : data.conditions) {
        Condition cc{&c, 0, 0, 0, kNever, {}, 0, 0, {}, {}, {}, {}};
        for (auto k : c.recipient_kinds) {
            cc.kinds |= KindBit(k);
        }
        cc.from_first =
            c.applies_from ? c.applies_from->first.days() : std::numeric_limits<int32_t>::min();
        cc.from_last = c.applies_from ? c.applies_from->last.days() : cc.from_first;
        cc.until = c.applies_until ? c.applies_until->first.days() : kNever;
        for (const auto& clause : c.rule.breached_by) {
            cc.breach.push_back({bit(clause.provision), mask(clause.unless)});
            cc.breach_types |= 1ull << bit(clause.provision);
        }
        for (const auto& t : c.rule.complied_by) {
            cc.comply_types |= 1ull << bit(t);
        }
        for (uint32_t i = 0; i < orders_.size(); ++i) {
            // A protective order covers a condition it names; stays and the like act through
            // `affects` on the order they change.
            if (IsProtective(orders_[i].order->kind) &&
                Contains(orders_[i].order->conditions, c.id)) {
                cc.orders.push_back(i);
            }
        }
        IndexReach(cc, static_cast<uint32_t>(js.size()));
        conditions_.push_back(std::move(cc));
    }

    addressed_.resize(js.size());
    for (const auto& n : data.notices) {
        for (const auto& r : n.recipients) {
            if (auto i = IndexOf(r.jurisdiction); i != kNone) {
                addressed_[i].push_back({&n, &r});
            }
        }
    }
    for (auto& list : addressed_) {
        std::stable_sort(list.begin(), list.end(), [](const Addressed& a, const Addressed& b) {
            return a.notice->date.first < b.notice->date.first;
        });
    }
    for (const auto& r : data.responses) {
        responses_.emplace(r.notice + '\x1f' + r.jurisdiction, &r);
    }
    awards_of_.resize(js.size());
    for (const auto& a : data.awards) {
        if (auto i = IndexOf(a.jurisdiction); i != kNone) {
            awards_of_[i].push_back(&a);
        }
    }

    // The data begins with its first dated fact about jurisdictions.
    int32_t first = kNever;
    for (const auto& l : data.lists) {
        for (const auto& v : l.versions) {
            first = std::min(first, v.published.first.days());
        }
    }
    for (const auto& n : data.notices) {
        first = std::min(first, n.date.first.days());
    }
    for (const auto& o : orders_) {
        first = std::min(first, o.first);
    }
    for (const auto& c : conditions_) {
        if (c.condition->applies_from) {
            first = std::min(first, c.from_first);
        }
    }
    earliest_ = first == kNever ? Date::FromYmd(1970, 1, 1) : Date::FromDays(first);
}

void Engine::IndexReach(Condition& c, uint32_t jurisdictions) const {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (jurisdiction, order)
    for (uint32_t oi : c.orders) {
        const Order& o = orders_[oi];
        std::vector<const Scope*> scopes{&o.scope};
        for (uint32_t ai : o.affected_by) {
            scopes.push_back(&orders_[ai].scope);
        }
        const bool everywhere = std::any_of(scopes.begin(), scopes.end(), [](const Scope* s) {
            return s->kind == model::ScopeKind::kNationwide ||
                   s->kind == model::ScopeKind::kMembers;
        });
        if (everywhere) {
            c.everywhere.push_back(oi);
            continue;
        }
        for (const Scope* s : scopes) {
            for (uint32_t j : s->jurisdictions) {
                pairs.emplace_back(j, oi);
            }
        }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    c.reach_offsets.assign(jurisdictions + 1, 0);
    for (const auto& [j, oi] : pairs) {
        ++c.reach_offsets[j + 1];
    }
    for (uint32_t j = 0; j < jurisdictions; ++j) {
        c.reach_offsets[j + 1] += c.reach_offsets[j];
    }
    c.reach_orders.reserve(pairs.size());
    for (const auto& [j, oi] : pairs) {
        c.reach_orders.push_back(oi);
    }
}

void Engine::Candidates(const Condition& c, uint32_t j, std::vector<uint32_t>* out) const {
    out->assign(c.everywhere.begin(), c.everywhere.end());
    for (uint32_t x : {j, state_of_[j]}) {
        if (x != kNone) {
            out->insert(out->end(), c.reach_orders.begin() + c.reach_offsets[x],
                        c.reach_orders.begin() + c.reach_offsets[x + 1]);
        }
    }
    // Data order (case, then date), once each: what reasons list.
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
}

uint32_t Engine::IndexOf(std::string_view geoid) const {
    auto it = index_.find(geoid);
    return it == index_.end() ? kNone : it->second;
}

Engine::Cover Engine::Covers(const Scope& scope, uint32_t j) const {
    auto in = [&scope](uint32_t x) { return scope.Has(x); };
    switch (scope.kind) {
        case model::ScopeKind::kNationwide:
            return Cover::kYes;
        case model::ScopeKind::kNone:
            return Cover::kNo;
        case model::ScopeKind::kParties:
            return in(j) ? Cover::kYes : Cover::kNo;
        case model::ScopeKind::kState:
            return in(j) || in(state_of_[j]) ? Cover::kYes : Cover::kNo;
        case model::ScopeKind::kMembers:
            if (in(j)) {
                return Cover::kYes;
            }
            // Association membership is not in the data: a city may be a member.
            return kind_bits_[j] == KindBit(model::JurisdictionKind::kCity) ? Cover::kMaybe
                                                                            : Cover::kNo;
    }
    return Cover::kNo;
}

Engine::Cover Engine::OrderCovers(const Order& o,
                                  uint32_t j,
                                  int32_t day,
                                  const Order** scope_by) const {
    auto merge = [](Cover a, Cover b) { return a == b ? a : Cover::kMaybe; };
    Cover cover = Covers(o.scope, j);
    *scope_by = &o;
    for (uint32_t ai : o.affected_by) {
        const Order& a = orders_[ai];
        if (a.first > day) {
            break;
        }
        // A later injunction or judgment supersedes the order it affects (which then protects no
        // one); any other order replaces its scope with its own.
        const Cover next = IsProtective(a.order->kind) ? Cover::kNo : Covers(a.scope, j);
        cover = a.last <= day ? next : merge(cover, next);
        *scope_by = &a;
    }
    if (o.last > day) {
        cover = merge(cover, Cover::kNo);  // the order itself may not have been made yet
    }
    return cover;
}

template <bool kWithReasons>
void Engine::Assess(const Condition& c,
                    uint32_t j,
                    int32_t day,
                    ConditionStatus* out,
                    Assessment* assessment) const {
    if (c.breach.empty() && c.comply_types == 0) {
        *assessment = Assessment::kUnknown;
        if constexpr (kWithReasons) {
            out->reasons.push_back({Reason::Code::kNoRule});
        }
        return;
    }
    bool breach = false;
    bool comply = false;
    bool any_policy = false;
    bool all_in_hand = true;
    const uint32_t chain[] = {j, county_of_[j], state_of_[j]};
    for (uint32_t a : chain) {
        if (a == kNone) {
            continue;
        }
        for (uint32_t pi : provisions_of_[a]) {
            const Provision& p = provisions_[pi];
            const uint64_t bit = 1ull << p.type_bit;
            if (((c.breach_types | c.comply_types) & bit) == 0 || p.from > day ||
                p.repealed <= day) {
                continue;
            }
            if ((c.breach_types & bit) != 0) {
                for (const auto& clause : c.breach) {
                    if (clause.type_bit != p.type_bit) {
                        continue;
                    }
                    const bool saved = (clause.unless & p.exceptions) != 0;
                    breach |= !saved;
                    if constexpr (kWithReasons) {
                        out->reasons.push_back(
                            {saved ? Reason::Code::kSavedByException : Reason::Code::kBreach,
                             p.policy, p.provision});
                    }
                    break;
                }
            }
            if ((c.comply_types & bit) != 0) {
                comply = true;
                if constexpr (kWithReasons) {
                    out->reasons.push_back({Reason::Code::kShowsCompliance, p.policy, p.provision});
                }
            }
        }
        for (const auto& info : policies_of_[a]) {
            if (info.repealed <= day) {
                continue;
            }
            if (info.from > day) {
                if constexpr (kWithReasons) {
                    if (!info.from_known) {
                        out->reasons.push_back({Reason::Code::kNotYetInForce, info.policy});
                    }
                }
                continue;
            }
            any_policy = true;
            if (!info.policy->text_in_hand) {
                all_in_hand = false;
                if constexpr (kWithReasons) {
                    out->reasons.push_back({Reason::Code::kTextNotInHand, info.policy});
                }
            }
        }
    }
    if (breach) {
        *assessment = Assessment::kLikelyBreach;
    } else if (comply) {
        *assessment = Assessment::kLikelyCompliant;
    } else if (any_policy && all_in_hand) {
        *assessment = Assessment::kLikelyCompliant;
        if constexpr (kWithReasons) {
            out->reasons.push_back({Reason::Code::kTextInHand});
        }
    } else {
        *assessment = Assessment::kUnknown;
        if constexpr (kWithReasons) {
            if (!any_policy) {
                out->reasons.push_back({Reason::Code::kNoPolicy});
            }
        }
    }
}

template <bool kWithReasons>
void Engine::Enforce(const Condition& c,
                     uint32_t j,
                     int32_t day,
                     ConditionStatus* out,
                     bool* enforceable,
                     bool* certain) const {
    bool blocked = false;
    bool blocked_confirmed = false;
    bool maybe = false;
    auto examine = [&](uint32_t oi) {
        const Order& o = orders_[oi];
        if (o.first > day) {
            return;
        }
        const Order* scope_by = &o;
        const Cover cover = OrderCovers(o, j, day, &scope_by);
        if (cover == Cover::kNo) {
            return;
        }
        const bool confirmed = o.confirmed && scope_by->confirmed;
        if (cover == Cover::kYes) {
            blocked = true;
            blocked_confirmed |= confirmed;
        } else {
            maybe = true;
        }
        if constexpr (kWithReasons) {
            const auto certainty =
                cover == Cover::kYes && confirmed ? Certainty::kCertain : Certainty::kUncertain;
            if (cover == Cover::kYes) {
                out->blocked_by.push_back({o.kase, o.order, scope_by->order, certainty});
            }
            out->enforceable_reasons.push_back(
                {cover == Cover::kYes ? Reason::Code::kBlockedBy : Reason::Code::kMaybeBlockedBy,
                 nullptr, nullptr, o.kase, scope_by->order});
            if (cover == Cover::kYes && !confirmed) {
                out->enforceable_reasons.push_back(
                    {Reason::Code::kUnconfirmedOrder, nullptr, nullptr, o.kase, scope_by->order});
            }
        }
    };
    if constexpr (kWithReasons) {
        std::vector<uint32_t> candidates;
        Candidates(c, j, &candidates);
        for (uint32_t oi : candidates) {
            examine(oi);
        }
    } else {
        // The bulk path: no allocation; an order listed twice only repeats a check.
        for (uint32_t oi : c.everywhere) {
            examine(oi);
        }
        for (uint32_t x : {j, state_of_[j]}) {
            if (x != kNone) {
                for (uint32_t k = c.reach_offsets[x]; k < c.reach_offsets[x + 1]; ++k) {
                    examine(c.reach_orders[k]);
                }
            }
        }
    }
    *enforceable = !blocked;
    *certain = blocked ? blocked_confirmed : !maybe;
}

Obligation Engine::Oblige(const model::Notice& n, const model::Jurisdiction& j, int32_t day) const {
    Obligation ob{&n, *n.deadline, std::nullopt, ObligationState::kOpen};
    bool extended = false;
    for (const auto& a : n.amendments) {
        if (a.date.first.days() > day ||
            (!a.jurisdictions.empty() && !Contains(a.jurisdictions, j.geoid))) {
            continue;
        }
        if (a.date.last.days() > day) {
            ob.certainty = Certainty::kUncertain;
        }
        if (a.kind == "withdrawal") {
            ob.state = ObligationState::kWithdrawn;
            return ob;
        }
        if (a.deadline) {
            ob.original = *n.deadline;
            ob.due = *a.deadline;
            extended = true;
        }
    }
    const int32_t due = ob.due.last.days();
    auto it = responses_.find(n.id + '\x1f' + j.geoid);
    if (it != responses_.end() && it->second->date.first.days() <= day) {
        const auto& r = *it->second;
        ob.response = &r;
        if (r.date.last.days() > day) {
            ob.certainty = Certainty::kUncertain;
        }
        if (r.date.first.days() > due) {
            ob.state = ObligationState::kMetLate;
        } else {
            ob.state = ObligationState::kMet;
            if (r.date.last.days() > due) {
                ob.certainty = Certainty::kUncertain;
            }
        }
        return ob;
    }
    if (day <= due) {
        ob.state = extended ? ObligationState::kExtended : ObligationState::kOpen;
    } else {
        ob.state = n.responses_complete ? ObligationState::kMissed : ObligationState::kNotRecorded;
    }
    if (!ob.due.exact()) {
        ob.certainty = Certainty::kUncertain;
    }
    return ob;
}

ConditionStatus Engine::EvaluateCondition(uint32_t ci, uint32_t j, Date as_of) const {
    const Condition& c = conditions_[ci];
    const auto& jur = data_.jurisdictions[j];
    const int32_t day = as_of.days();
    ConditionStatus out;
    out.condition = c.condition;
    if ((c.kinds & KindBit(jur.kind)) == 0) {
        out.applies_reasons.push_back({Reason::Code::kNotRecipient});
    } else if (day < c.from_first) {
        out.applies_reasons.push_back({Reason::Code::kNotYetApplies});
    } else if (day >= c.until) {
        out.applies_reasons.push_back({Reason::Code::kNoLongerApplies});
    } else {
        out.applies = true;
        out.applies_reasons.push_back({Reason::Code::kRecipient});
        if (day < c.from_last) {
            out.applies_certainty = Certainty::kUncertain;
            out.applies_reasons.push_back({Reason::Code::kAppliesDateUncertain});
        }
    }
    Assess<true>(c, j, day, &out, &out.assessment);
    bool certain = true;
    Enforce<true>(c, j, day, &out, &out.enforceable, &certain);
    out.enforceable_certainty = certain ? Certainty::kCertain : Certainty::kUncertain;
    for (const auto& a : addressed_[j]) {
        const auto& n = *a.notice;
        if (n.date.first.days() > day || !Contains(n.conditions, c.condition->id)) {
            continue;
        }
        if (n.deadline) {
            out.obligations.push_back(Oblige(n, jur, day));
        }
        if (n.kind == model::NoticeKind::kDetermination && !a.recipient->finding.empty()) {
            out.determination = Determination{&n, a.recipient};  // addressed_ is by date
        }
    }
    for (const auto* award : awards_of_[j]) {
        if (AtStakeUnder(*c.condition, *award)) {
            out.awards.push_back(award);
        }
    }
    return out;
}

Status Engine::Evaluate(const model::Jurisdiction& jur, Date as_of) const {
    const uint32_t j = IndexOf(jur.geoid);
    Status status{&data_.jurisdictions[j], as_of, {}, {}};
    const int32_t day = as_of.days();
    for (const auto& l : data_.lists) {
        for (const auto& v : l.versions) {
            if (v.published.first.days() > day ||
                (v.withdrawn && v.withdrawn->last.days() <= day)) {
                continue;
            }
            for (const auto& m : v.members) {
                if (m.jurisdiction == jur.geoid) {
                    const bool certain = v.published.last.days() <= day &&
                                         (!v.withdrawn || v.withdrawn->first.days() > day);
                    status.lists.push_back(
                        {&l, &v, &m, certain ? Certainty::kCertain : Certainty::kUncertain});
                }
            }
        }
    }
    std::sort(status.lists.begin(), status.lists.end(), [](const auto& a, const auto& b) {
        return a.version->published.first < b.version->published.first;
    });
    status.conditions.reserve(conditions_.size());
    for (uint32_t ci = 0; ci < conditions_.size(); ++ci) {
        status.conditions.push_back(EvaluateCondition(ci, j, as_of));
    }
    return status;
}

Stake StakeOf(const ConditionStatus& c) {
    Stake s;
    for (const auto* a : c.awards) {
        Add(s, *a);
    }
    return s;
}

Stake StakeOf(const Status& status) {
    Stake s;
    std::set<const model::Award*> counted;
    for (const auto& c : status.conditions) {
        if (!c.applies) {
            continue;
        }
        for (const auto* a : c.awards) {
            if (counted.insert(a).second) {
                Add(s, *a);
            }
        }
    }
    return s;
}

ConditionStatus Engine::EvaluateCondition(const model::Jurisdiction& j,
                                          const model::Condition& c,
                                          Date as_of) const {
    const auto ji = static_cast<uint32_t>(&j - data_.jurisdictions.data());
    const auto ci = static_cast<uint32_t>(&c - data_.conditions.data());
    assert(ji < data_.jurisdictions.size() && ci < data_.conditions.size());
    return EvaluateCondition(ci, ji, as_of);
}

Summary Engine::Summarize(uint32_t j, uint32_t ci, Date as_of) const {
    const Condition& c = conditions_[ci];
    const int32_t day = as_of.days();
    Summary s{};
    s.applies = (c.kinds & kind_bits_[j]) != 0 && day >= c.from_first && day < c.until;
    Assess<false>(c, j, day, nullptr, &s.assessment);
    Enforce<false>(c, j, day, nullptr, &s.enforceable, &s.certain);
    for (const auto& a : addressed_[j]) {
        const auto& n = *a.notice;
        if (n.date.first.days() > day || !Contains(n.conditions, c.condition->id)) {
            continue;
        }
        if (n.deadline) {
            const auto state = Oblige(n, data_.jurisdictions[j], day).state;
            // The most pressing: open or extended over missed over the rest.
            auto rank = [](ObligationState x) {
                return x == ObligationState::kOpen || x == ObligationState::kExtended ? 3
                       : x == ObligationState::kMissed                                ? 2
                                                                                      : 1;
            };
            if (!s.has_obligation || rank(state) >= rank(s.obligation)) {
                s.obligation = state;
            }
            s.has_obligation = true;
        }
        if (n.kind == model::NoticeKind::kDetermination && !a.recipient->finding.empty()) {
            s.has_determination = true;
            s.determination = a.recipient;  // addressed_ is by date: the latest wins
        }
    }
    for (const auto* award : awards_of_[j]) {
        if (AtStakeUnder(*c.condition, *award)) {
            Add(s.stake, *award);
        }
    }
    return s;
}

}  // namespace grantcheck::rules
