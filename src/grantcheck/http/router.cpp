#include "grantcheck/http/router.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include "grantcheck/common/text.hpp"

namespace grantcheck::http {
namespace {

constexpr size_t kGzipMinBytes = 860;  // below this, gzip's header costs more than it saves
// Level 1: responses are built per request, and level 6 costs about twice the time of building
// the JSON for a few percent smaller output (bench/foundation_bench.cpp, BM_ServeJurisdiction).
constexpr int kGzipLevel = 1;

std::vector<std::string> SplitPath(std::string_view path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        const size_t end = path.find('/', i);
        out.emplace_back(path.substr(i, end - i));
        i = end == std::string_view::npos ? path.size() : end;
    }
    return out;
}

uint64_t Fnv1a(std::string_view data) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

bool Compressible(std::string_view type) {
    return type.starts_with("text/") || type.starts_with("application/json") ||
           type.starts_with("application/javascript") || type.starts_with("image/svg") ||
           type.starts_with("application/geo+json") || type.starts_with("application/vnd.oai");
}

bool AcceptsGzip(const Request& request) {
    auto ae = request.Header("accept-encoding");
    return ae && ae->find("gzip") != std::string::npos;
}

bool HasHeader(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) {
            return true;
        }
    }
    return false;
}

}  // namespace

int ToHttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput:
            return 400;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kTooManyRequests:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response JsonError(const AppError& error) {
    Response r;
    r.status = ToHttpStatus(error.code());
    r.content_type = "application/json";
    r.body = fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})", ToString(error.code()),
                         JsonEscape(error.public_message()));
    return r;
}

std::string Gzip(std::string_view data) {
    // One deflate state per thread, reset between uses: allocating and clearing its window for
    // every response cost more than compressing a typical 7 KB body.
    struct Deflater {
        Deflater() {
            ok = deflateInit2(&zs, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
        }
        Deflater(const Deflater&) = delete;
        Deflater& operator=(const Deflater&) = delete;
        ~Deflater() { deflateEnd(&zs); }
        z_stream zs{};
        bool ok = false;
    };
    thread_local Deflater deflater;
    z_stream& zs = deflater.zs;
    if (!deflater.ok || deflateReset(&zs) != Z_OK) {
        throw AppError(ErrorCode::kInternal, "compression failed", "deflateInit2/deflateReset");
    }
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    if (rc != Z_STREAM_END) {
        throw AppError(ErrorCode::kInternal, "compression failed", "deflate");
    }
    return out;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
    routes_.push_back({std::move(method), SplitPath(pattern), std::move(handler)});
}

void Router::OnError(std::string prefix, ErrorRenderer renderer) {
    error_renderers_.emplace_back(std::move(prefix), std::move(renderer));
}

Response Router::Dispatch(Request& request) const {
    const auto segments = SplitPath(request.path);
    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    bool path_matched = false;
    std::vector<std::string> allowed;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) {
            continue;
        }
        std::map<std::string, std::string> params;
        bool match = true;
        for (size_t i = 0; i < segments.size() && match; ++i) {
            const auto& p = route.segments[i];
            if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
                params[p.substr(1, p.size() - 2)] = segments[i];
            } else {
                match = p == segments[i];
            }
        }
        if (!match) {
            continue;
        }
        path_matched = true;
        if (route.method != method) {
            allowed.push_back(route.method == "GET" ? "GET, HEAD" : route.method);
            continue;
        }
        request.params = std::move(params);
        return route.handler(request);
    }
    if (path_matched) {
        const std::string allow = fmt::format("{}", fmt::join(allowed, ", "));
        Response r = RenderError(
            request, AppError(ErrorCode::kInvalidInput,
                              fmt::format("{} is not allowed here; this resource answers {}",
                                          request.method, allow)));
        r.status = 405;
        return r.With("Allow", allow);
    }
    throw NotFound("there is nothing at {}", request.path);
}

