#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantcheck/common/date.hpp"
#include "grantcheck/formula/jag.hpp"
#include "grantcheck/formula/scenario.hpp"

namespace grantcheck::app {

// The inputs of the JAG formula, read from a directory:
//   states.csv: state, population, violent_crime_YYYY x 3 (three consecutive years)
//   units.csv (optional): unit, name, state, kind (city, county or other), county,
//                         county_bears_costs (true/false), violent_crime_YYYY x the same 3
// Throws AppError(kInvalidInput) listing every problem as file:line: column: reason (a missing
// column, a negative or non-numeric count, years that are not consecutive, a unit in no state,
// a county that is not a county of the same state); nothing is returned then.
struct AllocationInputs {
    std::vector<int> years;
    std::vector<formula::StateInput> states;
    std::vector<formula::UnitInput> units;
    std::vector<std::string> unit_names;  // parallel to units
};
AllocationInputs ReadAllocationInputs(const std::filesystem::path& dir);
// The same from the files' texts (`units_csv` may be absent); `where` stands for the directory
// in messages ("upload/states.csv:3: ...").
AllocationInputs ParseAllocationInputs(std::string_view states_csv,
                                       const std::optional<std::string>& units_csv,
                                       const std::string& where);

class ReadModel;

// The recipients a withholding rule names, as ids of the formula's inputs (GEOIDs when the
// inputs use them):
//   "list:<id>"          every jurisdiction the list names on `as_of` (its latest version then);
//   "finding:<outcome>"  every jurisdiction whose latest determination on a condition of
//                        `program` is `outcome` on `as_of` (e.g. finding:final_noncompliance);
//   anything else        that id, as written.
// `model` may be null when no rule needs the data. Throws InvalidInput naming `--withhold` for
// an unknown list or outcome, or a rule that needs the data without it.
std::vector<std::string> ResolveWithholding(const std::vector<std::string>& rules,
                                            const ReadModel* model,
                                            Date as_of,
                                            std::string_view program = "byrne-jag");

// A scenario over an allocation: the withholding rules resolved (ResolveWithholding), the
// recipients they name withheld, the money reallocated as `realloc` says ("none", "state",
// "national"). Throws InvalidInput naming `realloc` or `--withhold`.
struct ScenarioReport {
    formula::Allocation allocation;
    formula::Exposure exposure;
    formula::Realloc realloc;
    formula::ScenarioResult result;
    std::vector<std::string> not_recipients;  // ids the rules named that receive nothing here
};
ScenarioReport RunScenario(formula::Allocation allocation,
                           const std::vector<std::string>& rules,
                           std::string_view realloc,
                           Date as_of,
                           const ReadModel* model);

}  // namespace grantcheck::app
