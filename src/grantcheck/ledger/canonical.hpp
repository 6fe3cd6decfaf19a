#pragma once

// The canonical, deterministic serialization of log entries. An entry is text:
//   line 1: the command header, a JSON object;
//   then one line per record the command stores, each a JSON object
//     {"id":...,"kind":...,"record":{...}}, sorted by kind, then id.
// Canonical JSON here means: object keys sorted by their UTF-8 bytes, no insignificant white
// space, strings escaped minimally (", \ and control characters as \uXXXX, except \n \t \r),
// integers only (amounts in cents, dates as strings), no floats. The same data always gives
// the same bytes, so the same leaf hash.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grantcheck/model/dataset.hpp"

namespace grantcheck::ledger {

// Builds one canonical JSON object; keys are sorted when it is written.
class CanonicalObject {
public:
    CanonicalObject& Set(std::string_view key, std::string_view value);
    CanonicalObject& Set(std::string_view key, const char* value) {
        return Set(key, std::string_view(value));
    }
    CanonicalObject& Set(std::string_view key, int64_t value);
    CanonicalObject& SetBool(std::string_view key, bool value);
    CanonicalObject& SetNull(std::string_view key);
    CanonicalObject& Set(std::string_view key, const std::vector<std::string>& values);
    CanonicalObject& Set(std::string_view key, const CanonicalObject& value);
    CanonicalObject& Set(std::string_view key, const std::vector<CanonicalObject>& values);
    std::string Str() const;

private:
    std::map<std::string, std::string> members_;  // key -> canonical JSON value
};

std::string CanonicalString(std::string_view s);

// The kind and id of one record line ({"id":...,"kind":...,"record":...}); nullopt when the
// line is not one.
std::optional<std::pair<std::string, std::string>> RecordLineKey(std::string_view line);

// One line per record of `data`, sorted; each ends with '\n'.
std::string CanonicalRecords(const model::Dataset& data);

}  // namespace grantcheck::ledger