Response Router::RenderError(const Request& request, const AppError& error) const {
    const ErrorRenderer* best = nullptr;
    size_t best_len = 0;
    for (const auto& [prefix, renderer] : error_renderers_) {
        if (request.path.starts_with(prefix) && (best == nullptr || prefix.size() > best_len)) {
            best = &renderer;
            best_len = prefix.size();
        }
    }
    Response r = best != nullptr ? (*best)(request, error) : JsonError(error);
    r.status = ToHttpStatus(error.code());
    return r;
}

Response Router::Build(Request& request) const {
    Response r;
    try {
        r = Dispatch(request);
    } catch (const AppError& e) {
        if (e.code() == ErrorCode::kInternal || e.code() == ErrorCode::kUnavailable) {
            spdlog::error("request {} {} {}: {} ({})", request.request_id, request.method,
                          request.path, e.public_message(), e.detail());
        }
        r = RenderError(request, e);
    } catch (const std::exception& e) {
        spdlog::error("request {} {} {}: unexpected: {}", request.request_id, request.method,
                      request.path, e.what());
        r = RenderError(request,
                        AppError(ErrorCode::kInternal,
                                 fmt::format("internal error (request {})", request.request_id)));
    }

    r.With("X-Content-Type-Options", "nosniff")
        .With("X-Frame-Options", "DENY")
        .With("Referrer-Policy", "same-origin")
        .With("Cross-Origin-Opener-Policy", "same-origin")
        .With("Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        .With("Vary", "Accept-Encoding, Accept");
    if (!HasHeader(r, "Cache-Control")) {
        r.With("Cache-Control", "no-cache");
    }
    if (r.status == 200 && (request.method == "GET" || request.method == "HEAD")) {
        r.With("ETag", fmt::format("W/\"{:016x}\"", Fnv1a(r.body)));
    }
    if (r.body.size() >= kGzipMinBytes && Compressible(r.content_type) && AcceptsGzip(request)) {
        r.body = Gzip(r.body);
        r.With("Content-Encoding", "gzip");
    }
    return r;
}

void Router::EnableCache(std::function<int64_t()> generation, size_t max_entries) {
    generation_ = std::move(generation);
    max_cache_entries_ = max_entries;
}

Response Router::Handle(Request& request) const {
    const bool get = request.method == "GET" || request.method == "HEAD";
    Response r;
    // Requests with credentials may see what others may not: never cached.
    const bool credentials =
        request.headers.contains("authorization") || request.headers.contains("cookie");
    if (get && generation_ && !credentials) {
        // The key holds everything a read's response depends on besides the data itself.
        std::string key = request.path;
        for (const auto& [k, v] : request.query) {
            key += fmt::format("\x1f{}={}", k, v);
        }
        key += fmt::format("\x1e{}\x1e{}", request.Header("accept").value_or(""),
                           AcceptsGzip(request) ? "gzip" : "");
        const int64_t generation = generation_();
        bool hit = false;
        {
            std::shared_lock lock(cache_mutex_);
            if (auto it = cache_.find(key);
                it != cache_.end() && it->second.generation == generation) {
                r = it->second.response;
                hit = true;
            }
        }
        if (!hit) {
            r = Build(request);
            if (r.status == 200) {
                std::unique_lock lock(cache_mutex_);
                if (cache_.size() >= max_cache_entries_) {
                    cache_.clear();  // simple bound: start over rather than track recency
                }
                cache_[key] = {generation, r};
            }
        }
    } else {
        r = Build(request);
    }
    if (get && r.status == 200) {
        const auto etag = std::find_if(r.headers.begin(), r.headers.end(),
                                       [](const auto& h) { return h.first == "ETag"; });
        if (auto inm = request.Header("if-none-match");
            inm && etag != r.headers.end() &&
            (inm->find(etag->second) != std::string::npos || *inm == "*")) {
            r.status = 304;
            r.body.clear();
            r.headers.erase(
                std::remove_if(r.headers.begin(), r.headers.end(),
                               [](const auto& h) { return h.first == "Content-Encoding"; }),
                r.headers.end());
        }
    }
    return r;
}

}  // namespace grantcheck::http
