#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grantcheck/model/dataset.hpp"

namespace grantcheck::ingest {

// A reference from one record to another, with where it was written, so that a reference that
// does not resolve is reported at its file:line.
struct Reference {
    enum class Kind { kJurisdiction, kSource, kProgram, kCondition, kOrder, kNotice, kTerm };
    Kind kind;
    std::string id;
    std::string where;  // "data/lists.yaml:42: versions[0].members[3].jurisdiction"
};

struct ParsedDirectory {
    model::Dataset data;
    std::vector<Reference> references;
    std::vector<std::string> files;  // the files read, in order
};

struct LoadOptions {
    std::filesystem::path dir;
    // us-atlas counties-10m.json, read when the directory's manifest.yaml says
    // `gazetteer: us-atlas`.
    std::filesystem::path atlas;
};

// The data files a directory may hold; any other .yaml/.csv file is an error (a typo would
// otherwise be silently ignored). Every file is optional.
const std::vector<std::string>& KnownDataFiles();

// Reads and checks every data file of `options.dir` (and the gazetteer when asked for): syntax,
// required fields, formats (dates, GEOIDs, amounts), enum values, duplicate ids, a source on every
// top-level record. Collects every problem, then throws AppError(kInvalidInput) listing them, each
// as "file:line: field: reason". References to other records are returned, not checked: they may
// point into data loaded before (see CheckReferences).
ParsedDirectory ReadDirectory(const LoadOptions& options);

// Checks that every reference resolves in `data` (the dataset after the merge). Throws
// AppError(kInvalidInput) listing every one that does not, at its file:line.
void CheckReferences(const model::Dataset& data, const std::vector<Reference>& references);

}  // namespace grantcheck::ingest
