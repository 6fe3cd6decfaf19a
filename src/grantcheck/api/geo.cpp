#include "grantcheck/api/geo.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "grantcheck/common/error.hpp"

namespace grantcheck::atlas_assets {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::api {
namespace {

using nlohmann::json;

// TopoJSON (https://github.com/topojson/topojson-specification): arcs are delta-encoded,
// quantized positions; a geometry lists arcs by index, ~i meaning arc i reversed.
class Atlas {
public:
    Atlas() {
        const auto text = atlas_assets::EmbeddedFile("counties-10m.json");
        if (!text) {
            throw AppError(ErrorCode::kInternal, "the atlas is not embedded");
        }
        const json topo = json::parse(*text);
        const auto& t = topo.at("transform");
        const double sx = t.at("scale")[0], sy = t.at("scale")[1];
        const double tx = t.at("translate")[0], ty = t.at("translate")[1];
        for (const auto& arc : topo.at("arcs")) {
            std::vector<std::pair<double, double>> points;
            points.reserve(arc.size());
            long x = 0, y = 0;
            for (const auto& p : arc) {
                x += p[0].get<long>();
                y += p[1].get<long>();
                points.emplace_back(static_cast<double>(x) * sx + tx,
                                    static_cast<double>(y) * sy + ty);
            }
            arcs_.push_back(std::move(points));
        }
        for (const char* object : {"states", "counties"}) {
            for (const auto& g : topo.at("objects").at(object).at("geometries")) {
                if (!g.contains("id") || !g.contains("arcs")) {
                    continue;
                }
                const std::string type = g.at("type");
                json coordinates = json::array();
                if (type == "Polygon") {
                    coordinates = Polygon(g.at("arcs"));
                } else if (type == "MultiPolygon") {
                    for (const auto& polygon : g.at("arcs")) {
                        coordinates.push_back(Polygon(polygon));
                    }
                } else {
                    continue;
                }
                geometries_.emplace(g.at("id").get<std::string>(),
                                    json{{"type", type}, {"coordinates", std::move(coordinates)}});
            }
        }
    }

    const json& Find(std::string_view id) const {
        static const json kNull = nullptr;
        auto it = geometries_.find(std::string(id));
        return it == geometries_.end() ? kNull : it->second;
    }

private:
    json Ring(const json& arc_indices) const {
        json ring = json::array();
        for (const auto& a : arc_indices) {
            const long i = a.get<long>();
            const auto& arc = arcs_.at(static_cast<size_t>(i >= 0 ? i : ~i));
            const size_t n = arc.size();
            for (size_t k = 0; k < n; ++k) {
                const auto& p = i >= 0 ? arc[k] : arc[n - 1 - k];
                if (k == 0 && !ring.empty()) {
                    continue;  // each arc starts where the last one ended
                }
                // Six decimals: about 0.1 m, finer than the 1:10M source.
                ring.push_back({std::round(p.first * 1e6) / 1e6, std::round(p.second * 1e6) / 1e6});
            }
        }
        return ring;
    }

    // us-atlas winds rings as d3 does on the sphere (exterior clockwise); RFC 7946 3.1.6 asks
    // for the right-hand rule (exterior counterclockwise, holes clockwise): every ring reversed.
    json Polygon(const json& rings) const {
        json out = json::array();
        for (const auto& r : rings) {
            json ring = Ring(r);
            std::reverse(ring.begin(), ring.end());
            out.push_back(std::move(ring));
        }
        return out;
    }

    std::vector<std::vector<std::pair<double, double>>> arcs_;
    std::unordered_map<std::string, json> geometries_;
};

}  // namespace

const json& GeometryOf(std::string_view geoid) {
    static const Atlas atlas;
    return atlas.Find(geoid);
}

}  // namespace grantcheck::api
