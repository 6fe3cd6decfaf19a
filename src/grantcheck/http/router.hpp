#pragma once

#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grantcheck/common/error.hpp"
#include "grantcheck/http/message.hpp"

namespace grantcheck::http {

using Handler = std::function<Response(const Request&)>;
// Renders a failed request: the API answers JSON, pages answer HTML.
using ErrorRenderer = std::function<Response(const Request&, const AppError&)>;

int ToHttpStatus(ErrorCode code);

// Routes by method and path pattern. Patterns are literal segments and "{name}" segments, which
// match one non-empty segment and land in Request::params. GET routes also answer HEAD.
class Router {
public:
    void Get(std::string pattern, Handler handler) {
        Add("GET", std::move(pattern), std::move(handler));
    }
    void Add(std::string method, std::string pattern, Handler handler);

    // Renders errors for paths starting with `prefix` (the longest prefix wins).
    void OnError(std::string prefix, ErrorRenderer renderer);

    // The one boundary that translates failures: an AppError becomes its status and a body from
    // the error renderer; anything else becomes a 500 whose message says nothing internal (the
    // cause goes to the log with the request id). Adds security headers, a weak ETag and 304 for
    // a matching If-None-Match, and gzip when the client accepts it.
    Response Handle(Request& request) const;

    // Caches successful GET/HEAD responses (after ETag and gzip) by path, query, Accept and
    // gzip, for as long as `generation()` returns the same value: the data behind them is an
    // immutable snapshot, so a response can only change when a new snapshot is published.
    // At most `max_entries` responses are kept (the cache starts over when full).
    // REQUIRES: every handler's response depends only on the request and that generation.
    void EnableCache(std::function<int64_t()> generation, size_t max_entries = 4096);

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        Handler handler;
    };
    struct CachedResponse {
        int64_t generation;
        Response response;
    };
    Response Build(Request& request) const;
    Response Dispatch(Request& request) const;
    Response RenderError(const Request& request, const AppError& error) const;

    std::vector<Route> routes_;
    std::vector<std::pair<std::string, ErrorRenderer>> error_renderers_;
    std::function<int64_t()> generation_;
    size_t max_cache_entries_ = 0;

    // Guards cache_; readers share it.
    mutable std::shared_mutex cache_mutex_;
    mutable std::unordered_map<std::string, CachedResponse> cache_;
};

// JSON error body: {"error":{"code":"not_found","message":"..."}}.
Response JsonError(const AppError& error);

// gzip-compresses `data` (RFC 1952).
std::string Gzip(std::string_view data);

}  // namespace grantcheck::http
