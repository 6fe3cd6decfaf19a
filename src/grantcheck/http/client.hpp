#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace grantcheck::http {

struct FetchResult {
    int status = 0;
    std::string content_type;
    std::string body;
};

// GETs an http:// URL (no TLS) with a deadline on the whole exchange and a limit on the body.
// Throws AppError(kInvalidInput) for a URL it cannot use and AppError(kUnavailable) when the
// server cannot be reached, does not answer in time, or sends more than `max_body` bytes.
FetchResult Fetch(const std::string& url,
                  std::chrono::seconds timeout = std::chrono::seconds(30),
                  size_t max_body = 8u << 20);

}  // namespace grantcheck::http
