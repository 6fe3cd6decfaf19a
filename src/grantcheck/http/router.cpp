#include "grantcheck/http/router.hpp"

#include <cstdint>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

namespace grantcheck::http {
namespace {

constexpr size_t kGzipMinBytes = 860;  // below this, gzip's header costs more than it saves

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

std::string JsonEscape(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += fmt::format("\\u{:04x}", c);
                } else {
                    out += static_cast<char>(c);
                }
        }
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
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        throw AppError(ErrorCode::kInternal, "compression failed", "deflateInit2");
    }
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
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
            continue;
        }
        request.params = std::move(params);
        return route.handler(request);
    }
    if (path_matched) {
        Response r = RenderError(request, AppError(ErrorCode::kInvalidInput,
                                                   fmt::format("{} is not allowed here; this "
                                                               "resource is read-only (GET, HEAD)",
                                                               request.method)));
        r.status = 405;
        return r.With("Allow", "GET, HEAD");
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

Response Router::Handle(Request& request) const {
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

    const bool cacheable = (request.method == "GET" || request.method == "HEAD") && r.status == 200;
    if (cacheable) {
        const std::string etag = fmt::format("W/\"{:016x}\"", Fnv1a(r.body));
        r.With("ETag", etag);
        if (auto inm = request.Header("if-none-match");
            inm && (inm->find(etag) != std::string::npos || *inm == "*")) {
            r.status = 304;
            r.body.clear();
            return r;
        }
    }
    if (r.body.size() >= kGzipMinBytes && Compressible(r.content_type)) {
        if (auto ae = request.Header("accept-encoding");
            ae && ae->find("gzip") != std::string::npos) {
            r.body = Gzip(r.body);
            r.With("Content-Encoding", "gzip");
        }
    }
    return r;
}

}  // namespace grantcheck::http
