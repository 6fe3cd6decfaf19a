#pragma once

#include <filesystem>
#include <vector>

#include "grantcheck/formula/jag.hpp"

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

}  // namespace grantcheck::app
