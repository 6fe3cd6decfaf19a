#include "grantcheck/store/snapshot.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <fmt/format.h>

namespace grantcheck::store {
namespace {

template <typename Map, typename Vec, typename KeyFn>
void IndexBy(Map& map, const Vec& v, KeyFn key) {
    map.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        map.emplace(key(v[i]), i);
    }
}

template <typename Map>
const auto* Lookup(const Map& map, std::string_view key, const auto& vec) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &vec[it->second];
}

template <typename T, typename Map>
std::span<const T> SpanOf(const Map& map, std::string_view key) {
    auto it = map.find(key);
    if (it == map.end()) {
        return {};
    }
    return {it->second.data(), it->second.size()};
}

constexpr std::string_view kPrefixes[] = {"city and county of ", "city of ", "county of ",
                                          "state of ",           "town of ", "village of "};

}  // namespace

std::string Snapshot::NormalizeName(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    bool space = false;
    for (char c : name) {
        if (c == '.') {
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !out.empty();
            continue;
        }
        if (c == ',') {
            out += ',';
            space = true;
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (auto p : kPrefixes) {
        if (out.starts_with(p)) {
            out.erase(0, p.size());
            break;
        }
    }
    return out;
}

Snapshot::Snapshot(model::Dataset data, int64_t version)
    : data_(std::move(data)), version_(version) {
    const auto& d = data_;
    IndexBy(jurisdictions_, d.jurisdictions,
            [](const auto& j) { return std::string_view(j.geoid); });
    IndexBy(sources_, d.sources, [](const auto& r) { return std::string_view(r.id); });
    IndexBy(programs_, d.programs, [](const auto& r) { return std::string_view(r.id); });
    IndexBy(conditions_, d.conditions, [](const auto& r) { return std::string_view(r.id); });
    IndexBy(lists_, d.lists, [](const auto& r) { return std::string_view(r.id); });
    IndexBy(notices_, d.notices, [](const auto& r) { return std::string_view(r.id); });
    IndexBy(cases_, d.cases, [](const auto& r) { return std::string_view(r.id); });

    names_.reserve(3 * d.jurisdictions.size());
    for (size_t i = 0; i < d.jurisdictions.size(); ++i) {
        const auto& j = d.jurisdictions[i];
        if (!j.ocd_id.empty()) {
            ocd_ids_.emplace(j.ocd_id, i);
        }
        const model::Jurisdiction* state = nullptr;
        if (auto it = jurisdictions_.find(j.state_geoid); it != jurisdictions_.end()) {
            state = &d.jurisdictions[it->second];
        }
        // Up to three names, each once (a snapshot is rebuilt after every command: no set).
        std::array<std::string, 3> keys;
        size_t n = 0;
        const auto add = [&](std::string key) {
            if (std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n), key) ==
                keys.begin() + static_cast<std::ptrdiff_t>(n)) {
                keys[n++] = std::move(key);
            }
        };
        add(NormalizeName(j.name));
        if (!j.usps.empty()) {
            add(NormalizeName(fmt::format("{}, {}", j.name, j.usps)));
        }
        if (state != nullptr && state != &j) {
            add(NormalizeName(fmt::format("{}, {}", j.name, state->name)));
        }
        for (size_t k = 0; k < n; ++k) {
            names_[std::move(keys[k])].push_back(i);
        }
        // Hierarchy: a state's counties, a county's places.
        if (j.kind == model::JurisdictionKind::kCounty && !j.state_geoid.empty()) {
            children_[j.state_geoid].push_back(&j);
        } else if (j.kind == model::JurisdictionKind::kCity) {
            children_[j.county_geoid.empty() ? j.state_geoid : j.county_geoid].push_back(&j);
        }
    }

    for (const auto& list : d.lists) {
        for (const auto& ver : list.versions) {
            for (const auto& member : ver.members) {
                if (!member.jurisdiction.empty()) {
                    namings_[member.jurisdiction].push_back({&list, &ver, &member});
                }
            }
        }
    }
    for (auto& [geoid, namings] : namings_) {
        std::stable_sort(namings.begin(), namings.end(), [](const Naming& a, const Naming& b) {
            return a.version->published.first < b.version->published.first;
        });
    }
    for (const auto& notice : d.notices) {
        for (const auto& r : notice.recipients) {
            addressed_[r.jurisdiction].push_back({&notice, &r});
        }
    }
    for (const auto& c : d.cases) {
        std::set<std::string_view> involved;
        for (const auto& p : c.parties) {
            if (!p.jurisdiction.empty()) {
                involved.insert(p.jurisdiction);
            }
        }
        for (const auto& o : c.orders) {
            for (const auto& g : o.scope.jurisdictions) {
                involved.insert(g);
            }
        }
        for (auto g : involved) {
            cases_involving_[g].push_back(&c);
        }
    }
    for (auto& [geoid, addressed] : addressed_) {
        std::stable_sort(addressed.begin(), addressed.end(),
                         [](const Addressed& a, const Addressed& b) {
                             return a.notice->date.first < b.notice->date.first;
                         });
    }
    for (const auto& a : d.awards) {
        awards_of_[a.jurisdiction].push_back(&a);
    }
}

const model::Jurisdiction* Snapshot::FindJurisdiction(std::string_view geoid) const {
    return Lookup(jurisdictions_, geoid, data_.jurisdictions);
}
const model::Jurisdiction* Snapshot::FindByOcdId(std::string_view ocd_id) const {
    return Lookup(ocd_ids_, ocd_id, data_.jurisdictions);
}
std::vector<const model::Jurisdiction*> Snapshot::FindByName(std::string_view name) const {
    std::vector<const model::Jurisdiction*> out;
    auto it = names_.find(NormalizeName(name));
    if (it != names_.end()) {
        for (size_t i : it->second) {
            out.push_back(&data_.jurisdictions[i]);
        }
    }
    return out;
}
const model::Source* Snapshot::FindSource(std::string_view id) const {
    return Lookup(sources_, id, data_.sources);
}
const model::Program* Snapshot::FindProgram(std::string_view id) const {
    return Lookup(programs_, id, data_.programs);
}
const model::Condition* Snapshot::FindCondition(std::string_view id) const {
    return Lookup(conditions_, id, data_.conditions);
}
const model::DesignationList* Snapshot::FindList(std::string_view id) const {
    return Lookup(lists_, id, data_.lists);
}
const model::Notice* Snapshot::FindNotice(std::string_view id) const {
    return Lookup(notices_, id, data_.notices);
}
const model::Case* Snapshot::FindCase(std::string_view id) const {
    return Lookup(cases_, id, data_.cases);
}
std::span<const Snapshot::Naming> Snapshot::ListsNaming(std::string_view geoid) const {
    return SpanOf<Naming>(namings_, geoid);
}
std::span<const Snapshot::Addressed> Snapshot::NoticesTo(std::string_view geoid) const {
    return SpanOf<Addressed>(addressed_, geoid);
}
std::span<const model::Case* const> Snapshot::CasesInvolving(std::string_view geoid) const {
    return SpanOf<const model::Case*>(cases_involving_, geoid);
}
std::span<const model::Award* const> Snapshot::AwardsOf(std::string_view geoid) const {
    return SpanOf<const model::Award*>(awards_of_, geoid);
}
std::span<const model::Jurisdiction* const> Snapshot::Children(std::string_view geoid) const {
    return SpanOf<const model::Jurisdiction*>(children_, geoid);
}

}  // namespace grantcheck::store
