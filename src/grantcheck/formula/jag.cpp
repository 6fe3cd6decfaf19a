#include "grantcheck/formula/jag.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "grantcheck/common/error.hpp"

namespace grantcheck::formula {
namespace {

using i128 = Weight;

// Weights proportional to half the population share plus half the crime share, over `members`.
std::vector<i128> FormulaWeights(const std::vector<StateInput>& states,
                                 const std::vector<bool>& members) {
    i128 p = 0;
    i128 c = 0;
    for (size_t i = 0; i < states.size(); ++i) {
        if (members[i]) {
            p += states[i].population;
            c += states[i].violent_crime;
        }
    }
    std::vector<i128> w(states.size(), 0);
    for (size_t i = 0; i < states.size(); ++i) {
        if (!members[i]) {
            continue;
        }
        // pop/P + crime/C over the common denominator P*C; a zero total drops that half.
        const i128 pop_part = c > 0 ? i128{states[i].population} * c : i128{states[i].population};
        const i128 crime_part =
            p > 0 ? i128{states[i].violent_crime} * p : i128{states[i].violent_crime};
        w[i] = (p > 0 ? pop_part : 0) + (c > 0 ? crime_part : 0);
    }
    return w;
}

}  // namespace

Money Allocation::Paid() const {
    int64_t sum = 0;
    for (const auto& s : states) {
        sum += s.state_award.cents();
    }
    for (const auto& u : units) {
        sum += u.award.cents();
    }
    for (const auto& g : groups) {
        sum += g.award.cents();
    }
    return Money(sum);
}

std::vector<Money> Apportion(Money total, const std::vector<i128>& weights) {
    const i128 sum = std::accumulate(weights.begin(), weights.end(), i128{0});
    std::vector<Money> out(weights.size());
    if (total.cents() == 0 || weights.empty()) {
        return out;
    }
    if (sum <= 0) {
        throw AppError(ErrorCode::kInvalidInput, "nothing to apportion by: every weight is zero");
    }
    std::vector<std::pair<i128, size_t>> fractions;
    fractions.reserve(weights.size());
    int64_t given = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        const i128 product = i128{total.cents()} * weights[i];
        out[i] = Money(static_cast<int64_t>(product / sum));
        given += out[i].cents();
        fractions.emplace_back(product % sum, i);
    }
    // The cents left over (fewer than the weights) go to the largest remainders, ties to the
    // lower index: a total order, so selecting the first `left` is enough (no full sort).
    const auto left = static_cast<size_t>(total.cents() - given);
    if (left > 0) {
        std::nth_element(fractions.begin(), fractions.begin() + static_cast<ptrdiff_t>(left - 1),
                         fractions.end(), [](const auto& a, const auto& b) {
                             return a.first != b.first ? a.first > b.first : a.second < b.second;
                         });
        for (size_t k = 0; k < left; ++k) {
            const size_t i = fractions[k].second;
            out[i] = Money(out[i].cents() + 1);
        }
    }
    return out;
}

// An index from id to position for one allocation's units: open addressing over one flat
// array (a node-based hash map spent a quarter of a national allocation allocating nodes).
class IdIndex {
public:
    explicit IdIndex(size_t n) : slots_(std::bit_ceil(std::max<size_t>(2 * n, 16)), 0) {}
    // Adds `id` at `pos`; false when the id is there already.
    bool Insert(std::string_view id, size_t pos, const std::vector<UnitInput>& units) {
        for (size_t s = Slot(id);; s = (s + 1) & (slots_.size() - 1)) {
            if (slots_[s] == 0) {
                slots_[s] = pos + 1;
                return true;
            }
            if (units[slots_[s] - 1].id == id) {
                return false;
            }
        }
    }
    // The position of `id`, or `units.size()` when absent.
    size_t Find(std::string_view id, const std::vector<UnitInput>& units) const {
        for (size_t s = Slot(id);; s = (s + 1) & (slots_.size() - 1)) {
            if (slots_[s] == 0) {
                return units.size();
            }
            if (units[slots_[s] - 1].id == id) {
                return slots_[s] - 1;
            }
        }
    }

private:
    size_t Slot(std::string_view id) const {
        return std::hash<std::string_view>{}(id) & (slots_.size() - 1);
    }
    std::vector<size_t> slots_;  // position + 1; 0 is empty
};

