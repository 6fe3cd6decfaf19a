#include "grantcheck/http/server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "grantcheck/http/asio.hpp"

namespace grantcheck::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using TcpStream = beast::tcp_stream::rebind_executor<
    net::use_awaitable_t<>::executor_with_default<net::any_io_executor>>::other;

std::atomic<uint64_t> g_request_counter{0};

bhttp::response<bhttp::string_body> ToBeast(Response&& r,
                                            unsigned version,
                                            bool keep_alive,
                                            bool head) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
    res.set(bhttp::field::server, "grantcheck");
    if (r.status != 304) {
        res.set(bhttp::field::content_type, r.content_type);
    }
    for (auto& [k, v] : r.headers) {
        res.insert(k, v);
    }
    res.keep_alive(keep_alive);
    const size_t size = r.body.size();
    if (!head) {
        res.body() = std::move(r.body);
    }
    if (r.status != 304) {
        res.content_length(size);
    }
    return res;
}

Response Plain(int status, std::string message) {
    Response r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(message);
    return r;
}

// 413 for a body over its limit: JSON naming what is too large for the API, text otherwise.
template <typename Parser>
Response TooLarge(const Parser& parser, const ServerConfig& config) {
    const auto target = parser.get().target();
    const bool upload = !config.large_body_prefix.empty() &&
                        target.starts_with(config.large_body_prefix) &&
                        (parser.get().count(boost::beast::http::field::authorization) > 0 ||
                         parser.get().count(boost::beast::http::field::cookie) > 0);
    const size_t limit = upload ? config.max_large_body_bytes : config.max_body_bytes;
    if (!target.starts_with("/api/")) {
        return Plain(413, fmt::format("request body too large (at most {} bytes)\n", limit));
    }
    return JsonError(AppError(ErrorCode::kTooLarge,
                              upload ? fmt::format("file: {} are at most {} MiB ({} bytes)",
                                                   config.large_body_what, limit >> 20, limit)
                                     : fmt::format("body: at most {} bytes", limit)));
}

}  // namespace

struct Server::Impl {
    Impl(ServerConfig c, const Router& r) : config(std::move(c)), router(r), acceptor(io) {
        beast::error_code ec;
        const auto address = net::ip::make_address(config.address, ec);
        if (ec) {
            throw Unavailable("cannot listen: '{}' is not an IP address", config.address);
        }
        tcp::endpoint endpoint{address, config.port};
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) {
            acceptor.set_option(net::socket_base::reuse_address(true), ec);
        }
        if (!ec) {
            acceptor.bind(endpoint, ec);
        }
        if (!ec) {
            acceptor.listen(net::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            throw Unavailable("cannot listen on {}:{}: {}", config.address, config.port,
                              ec.message());
        }
    }

    Request ToRequest(const bhttp::request<bhttp::string_body>& req, bool& bad) {
        Request out;
        out.method = std::string(req.method_string());
        const auto raw_target = req.target();
        const std::string_view target(raw_target.data(), raw_target.size());
        const size_t q = target.find('?');
        auto path = PercentDecode(target.substr(0, q), false);
        auto query = ParseQuery(q == std::string_view::npos ? "" : target.substr(q + 1));
        bad = !path || !query || target.empty() || target.front() != '/';
        if (!bad) {
            out.path = std::move(*path);
            out.query = std::move(*query);
        }
        for (const auto& field : req) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            out.headers[name] = std::string(field.value());
        }
        out.body = req.body();
        out.request_id = fmt::format("{:x}", ++g_request_counter);
        return out;
    }

    net::awaitable<void> Session(TcpStream stream) {
        beast::flat_buffer buffer;
        beast::error_code ec;
        for (;;) {
            stream.expires_after(config.read_timeout);
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<uint32_t>(config.max_header_bytes));
            parser.body_limit(config.max_body_bytes);
            co_await bhttp::async_read_header(stream, buffer, parser,
                                              net::redirect_error(net::use_awaitable, ec));
            // Uploads may be larger, from callers with credentials only (the handler checks
            // them): an anonymous client cannot make us read 20 MiB.
            if (!ec && !config.large_body_prefix.empty() &&
                parser.get().target().starts_with(config.large_body_prefix) &&
                (parser.get().count(bhttp::field::authorization) > 0 ||
                 parser.get().count(bhttp::field::cookie) > 0)) {
                parser.body_limit(config.max_large_body_bytes);
            }
            if (!ec && !parser.is_done()) {
                co_await bhttp::async_read(stream, buffer, parser,
                                           net::redirect_error(net::use_awaitable, ec));
            }
            if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
                ec == beast::error::timeout || ec == net::error::connection_reset ||
                ec == net::error::eof) {
                break;
            }
            if (ec) {
                // A request we refuse to read: say why, then close.
                Response r = ec == bhttp::error::body_limit ? TooLarge(parser, config)
                             : ec == bhttp::error::header_limit
                                 ? Plain(431, "request headers too large\n")
                                 : Plain(400, "malformed HTTP request\n");
                auto res = ToBeast(std::move(r), 11, false, false);
                co_await bhttp::async_write(stream, res,
                                            net::redirect_error(net::use_awaitable, ec));
                break;
            }
            const auto& req = parser.get();
            const auto start = std::chrono::steady_clock::now();
            bool bad = false;
            Request request = ToRequest(req, bad);
            Response response =
                bad ? Plain(400, "malformed request target\n") : router.Handle(request);
            const int status = response.status;
            const size_t bytes = response.body.size();
            const bool head = req.method() == bhttp::verb::head;
            auto res = ToBeast(std::move(response), req.version(), req.keep_alive(), head);
            const bool keep_alive = res.keep_alive();
            co_await bhttp::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
            if (config.access_log) {
                const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count();
                spdlog::info("{} {} {} {} {}B {}us", request.request_id, request.method,
                             std::string(req.target()), status, bytes, us);
            }
            if (ec || !keep_alive) {
                break;
            }
        }
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    net::awaitable<void> Listen() {
        for (;;) {
            beast::error_code ec;
            auto socket =
                co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
            if (ec == net::error::operation_aborted || !acceptor.is_open()) {
                co_return;
            }
            if (ec) {
                spdlog::warn("accept: {}", ec.message());
                continue;
            }
            net::co_spawn(acceptor.get_executor(), Session(TcpStream(std::move(socket))),
                          net::detached);
        }
    }

    ServerConfig config;
    const Router& router;
    net::io_context io;
    tcp::acceptor acceptor;
};

Server::Server(ServerConfig config, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(config), router)) {}

Server::~Server() = default;

uint16_t Server::port() const {
    return impl_->acceptor.local_endpoint().port();
}

void Server::Run() {
    auto& io = impl_->io;
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([this](const beast::error_code& ec, int) {
        if (!ec) {
            spdlog::info("signal received; stopping");
            Stop();
        }
    });
    net::co_spawn(io, impl_->Listen(), net::detached);
    std::vector<std::thread> threads;
    const unsigned n = std::max(1u, impl_->config.threads);
    for (unsigned i = 1; i < n; ++i) {
        threads.emplace_back([&io] { io.run(); });
    }
    io.run();
    for (auto& t : threads) {
        t.join();
    }
}

void Server::Stop() {
    net::post(impl_->io, [this] {
        beast::error_code ec;
        impl_->acceptor.close(ec);
        impl_->io.stop();
    });
}

}  // namespace grantcheck::http
