#include "grantcheck/app/allocation.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "grantcheck/app/service.hpp"
#include "grantcheck/common/csv.hpp"
#include "grantcheck/common/error.hpp"

namespace grantcheck::app {
namespace {

constexpr size_t kMaxBytes = 64u << 20;

std::string Read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InvalidInput("{}: cannot read", path.string());
    }
    std::ostringstream s;
    s << in.rdbuf();
    if (s.str().size() > kMaxBytes) {
        throw InvalidInput("{}: larger than {} bytes", path.string(), kMaxBytes);
    }
    return s.str();
}

struct Table {
    std::string file;
    std::vector<CsvRow> rows;
    std::map<std::string, size_t> columns;
    std::vector<int> years;  // of the violent_crime_YYYY columns, in column order
};

Table Open(const std::string& file,
           std::string_view text,
           const std::vector<std::string>& required,
           std::vector<std::string>& problems) {
    Table t{file, ParseCsv(text, file), {}, {}};
    if (t.rows.empty()) {
        problems.push_back(fmt::format("{}:1: the file has no header row", t.file));
        return t;
    }
    for (size_t i = 0; i < t.rows[0].fields.size(); ++i) {
        const auto& name = t.rows[0].fields[i];
        t.columns[name] = i;
        if (name.starts_with("violent_crime_") && name.size() == 18) {
            try {
                t.years.push_back(std::stoi(name.substr(14)));
            } catch (const std::exception&) {
                problems.push_back(fmt::format("{}:1: {}: not violent_crime_YYYY", t.file, name));
            }
        }
    }
    for (const auto& r : required) {
        if (!t.columns.contains(r)) {
            problems.push_back(fmt::format("{}:1: missing column '{}'", t.file, r));
        }
    }
    std::sort(t.years.begin(), t.years.end());
    if (t.years.size() != 3 || t.years[1] != t.years[0] + 1 || t.years[2] != t.years[1] + 1) {
        std::string list;
        for (int y : t.years) {
            list += (list.empty() ? "" : ", ") + std::to_string(y);
        }
        problems.push_back(
            fmt::format("{}:1: give violent_crime_YYYY for three consecutive years (found: {})",
                        t.file, list.empty() ? "none" : list));
    }
    for (size_t i = 1; i < t.rows.size(); ++i) {
        if (t.rows[i].fields.size() != t.rows[0].fields.size()) {
            problems.push_back(fmt::format("{}:{}: {} fields where the header has {}", t.file,
                                           t.rows[i].line, t.rows[i].fields.size(),
                                           t.rows[0].fields.size()));
        }
    }
    return t;
}

std::string Get(const Table& t, size_t row, const std::string& column) {
    auto it = t.columns.find(column);
    if (it == t.columns.end() || it->second >= t.rows[row].fields.size()) {
        return {};
    }
    return t.rows[row].fields[it->second];
}

int64_t Count(const Table& t,
              size_t row,
              const std::string& column,
              std::vector<std::string>& problems) {
    const auto text = Get(t, row, column);
    if (text.empty() || text.size() > 15 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        problems.push_back(fmt::format("{}:{}: {}: '{}' is not a count (a whole number, 0 or more)",
                                       t.file, t.rows[row].line, column, text));
        return 0;
    }
    return std::stoll(text);
}

int64_t CrimeSum(const Table& t, size_t row, std::vector<std::string>& problems) {
    int64_t sum = 0;
    for (int y : t.years) {
        sum += Count(t, row, fmt::format("violent_crime_{}", y), problems);
    }
    return sum;
}

}  // namespace

AllocationInputs ReadAllocationInputs(const std::filesystem::path& dir) {
    std::optional<std::string> units;
    if (std::filesystem::exists(dir / "units.csv")) {
        units = Read(dir / "units.csv");
    }
    return ParseAllocationInputs(Read(dir / "states.csv"), units, dir.string());
}

