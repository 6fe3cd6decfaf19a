#pragma once

#include <string>

#include "grantcheck/app/service.hpp"

namespace grantcheck::api {

// JSON documents shared by the HTTP API and the CLI's --json output, so both say the same.
std::string JurisdictionJson(const store::Snapshot& snap, const model::Jurisdiction& j);
std::string JurisdictionPageJson(const store::Snapshot& snap,
                                 const app::JurisdictionPage& page,
                                 size_t limit,
                                 size_t offset);

}  // namespace grantcheck::api
