#include "grantcheck/model/dataset.hpp"

#include <algorithm>
#include <unordered_map>

namespace grantcheck::model {
namespace {

template <typename T>
const std::string& KeyOf(const T& r) {
    return r.id;
}
template <>
const std::string& KeyOf(const Jurisdiction& r) {
    return r.geoid;
}

template <typename T>
void SortById(std::vector<T>& v) {
    const auto by_id = [](const T& a, const T& b) { return KeyOf(a) < KeyOf(b); };
    // Records merged over sorted ones are mostly in order already: check before moving any.
    if (!std::is_sorted(v.begin(), v.end(), by_id)) {
        std::sort(v.begin(), v.end(), by_id);
    }
}

template <typename T>
size_t Merge(std::vector<T>& base, std::vector<T> update) {
    if (update.empty()) {
        return 0;  // nothing to index the base for
    }
    std::unordered_map<std::string, size_t> index;
    for (size_t i = 0; i < base.size(); ++i) {
        index.emplace(KeyOf(base[i]), i);
    }
    size_t replaced = 0;
    for (auto& r : update) {
        auto it = index.find(KeyOf(r));
        if (it != index.end()) {
            base[it->second] = std::move(r);
            ++replaced;
        } else {
            index.emplace(KeyOf(r), base.size());
            base.push_back(std::move(r));
        }
    }
    return replaced;
}

}  // namespace

void Normalize(Dataset& data) {
    SortById(data.sources);
    SortById(data.jurisdictions);
    SortById(data.programs);
    SortById(data.conditions);
    SortById(data.lists);
    for (auto& list : data.lists) {
        std::sort(list.versions.begin(), list.versions.end(),
                  [](const ListVersion& a, const ListVersion& b) { return a.version < b.version; });
    }
    SortById(data.notices);
    SortById(data.cases);
    for (auto& c : data.cases) {
        std::stable_sort(
            c.orders.begin(), c.orders.end(), [](const CourtOrder& a, const CourtOrder& b) {
                return a.date.first != b.date.first ? a.date.first < b.date.first : a.id < b.id;
            });
    }
    SortById(data.awards);
    SortById(data.policies);
    SortById(data.responses);
    SortById(data.vocabulary);
}

void DeriveFields(Dataset& data) {
    std::unordered_map<std::string, std::string> usps;
    for (const auto& j : data.jurisdictions) {
        if (j.geoid.size() == 2) {
            usps[j.geoid] = j.usps;
        }
    }
    for (auto& j : data.jurisdictions) {
        if (j.usps.empty()) {
            if (auto it = usps.find(j.state_geoid); it != usps.end()) {
                j.usps = it->second;
            }
        }
    }
}

size_t MergeInto(Dataset& base, Dataset update) {
    size_t replaced = 0;
    replaced += Merge(base.sources, std::move(update.sources));
    replaced += Merge(base.jurisdictions, std::move(update.jurisdictions));
    replaced += Merge(base.programs, std::move(update.programs));
    replaced += Merge(base.conditions, std::move(update.conditions));
    replaced += Merge(base.lists, std::move(update.lists));
    replaced += Merge(base.notices, std::move(update.notices));
    replaced += Merge(base.cases, std::move(update.cases));
    replaced += Merge(base.awards, std::move(update.awards));
    replaced += Merge(base.policies, std::move(update.policies));
    replaced += Merge(base.responses, std::move(update.responses));
    replaced += Merge(base.vocabulary, std::move(update.vocabulary));
    Normalize(base);
    return replaced;
}

}  // namespace grantcheck::model