AllocationInputs ParseAllocationInputs(std::string_view states_csv,
                                       const std::optional<std::string>& units_csv,
                                       const std::string& where) {
    std::vector<std::string> problems;
    AllocationInputs out;
    const auto states = Open(where + "/states.csv", states_csv, {"state", "population"}, problems);
    out.years = states.years;
    std::set<std::string> state_ids;
    for (size_t i = 1; problems.empty() && i < states.rows.size(); ++i) {
        formula::StateInput s;
        s.id = Get(states, i, "state");
        if (s.id.empty() || !state_ids.insert(s.id).second) {
            problems.push_back(fmt::format("{}:{}: state: '{}' is empty or repeated", states.file,
                                           states.rows[i].line, s.id));
        }
        s.population = Count(states, i, "population", problems);
        s.violent_crime = CrimeSum(states, i, problems);
        out.states.push_back(std::move(s));
    }
    if (units_csv && problems.empty()) {
        const auto units =
            Open(where + "/units.csv", *units_csv,
                 {"unit", "name", "state", "kind", "county", "county_bears_costs"}, problems);
        if (problems.empty() && units.years != out.years) {
            problems.push_back(
                fmt::format("{}:1: the violent-crime years differ from states.csv", units.file));
        }
        std::map<std::string, std::pair<std::string, bool>> counties;  // id -> (state, county?)
        for (size_t i = 1; problems.empty() && i < units.rows.size(); ++i) {
            formula::UnitInput u;
            u.id = Get(units, i, "unit");
            u.state = Get(units, i, "state");
            u.county = Get(units, i, "county");
            const auto kind = Get(units, i, "kind");
            const auto at = fmt::format("{}:{}", units.file, units.rows[i].line);
            if (u.id.empty() || counties.contains(u.id)) {
                problems.push_back(fmt::format("{}: unit: '{}' is empty or repeated", at, u.id));
            }
            if (!state_ids.contains(u.state)) {
                problems.push_back(
                    fmt::format("{}: state: '{}' is not in states.csv", at, u.state));
            }
            if (kind != "city" && kind != "county" && kind != "other") {
                problems.push_back(
                    fmt::format("{}: kind: '{}' is not city, county or other", at, kind));
            }
            u.is_county = kind == "county";
            const auto bears = Get(units, i, "county_bears_costs");
            if (bears != "true" && bears != "false" && !bears.empty()) {
                problems.push_back(
                    fmt::format("{}: county_bears_costs: '{}' is not true or false", at, bears));
            }
            u.county_bears_costs = bears == "true";
            u.violent_crime = CrimeSum(units, i, problems);
            counties[u.id] = {u.state, u.is_county};
            out.units.push_back(std::move(u));
            out.unit_names.push_back(Get(units, i, "name"));
        }
        for (size_t i = 0; problems.empty() && i < out.units.size(); ++i) {
            const auto& u = out.units[i];
            if (u.county.empty()) {
                continue;
            }
            auto it = counties.find(u.county);
            if (it == counties.end() || !it->second.second || it->second.first != u.state) {
                problems.push_back(fmt::format("{}:{}: county: '{}' is not a county unit of {}",
                                               units.file, units.rows[i + 1].line, u.county,
                                               u.state));
            }
        }
    }
    if (!problems.empty()) {
        std::string msg = fmt::format("{}: the formula inputs do not load ({} problem{}):", where,
                                      problems.size(), problems.size() == 1 ? "" : "s");
        for (size_t i = 0; i < problems.size() && i < 60; ++i) {
            msg += "\n  " + problems[i];
        }
        throw AppError(ErrorCode::kInvalidInput, msg);
    }
    return out;
}

std::vector<std::string> ResolveWithholding(const std::vector<std::string>& rules,
                                            const ReadModel* model,
                                            Date as_of,
                                            std::string_view program) {
    std::vector<std::string> out;
    const auto need = [&](const std::string& rule) -> const ReadModel& {
        if (model == nullptr) {
            throw InvalidInput("--withhold: '{}' needs the database (give --db with data loaded)",
                               rule);
        }
        return *model;
    };
    for (const auto& rule : rules) {
        if (rule.starts_with("list:")) {
            const auto& m = need(rule);
            const auto* list = m.FindList(rule.substr(5));
            if (list == nullptr) {
                throw InvalidInput("--withhold: there is no designation list '{}'", rule.substr(5));
            }
            const model::ListVersion* current = nullptr;
            for (const auto& v : list->versions) {
                if (v.published.first <= as_of && (!v.withdrawn || v.withdrawn->first > as_of)) {
                    current = &v;
                }
            }
            if (current != nullptr) {
                for (const auto& member : current->members) {
                    if (!member.jurisdiction.empty()) {
                        out.push_back(member.jurisdiction);
                    }
                }
            }
        } else if (rule.starts_with("finding:")) {
            const auto& m = need(rule);
            const std::string outcome = rule.substr(8);
            const auto& cs = m.data().conditions;
            const auto& js = m.data().jurisdictions;
            bool known = false;
            for (uint32_t j = 0; j < js.size(); ++j) {
                for (uint32_t c = 0; c < cs.size(); ++c) {
                    if (cs[c].program != program) {
                        continue;
                    }
                    const auto s = m.engine().Summarize(j, c, as_of);
                    if (s.determination != nullptr && s.determination->finding == outcome) {
                        out.push_back(js[j].geoid);
                        known = true;
                        break;
                    }
                }
            }
            const bool valid =
                std::any_of(m.data().notices.begin(), m.data().notices.end(), [&](const auto& n) {
                    return std::any_of(n.recipients.begin(), n.recipients.end(),
                                       [&](const auto& r) { return r.finding == outcome; });
                });
            if (!known && !valid) {
                throw InvalidInput("--withhold: no determination in the data has the outcome '{}'",
                                   outcome);
            }
        } else {
            out.push_back(rule);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

ScenarioReport RunScenario(formula::Allocation allocation,
                           const std::vector<std::string>& rules,
                           std::string_view realloc_text,
                           Date as_of,
                           const ReadModel* model) {
    formula::Realloc realloc;
    if (realloc_text == "none" || realloc_text.empty()) {
        realloc = formula::Realloc::kNone;
    } else if (realloc_text == "state") {
        realloc = formula::Realloc::kState;
    } else if (realloc_text == "national") {
        realloc = formula::Realloc::kNational;
    } else {
        throw InvalidInput("realloc: '{}' is not none, state or national", realloc_text);
    }
    formula::Exposure exposure(allocation);
    std::vector<uint32_t> withheld;
    std::vector<std::string> not_recipients;
    for (const auto& id : ResolveWithholding(rules, model, as_of)) {
        if (auto i = exposure.Find(id)) {
            withheld.push_back(*i);
        } else {
            not_recipients.push_back(id);
        }
    }
    auto result = exposure.Run(withheld, realloc);
    return {std::move(allocation), std::move(exposure), realloc, std::move(result),
            std::move(not_recipients)};
}

}  // namespace grantcheck::app
