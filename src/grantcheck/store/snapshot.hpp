#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grantcheck/model/dataset.hpp"

namespace grantcheck::store {

// An immutable, indexed view of one committed state of the store. Built once after a commit and
// shared by every reader (shared_ptr<const Snapshot>); all lookups are in memory. Pointers it
// returns live as long as the snapshot. Thread-safe: it never changes after construction.
class Snapshot {
public:
    // A list version that names a jurisdiction.
    struct Naming {
        const model::DesignationList* list;
        const model::ListVersion* version;
        const model::ListMember* member;
    };
    // A notice addressed to a jurisdiction.
    struct Addressed {
        const model::Notice* notice;
        const model::NoticeRecipient* recipient;
    };

    Snapshot(model::Dataset data, int64_t version);
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    const model::Dataset& data() const { return data_; }
    // The journal seq this snapshot reflects.
    int64_t version() const { return version_; }

    const model::Jurisdiction* FindJurisdiction(std::string_view geoid) const;
    const model::Jurisdiction* FindByOcdId(std::string_view ocd_id) const;
    // Jurisdictions whose name matches `name` ("Chicago, IL", "cook county, illinois", "City of
    // Chicago"); case, periods and a leading "City of" are ignored. Several means ambiguous.
    std::vector<const model::Jurisdiction*> FindByName(std::string_view name) const;

    const model::Source* FindSource(std::string_view id) const;
    const model::Program* FindProgram(std::string_view id) const;
    const model::Condition* FindCondition(std::string_view id) const;
    const model::DesignationList* FindList(std::string_view id) const;
    const model::Notice* FindNotice(std::string_view id) const;
    const model::Case* FindCase(std::string_view id) const;

    std::span<const Naming> ListsNaming(std::string_view geoid) const;
    std::span<const Addressed> NoticesTo(std::string_view geoid) const;
    // Cases in which the jurisdiction is a party or which have an order naming it in its scope.
    std::span<const model::Case* const> CasesInvolving(std::string_view geoid) const;
    std::span<const model::Award* const> AwardsOf(std::string_view geoid) const;
    // Counties of a state; places of a county.
    std::span<const model::Jurisdiction* const> Children(std::string_view geoid) const;

    // The normalized form FindByName compares.
    static std::string NormalizeName(std::string_view name);

private:
    template <typename T>
    using Index = std::unordered_map<std::string_view, T>;

    model::Dataset data_;
    int64_t version_;
    Index<size_t> jurisdictions_, ocd_ids_, sources_, programs_, conditions_, lists_, notices_,
        cases_;
    std::unordered_map<std::string, std::vector<size_t>> names_;
    Index<std::vector<Naming>> namings_;
    Index<std::vector<Addressed>> addressed_;
    Index<std::vector<const model::Case*>> cases_involving_;
    Index<std::vector<const model::Award*>> awards_of_;
    Index<std::vector<const model::Jurisdiction*>> children_;
};

}  // namespace grantcheck::store
