#include "grantcheck/app/awards.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "grantcheck/app/service.hpp"
#include "grantcheck/common/csv.hpp"
#include "grantcheck/common/error.hpp"

namespace grantcheck::app {
namespace {

std::string Upper(std::string_view s) {
    std::string out;
    for (char c : s) {
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

// "CITY OF CHICAGO" -> {"CHICAGO", city}; "COUNTY OF COOK" / "COOK COUNTY" -> {"COOK", county}.
struct NameGuess {
    std::string name;
    bool county = false;
    bool city = false;
    bool state = false;
};

NameGuess Guess(std::string_view raw) {
    std::string s = Upper(raw);
    std::replace_if(
        s.begin(), s.end(), [](char c) { return c == ',' || c == '.'; }, ' ');
    // Collapse spaces.
    std::string t;
    for (char c : s) {
        if (c != ' ' || (!t.empty() && t.back() != ' ')) {
            t += c;
        }
    }
    while (!t.empty() && t.back() == ' ') {
        t.pop_back();
    }
    NameGuess g;
    auto strip_prefix = [&](std::string_view p) {
        if (t.rfind(p, 0) == 0) {
            t = t.substr(p.size());
            return true;
        }
        return false;
    };
    auto strip_suffix = [&](std::string_view p) {
        if (t.size() > p.size() && t.compare(t.size() - p.size(), p.size(), p) == 0) {
            t = t.substr(0, t.size() - p.size());
            return true;
        }
        return false;
    };
    if (strip_prefix("STATE OF ")) {
        g.state = true;
    } else if (strip_prefix("COUNTY OF ") || strip_suffix(" COUNTY") || strip_suffix(" PARISH")) {
        g.county = true;
    } else if (strip_prefix("CITY OF ") || strip_prefix("TOWN OF ") ||
               strip_prefix("VILLAGE OF ") || strip_prefix("BOROUGH OF ") ||
               strip_suffix(" CITY") || strip_suffix(" TOWN") || strip_suffix(" VILLAGE")) {
        g.city = true;
    }
    if (strip_prefix("CITY AND COUNTY OF ")) {
        g.city = g.county = true;
    }
    g.name = t;
    return g;
}

size_t Column(const CsvRow& header,
              std::initializer_list<std::string_view> names,
              std::string_view file,
              bool required) {
    for (auto name : names) {
        for (size_t i = 0; i < header.fields.size(); ++i) {
            if (header.fields[i] == name) {
                return i;
            }
        }
    }
    if (required) {
        throw InvalidInput(
            "{}:{}: the column {} is missing (a USAspending assistance award "
            "download has it)",
            file, header.line, *names.begin());
    }
    return header.fields.size();
}

}  // namespace

AwardImport MatchUsaspendingAwards(const ReadModel& m,
                                   std::string_view csv,
                                   std::string_view file,
                                   std::string_view program_id,
                                   const std::map<std::string, std::string>& resolutions,
                                   const std::string& source_id) {
    const auto* program = m.FindProgram(program_id);
    if (program == nullptr) {
        throw InvalidInput("--program: '{}' is not a program", program_id);
    }
    const auto rows = ParseCsv(csv, file);
    if (rows.empty()) {
        throw InvalidInput("{}: empty; expected a USAspending assistance award download", file);
    }
    const auto& h = rows.front();
    const size_t c_fain = Column(h, {"award_id_fain"}, file, true);
    const size_t c_name = Column(h, {"recipient_name"}, file, true);
    const size_t c_uei = Column(h, {"recipient_uei", "recipient_duns"}, file, false);
    const size_t c_listing = Column(h, {"cfda_number", "assistance_listing_number"}, file, true);
    const size_t c_amount =
        Column(h, {"total_obligated_amount", "federal_action_obligation"}, file, true);
    const size_t c_year =
        Column(h, {"award_base_action_date_fiscal_year", "action_date_fiscal_year"}, file, true);
    const size_t c_state = Column(h, {"recipient_state_code"}, file, true);
    const size_t c_county = Column(h, {"recipient_county_code"}, file, false);

    AwardImport out;
    std::set<std::string> seen;
    for (size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        auto field = [&](size_t c) -> std::string {
            return c < row.fields.size() ? row.fields[c] : std::string();
        };
        const auto where = [&](std::string_view col) {
            return fmt::format("{}:{}: {}", file, row.line, col);
        };
        ++out.rows;
        if (field(c_listing) != program->assistance_listing) {
            ++out.other_listings;
            continue;
        }
        const std::string fain = field(c_fain);
        if (fain.empty()) {
            throw InvalidInput("{}: empty", where("award_id_fain"));
        }
        const auto amount = Money::Parse(field(c_amount));
        if (!amount || amount->cents() < 0) {
            throw InvalidInput("{}: '{}' is not an amount in dollars",
                               where("total_obligated_amount"), field(c_amount));
        }
        const std::string year_text = field(c_year);
        if (year_text.size() != 4 ||
            year_text.find_first_not_of("0123456789") != std::string::npos) {
            throw InvalidInput("{}: '{}' is not a fiscal year", where("fiscal_year"), year_text);
        }
        const std::string recipient = field(c_name);
        AwardImport::Problem problem{row.line, fain, recipient, "", {}};
        std::vector<const model::Jurisdiction*> candidates;
        if (auto res = resolutions.find(fain); res != resolutions.end()) {
            if (res->second.empty()) {
                ++out.left_out;
                continue;
            }
            if (const auto* j = m.FindJurisdiction(res->second)) {
                candidates = {j};
            }
        } else {
            // The State by its postal code, then the jurisdiction by name within it.
            const std::string usps = Upper(field(c_state));
            const model::Jurisdiction* state = nullptr;
            for (const auto& j : m.data().jurisdictions) {
                if (j.geoid.size() == 2 && j.usps == usps) {
                    state = &j;
                }
            }
            if (state == nullptr) {
                problem.reason = fmt::format("recipient_state_code '{}' is not a State", usps);
                out.unmatched.push_back(problem);
                continue;
            }
            const auto g = Guess(recipient);
            if (g.state) {
                candidates = {state};
            } else {
                for (const auto* j : m.FindByName(g.name + ", " + usps)) {
                    const bool is_county = j->kind == model::JurisdictionKind::kCounty;
                    const bool is_city = j->kind == model::JurisdictionKind::kCity;
                    if ((g.county && is_county) || (g.city && is_city) ||
                        (!g.county && !g.city && (is_county || is_city))) {
                        candidates.push_back(j);
                    }
                }
                if (g.county || !g.city) {
                    // A county is named "Cook County" here; the download writes "COUNTY OF
                    // COOK", "COOK COUNTY" or a bare "COOK".
                    for (const auto* j : m.FindByName(g.name + " County, " + usps)) {
                        if (std::find(candidates.begin(), candidates.end(), j) ==
                            candidates.end()) {
                            candidates.push_back(j);
                        }
                    }
                }
                // The county code settles a county match.
                const std::string county = field(c_county);
                if (candidates.size() > 1 && county.size() == 3) {
                    const std::string geoid = state->geoid + county;
                    std::erase_if(candidates, [&](const auto* j) {
                        return j->kind == model::JurisdictionKind::kCounty && j->geoid != geoid;
                    });
                }
            }
        }
        if (candidates.size() != 1) {
            problem.reason = candidates.empty() ? "no jurisdiction of that name in its State"
                                                : "several jurisdictions match; choose one";
            for (const auto* j : candidates) {
                problem.candidates.push_back(j->geoid);
            }
            out.unmatched.push_back(problem);
            continue;
        }
        const std::string id = "usaspending-" + fain;
        if (!seen.insert(id).second) {
            throw InvalidInput("{}: the award {} appears twice", where("award_id_fain"), fain);
        }
        model::Award a;
        a.id = id;
        a.program = program->id;
        a.fiscal_year = std::stoi(year_text);
        a.jurisdiction = candidates.front()->geoid;
        a.amount = *amount;
        a.amount_text = field(c_amount);
        a.kind = "direct";
        a.description = fmt::format("USAspending award {} to {}{}", fain, recipient,
                                    field(c_uei).empty() ? "" : " (" + field(c_uei) + ")");
        a.provenance.sources = {source_id};
        out.matched.push_back(std::move(a));
    }
    return out;
}

}  // namespace grantcheck::app
