#pragma once

#include <filesystem>
#include <string>

namespace grantcheck::testing {

// The repository root (GRANTCHECK_SOURCE_DIR, set by CTest), for the bundled data/.
std::filesystem::path SourceDir();
// us-atlas counties-10m.json (GRANTCHECK_ATLAS, set by CTest).
std::filesystem::path AtlasPath();

// A fresh directory removed with everything in it when the object goes away.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    // Writes `text` to path()/name and returns the full path.
    std::filesystem::path Write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path path_;
};

}  // namespace grantcheck::testing
