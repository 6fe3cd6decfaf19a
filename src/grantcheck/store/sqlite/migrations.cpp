#include <optional>
#include <string_view>

namespace grantcheck::store_sqlite_migrations {
std::optional<std::string_view> EmbeddedFile(std::string_view name);
}

namespace grantcheck::store {

// The numbered migrations, embedded in the binary from store/migrations/ at build time.
std::optional<std::string_view> EmbeddedMigration(std::string_view name) {
    return store_sqlite_migrations::EmbeddedFile(name);
}

}  // namespace grantcheck::store
