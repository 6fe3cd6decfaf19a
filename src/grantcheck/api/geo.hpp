#pragma once

// Geometry for GeoJSON exports (RFC 7946: right-hand rule, exterior rings counterclockwise):
// state and county outlines (longitude/latitude, WGS 84) decoded
// from us-atlas's counties-10m.json (Census cartographic boundaries, 1:10,000,000), embedded in
// the binary. Cities have no outline there (and the data carry no coordinates for them).

#include <string_view>

#include <nlohmann/json.hpp>

namespace grantcheck::api {

// The GeoJSON geometry of a state (2-digit GEOID) or county (5-digit), or null when us-atlas has
// none. Decoded once, at first use.
const nlohmann::json& GeometryOf(std::string_view geoid);

}  // namespace grantcheck::api
