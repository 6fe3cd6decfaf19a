#include <optional>
#include <string_view>

namespace grantcheck::api_assets {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::api {

std::optional<std::string_view> EmbeddedOpenApi() {
    return api_assets::EmbeddedFile("openapi.json");
}

}  // namespace grantcheck::api
