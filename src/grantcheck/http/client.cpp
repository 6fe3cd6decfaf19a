#include "grantcheck/http/client.hpp"

#include "grantcheck/common/error.hpp"
#include "grantcheck/http/asio.hpp"

namespace grantcheck::http {

FetchResult Send(const std::string& method,
                 const std::string& url,
                 const std::string& body,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 std::chrono::seconds timeout,
                 size_t max_body) {
    namespace net = boost::asio;
    namespace beast = boost::beast;
    namespace bhttp = boost::beast::http;
    constexpr std::string_view kScheme = "http://";
    if (!url.starts_with(kScheme)) {
        throw InvalidInput("--url: '{}' is not an http:// URL", url);
    }
    const std::string rest = url.substr(kScheme.size());
    const size_t slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    const std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
    const size_t colon = authority.rfind(':');
    const std::string host = authority.substr(0, colon);
    const std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    if (host.empty()) {
        throw InvalidInput("--url: '{}' has no host", url);
    }
    net::io_context io;
    beast::tcp_stream stream(io);
    beast::error_code ec;
    net::ip::tcp::resolver resolver(io);
    stream.expires_after(timeout);
    const auto endpoints = resolver.resolve(host, port, ec);
    if (!ec) {
        stream.connect(endpoints, ec);
    }
    if (ec) {
        throw Unavailable("cannot reach {}: {}", authority, ec.message());
    }
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, authority);
    req.set(bhttp::field::user_agent, "grantcheck");
    for (const auto& [name, value] : headers) {
        req.set(name, value);
    }
    if (!body.empty() || method == "POST") {
        req.body() = body;
        req.prepare_payload();
    }
    bhttp::write(stream, req, ec);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(max_body);
    if (!ec) {
        bhttp::read(stream, buffer, parser, ec);
    }
    if (ec) {
        throw Unavailable("{}: {}", url, ec.message());
    }
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    const auto& res = parser.get();
    return {static_cast<int>(res.result_int()), std::string(res[bhttp::field::content_type]),
            res.body()};
}

FetchResult Fetch(const std::string& url, std::chrono::seconds timeout, size_t max_body) {
    return Send("GET", url, {}, {}, timeout, max_body);
}

}  // namespace grantcheck::http
