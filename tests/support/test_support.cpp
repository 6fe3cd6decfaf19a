#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace grantcheck::testing {

namespace fs = std::filesystem;

fs::path SourceDir() {
    // CTest sets the variable; test discovery at build time runs without it.
    const char* dir = std::getenv("GRANTCHECK_SOURCE_DIR");
    return dir != nullptr ? fs::path(dir) : fs::path(GRANTCHECK_DEFAULT_SOURCE_DIR);
}

fs::path AtlasPath() {
    const char* path = std::getenv("GRANTCHECK_ATLAS");
    return path != nullptr ? fs::path(path)
                           : SourceDir() / "web/assets/node_modules/us-atlas/counties-10m.json";
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("grantcheck-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

fs::path TempDir::Write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

}  // namespace grantcheck::testing
