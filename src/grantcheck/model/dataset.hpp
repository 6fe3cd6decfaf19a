#pragma once

#include <vector>

#include "grantcheck/model/records.hpp"

namespace grantcheck::model {

// Everything grantcheck knows, as plain records. What a load reads, what the store keeps and what
// a snapshot indexes. Each vector is sorted by id (jurisdictions by GEOID) once normalized.
struct Dataset {
    std::vector<Source> sources;
    std::vector<Jurisdiction> jurisdictions;
    std::vector<Program> programs;
    std::vector<Condition> conditions;
    std::vector<DesignationList> lists;
    std::vector<Notice> notices;
    std::vector<Case> cases;
    std::vector<Award> awards;
    std::vector<Policy> policies;
    std::vector<Response> responses;
    std::vector<Term> vocabulary;
    friend bool operator==(const Dataset&, const Dataset&) = default;
};

// Sorts every collection by id and the nested ones by their natural order (list versions by
// version, orders by date then id), so equal content compares equal whatever the input order.
void Normalize(Dataset& data);

// Fills the fields that follow from other records: a place's postal code from its state.
// Call after a merge, before the dataset is stored.
void DeriveFields(Dataset& data);

// Replaces or adds every record of `update` in `base`, matched by id. Records of `base` that
// `update` does not mention stay. Returns the number of records `update` replaced.
size_t MergeInto(Dataset& base, Dataset update);

}  // namespace grantcheck::model
