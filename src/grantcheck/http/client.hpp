#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

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

// Sends one request (method, extra headers and body) to an http:// URL; otherwise as Fetch.
FetchResult Send(const std::string& method,
                 const std::string& url,
                 const std::string& body,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 std::chrono::seconds timeout,
                 size_t max_body);

}  // namespace grantcheck::http
