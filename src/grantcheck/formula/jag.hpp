#pragma once

// The Byrne JAG allocation formula, 34 U.S.C. 10156 (formerly 42 U.S.C. 3755), as FACTS.md
// section 4 reads it. Pure: everything is an argument; amounts are integer cents and every split
// conserves its total exactly (largest remainder, ties to the lower index).
//
// 1. State allocation (a)(1): half by share of population, half by share of the three-year
//    violent crime (sums stand for averages: the shares are the same).
// 2. Minimum (a)(2): if any State would get less than 0.25% of the total, every State first gets
//    0.25% (in cents, rounded down; what rounding leaves joins the remainder), and the remainder
//    goes by (a)(1) to the States that were not below the minimum, their population and crime
//    alone forming the denominators.
// 3. (b) 60% of each State's amount to the State, 40% to its units of local government.
//    Parameter: `no_local_share` States keep all of it (Puerto Rico, per FACTS.md 4.0; D.C. and
//    the other territories are unconfirmed and default to the general rule).
// 4. (d) Local amount by each unit's share of the violent crime of the State's units.
// 5. A unit whose eligible amount is below the threshold ($10,000) gets no direct award; its
//    amount is added to the State's award.
// 6. Disparate jurisdictions (d)(4): where a county bears more than half the costs of
//    prosecution or incarceration (`county_bears_costs`), a city of it allocated more than 150%
//    of the county's amount, or its cities together more than 400%, form a group with the
//    county that receives one joint award, the sum of its members' eligible amounts. Members of
//    a group are not tested against the threshold one by one.

#include <cstdint>
#include <string>
#include <vector>

#include "grantcheck/common/money.hpp"

namespace grantcheck::formula {

// Weights for exact proportional splits: products of populations and crime totals need more than
// 64 bits. (__extension__: GCC and clang's 128-bit integer, quiet under -Wpedantic.)
__extension__ typedef __int128 Weight;

struct StateInput {
    std::string id;  // "IL"
    int64_t population = 0;
    int64_t violent_crime = 0;  // sum of the three years
};

struct UnitInput {
    std::string id;
    std::string state;   // StateInput::id
    std::string county;  // for a city: its county's unit id (empty when none)
    bool is_county = false;
    bool county_bears_costs = false;  // for a county: bears > 50% of prosecution/jail costs
    int64_t violent_crime = 0;        // sum of the three years
};

struct Parameters {
    int minimum_basis_points = 25;  // 0.25% (a)(2)
    int state_percent = 60;         // (b)
    Money threshold{1'000'000};     // $10,000 in cents
    int disparate_single_percent = 150;
    int disparate_combined_percent = 400;
    std::vector<std::string> no_local_share = {"PR"};
};

struct StateResult {
    std::string id;
    bool minimum = false;   // a minimum allocation State
    Money allocation;       // (a): the State's whole amount
    Money state_share;      // (b) 60%
    Money local_share;      // (b) 40%
    Money below_threshold;  // local amounts of units under the threshold, added to the State
    Money state_award;      // state_share + below_threshold
};

struct UnitResult {
    std::string id;
    std::string state;
    Money eligible;     // its share of the local amount
    Money award;        // its direct award (0 when below the threshold or in a group)
    std::string group;  // the disparate group it belongs to, if any
};

struct GroupResult {
    std::string id;  // "<county id>-disparate"
    std::string state;
    std::vector<std::string> members;  // the county first
    Money award;                       // joint award
};

struct Allocation {
    Money total;
    std::vector<StateResult> states;  // in input order
    std::vector<UnitResult> units;    // in input order
    std::vector<GroupResult> groups;

    // Everything paid out: state awards, direct unit awards and joint awards. Equals `total`.
    Money Paid() const;
};

// Splits `total` in proportion to `weights`, in whole cents: the shares always sum to `total`;
// the remainder goes to the largest fractional parts, ties to the lower index.
// REQUIRES: every weight >= 0 and (total == 0 or some weight > 0).
std::vector<Money> Apportion(Money total, const std::vector<Weight>& weights);

// Throws AppError(kInvalidInput) naming the record for: a negative count, a unit in no state,
// a duplicate id, a city whose county is not a county unit of the same State.
Allocation Allocate(Money total,
                    const std::vector<StateInput>& states,
                    const std::vector<UnitInput>& units,
                    const Parameters& parameters = {});

}  // namespace grantcheck::formula
