#include "grantcheck/formula/scenario.hpp"

#include <optional>

namespace grantcheck::formula {

std::string_view ToString(Realloc r) {
    switch (r) {
        case Realloc::kNone:
            return "none";
        case Realloc::kState:
            return "state";
        case Realloc::kNational:
            return "national";
    }
    return "none";
}

Exposure::Exposure(const Allocation& a) {
    std::unordered_map<std::string, uint32_t> state_index;
    auto add = [&](std::string id, const std::string& state, std::string kind, Money base) {
        auto [it, inserted] = state_index.emplace(state, static_cast<uint32_t>(by_state_.size()));
        if (inserted) {
            by_state_.emplace_back();
        }
        const auto i = static_cast<uint32_t>(recipients_.size());
        by_state_[it->second].push_back(i);
        state_of_.push_back(it->second);
        index_.emplace(id, i);
        everyone_.push_back(i);
        recipients_.push_back({std::move(id), state, std::move(kind), base});
    };
    for (const auto& s : a.states) {
        add(s.id, s.id, "state", s.state_award);
    }
    for (const auto& g : a.groups) {
        add(g.id, g.state, "disparate_group", g.award);
    }
    for (const auto& u : a.units) {
        if (u.award.cents() > 0) {
            add(u.id, u.state, "unit", u.award);
        } else if (!u.group.empty()) {
            index_.emplace(u.id, index_.at(u.group));  // a member answers for its group
        }
    }
}

std::optional<uint32_t> Exposure::Find(std::string_view id) const {
    auto it = index_.find(std::string(id));
    if (it == index_.end()) {
        return std::nullopt;
    }
    return it->second;
}

ScenarioResult Exposure::Run(const std::vector<uint32_t>& withheld, Realloc realloc) const {
    ScenarioResult r;
    r.lines.resize(recipients_.size());
    for (uint32_t i = 0; i < recipients_.size(); ++i) {
        r.lines[i] = {i, recipients_[i].base, false};
    }
    for (uint32_t i : withheld) {
        if (!r.lines[i].withheld) {
            r.lines[i].withheld = true;
            r.withheld = r.withheld + recipients_[i].base;
            r.lines[i].award = Money(0);
        }
    }
    // Splits `amount` among the recipients of `pool` that are not withheld, by base award.
    auto spread = [&](Money amount, const std::vector<uint32_t>& pool) {
        std::vector<Weight> weights;
        std::vector<uint32_t> who;
        for (uint32_t i : pool) {
            if (!r.lines[i].withheld && recipients_[i].base.cents() > 0) {
                weights.push_back(recipients_[i].base.cents());
                who.push_back(i);
            }
        }
        if (who.empty() || amount.cents() == 0) {
            r.unpaid = r.unpaid + amount;
            return;
        }
        const auto shares = Apportion(amount, weights);
        for (size_t k = 0; k < who.size(); ++k) {
            r.lines[who[k]].award = r.lines[who[k]].award + shares[k];
        }
        r.reallocated = r.reallocated + amount;
    };
    switch (realloc) {
        case Realloc::kNone:
            r.unpaid = r.withheld;
            break;
        case Realloc::kState: {
            std::vector<Money> per_state(by_state_.size());
            for (uint32_t i = 0; i < recipients_.size(); ++i) {
                if (r.lines[i].withheld) {  // from the lines: an index listed twice counts once
                    per_state[state_of_[i]] = per_state[state_of_[i]] + recipients_[i].base;
                }
            }
            for (size_t s = 0; s < by_state_.size(); ++s) {
                if (per_state[s].cents() > 0) {
                    spread(per_state[s], by_state_[s]);
                }
            }
            break;
        }
        case Realloc::kNational:
            spread(r.withheld, everyone_);
            break;
    }
    return r;
}

}  // namespace grantcheck::formula
