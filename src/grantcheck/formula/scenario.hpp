#pragma once

// Exposure and scenarios over a JAG allocation: withhold the awards of some recipients and
// reallocate what is withheld (or not), then see what every recipient gains or loses. Pure,
// integer cents, every split conserving its total (Apportion).
//
// The statute does not say where withheld money goes: the reallocation is the user's choice.
//   kNone      the withheld amounts are not paid out;
//   kState     each State's withheld amounts go to the other recipients of that State (its own
//              award, units and groups), in proportion to their awards in the base allocation;
//              a State whose every recipient is withheld keeps it unpaid;
//   kNational  all withheld amounts go to every other recipient in the country, in proportion
//              to their base awards.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grantcheck/formula/jag.hpp"

namespace grantcheck::formula {

enum class Realloc { kNone, kState, kNational };
std::string_view ToString(Realloc r);

// One payee of an allocation: a State's own award, a unit's direct award, or a group's joint
// award.
struct Recipient {
    std::string id;     // the state, unit or group id
    std::string state;  // the State it is in
    std::string kind;   // "state", "unit" or "disparate_group"
    Money base;         // its award in the allocation
};

struct ScenarioLine {
    uint32_t recipient = 0;  // index into Exposure::recipients()
    Money award;             // what it receives under the scenario
    bool withheld = false;
};

struct ScenarioResult {
    std::vector<ScenarioLine> lines;  // every recipient, in Exposure::recipients() order
    Money withheld;                   // the base awards withheld
    Money reallocated;                // of which paid to others
    Money unpaid;                     // of which not paid out
};

// An allocation compiled for scenarios: recipients indexed by id and by State, so that a
// scenario costs O(recipients), not a new allocation.
class Exposure {
public:
    explicit Exposure(const Allocation& allocation);

    const std::vector<Recipient>& recipients() const { return recipients_; }

    // The recipient an id names: a State, a unit with a direct award, or a group. A unit that is
    // a member of a group resolves to its group (the group holds the award). nullopt otherwise
    // (a unit below the threshold has no award to withhold).
    std::optional<uint32_t> Find(std::string_view id) const;

    // Runs a scenario that withholds the awards of `withheld` (recipient indices).
    ScenarioResult Run(const std::vector<uint32_t>& withheld, Realloc realloc) const;

private:
    std::vector<Recipient> recipients_;
    std::unordered_map<std::string, uint32_t> index_;
    std::vector<std::vector<uint32_t>> by_state_;  // recipient indices per State
    std::vector<uint32_t> state_of_;               // recipient -> index into by_state_
    std::vector<uint32_t> everyone_;               // 0 .. recipients - 1
};

}  // namespace grantcheck::formula