Allocation Allocate(Money total,
                    const std::vector<StateInput>& states,
                    const std::vector<UnitInput>& units,
                    const Parameters& parameters) {
    if (total.cents() < 0) {
        throw InvalidInput("the total appropriation is negative");
    }
    std::unordered_map<std::string_view, size_t> state_index;
    for (size_t i = 0; i < states.size(); ++i) {
        const auto& s = states[i];
        if (s.population < 0 || s.violent_crime < 0) {
            throw InvalidInput("state {}: a negative population or violent-crime count", s.id);
        }
        if (!state_index.emplace(s.id, i).second) {
            throw InvalidInput("state {} appears twice", s.id);
        }
    }
    if (states.empty()) {
        throw InvalidInput("no states to allocate to");
    }
    IdIndex unit_index(units.size());
    std::vector<size_t> state_of(units.size());                 // each unit's state index
    std::vector<size_t> county_of(units.size(), units.size());  // each city's county unit
    for (size_t i = 0; i < units.size(); ++i) {
        const auto& u = units[i];
        auto st = state_index.find(u.state);
        if (st == state_index.end()) {
            throw InvalidInput("unit {}: its state '{}' is not among the states", u.id, u.state);
        }
        state_of[i] = st->second;
        if (u.violent_crime < 0) {
            throw InvalidInput("unit {}: a negative violent-crime count", u.id);
        }
        if (!unit_index.Insert(u.id, i, units)) {
            throw InvalidInput("unit {} appears twice", u.id);
        }
    }
    for (size_t i = 0; i < units.size(); ++i) {
        const auto& u = units[i];
        if (u.county.empty()) {
            continue;
        }
        const size_t c = unit_index.Find(u.county, units);
        if (c == units.size() || !units[c].is_county || state_of[c] != state_of[i]) {
            throw InvalidInput("unit {}: its county '{}' is not a county unit of state {}", u.id,
                               u.county, u.state);
        }
        county_of[i] = c;
    }

    Allocation out;
    out.total = total;
    const size_t n = states.size();
    std::vector<bool> all(n, true);
    const auto weights = FormulaWeights(states, all);
    const i128 w_sum = std::accumulate(weights.begin(), weights.end(), i128{0});
    // A State is a minimum allocation State when its exact formula share is below the minimum:
    // w_i / W < bp / 10000.
    std::vector<bool> minimum(n, false);
    bool any_minimum = false;
    for (size_t i = 0; i < n; ++i) {
        minimum[i] =
            w_sum > 0 && weights[i] * 10000 < i128{parameters.minimum_basis_points} * w_sum;
        any_minimum = any_minimum || minimum[i];
    }
    std::vector<Money> allocation;
    if (!any_minimum) {
        allocation = Apportion(total, weights);
    } else {
        const Money floor_amount(total.cents() * parameters.minimum_basis_points / 10000);
        std::vector<bool> rest(n);
        for (size_t i = 0; i < n; ++i) {
            rest[i] = !minimum[i];
        }
        const Money remainder(total.cents() - floor_amount.cents() * static_cast<int64_t>(n));
        const auto extra = Apportion(remainder, FormulaWeights(states, rest));
        allocation.resize(n);
        for (size_t i = 0; i < n; ++i) {
            allocation[i] = floor_amount + extra[i];
        }
    }

    std::vector<std::vector<size_t>> units_of(states.size());  // by state index
    std::vector<std::vector<size_t>> cities_of(units.size());  // by county unit index
    for (size_t i = 0; i < units.size(); ++i) {
        units_of[state_of[i]].push_back(i);
        if (county_of[i] < units.size()) {
            cities_of[county_of[i]].push_back(i);
        }
    }
    out.units.resize(units.size());
    std::vector<bool> in_group(units.size(), false);  // units joined in a disparate group
    for (size_t i = 0; i < units.size(); ++i) {
        out.units[i].id = units[i].id;
        out.units[i].state = units[i].state;
    }
    for (size_t i = 0; i < n; ++i) {
        StateResult r;
        r.id = states[i].id;
        r.minimum = minimum[i];
        r.allocation = allocation[i];
        const bool keeps_all =
            std::find(parameters.no_local_share.begin(), parameters.no_local_share.end(), r.id) !=
            parameters.no_local_share.end();
        const auto split =
            Apportion(r.allocation, {keeps_all ? 100 : parameters.state_percent,
                                     keeps_all ? 0 : 100 - parameters.state_percent});
        r.state_share = split[0];
        r.local_share = split[1];

        const auto& members = units_of[i];
        std::vector<i128> crime;
        for (size_t u : members) {
            crime.push_back(units[u].violent_crime);
        }
        const bool any_crime =
            std::any_of(crime.begin(), crime.end(), [](i128 c) { return c > 0; });
        if (!any_crime) {
            r.below_threshold = r.local_share;  // no unit to receive it: it stays with the State
        } else {
            const auto shares = Apportion(r.local_share, crime);
            for (size_t k = 0; k < members.size(); ++k) {
                out.units[members[k]].eligible = shares[k];
            }
            // Disparate groups: counties bearing most costs, against their cities.
            for (size_t u : members) {
                const auto& county = units[u];
                if (!county.is_county || !county.county_bears_costs) {
                    continue;
                }
                const int64_t county_amount = out.units[u].eligible.cents();
                std::vector<size_t> cities, large;
                int64_t cities_amount = 0;
                for (size_t c : cities_of[u]) {
                    if (out.units[c].eligible.cents() > 0) {
                        cities.push_back(c);
                        cities_amount += out.units[c].eligible.cents();
                        if (out.units[c].eligible.cents() * 100 >
                            county_amount * parameters.disparate_single_percent) {
                            large.push_back(c);
                        }
                    }
                }
                const bool combined =
                    cities.size() > 1 &&
                    cities_amount * 100 > county_amount * parameters.disparate_combined_percent;
                const auto& chosen = combined ? cities : large;
                if (chosen.empty()) {
                    continue;
                }
                GroupResult g;
                g.id = county.id + "-disparate";
                g.state = r.id;
                g.members.push_back(county.id);
                int64_t joint = county_amount;
                in_group[u] = true;
                out.units[u].group = g.id;
                for (size_t c : chosen) {
                    g.members.push_back(units[c].id);
                    joint += out.units[c].eligible.cents();
                    in_group[c] = true;
                    out.units[c].group = g.id;
                }
                if (joint < parameters.threshold.cents()) {
                    r.below_threshold = r.below_threshold + Money(joint);
                } else {
                    g.award = Money(joint);
                }
                out.groups.push_back(std::move(g));
            }
            for (size_t u : members) {
                if (in_group[u]) {
                    continue;
                }
                auto& ur = out.units[u];
                if (ur.eligible < parameters.threshold) {
                    r.below_threshold = r.below_threshold + ur.eligible;
                } else {
                    ur.award = ur.eligible;
                }
            }
        }
        r.state_award = r.state_share + r.below_threshold;
        out.states.push_back(std::move(r));
    }
    return out;
}

}  // namespace grantcheck::formula
