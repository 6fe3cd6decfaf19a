#pragma once

// Importing awards from a USAspending.gov assistance award download (CSV), matching each
// recipient to a jurisdiction by its state and county codes and its name — never by a guess:
// a recipient that matches no jurisdiction, or several, is reported for a person to decide
// (`grantcheck awards resolve`), and the decision is kept for the next import.
//
// Columns read (the download's names; the first of each group that is present is used):
//   award_id_fain                                       the award's FAIN (required)
//   recipient_name                                      (required)
//   recipient_uei | recipient_duns                      kept in the description
//   cfda_number | assistance_listing_number             rows of other listings are skipped
//   total_obligated_amount | federal_action_obligation  dollars (required)
//   award_base_action_date_fiscal_year | action_date_fiscal_year   (required)
//   recipient_state_code                                postal code (required)
//   recipient_county_code                               3-digit county FIPS (optional)

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "grantcheck/model/dataset.hpp"

namespace grantcheck::app {

class ReadModel;

struct AwardImport {
    size_t rows = 0;            // data rows read
    size_t other_listings = 0;  // rows of another assistance listing, skipped
    size_t left_out = 0;        // rows a person decided to leave out
    std::vector<model::Award> matched;
    struct Problem {
        size_t line = 0;
        std::string award;      // FAIN
        std::string recipient;  // as written
        std::string reason;
        std::vector<std::string> candidates;  // GEOIDs, for an ambiguous match
    };
    std::vector<Problem> unmatched;  // no jurisdiction, or several: a person decides
};

// Matches the rows of `csv` (from `file`, for messages) against the jurisdictions of `model`
// for `program` (its assistance listing number selects the rows). `resolutions` maps a FAIN to
// the GEOID a person chose ("" leaves it out). The awards cite `source_id` (a Source the
// caller adds). Throws InvalidInput naming file:line for a missing column or a bad number.
AwardImport MatchUsaspendingAwards(const ReadModel& model,
                                   std::string_view csv,
                                   std::string_view file,
                                   std::string_view program,
                                   const std::map<std::string, std::string>& resolutions,
                                   const std::string& source_id);

}  // namespace grantcheck::app
