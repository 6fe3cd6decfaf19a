#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "grantcheck/http/router.hpp"

namespace grantcheck::http {

struct ServerConfig {
    std::string address = "127.0.0.1";
    uint16_t port = 8080;  // 0 picks a free port; see Server::port()
    unsigned threads = 2;
    std::chrono::seconds read_timeout{30};  // per request, headers and body together
    size_t max_header_bytes = 16 * 1024;
    size_t max_body_bytes = 1 << 20;
    // Requests whose path starts with this prefix (uploads) and that carry credentials
    // (Authorization or Cookie) may send up to this many bytes.
    std::string large_body_prefix;
    size_t max_large_body_bytes = 0;
    std::string large_body_what = "uploads";  // for the 413 message: "file: <what> are at most"
    bool access_log = true;
};

// An HTTP/1.1 server (Boost.Beast over Asio, C++20 coroutines) that hands every request to a
// Router. Keep-alive, a deadline and size limits on every read. The constructor binds and
// listens, so port() is known before Run().
//
// Throws AppError(kUnavailable) when the address cannot be bound.
class Server {
public:
    Server(ServerConfig config, const Router& router);
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    ~Server();

    uint16_t port() const;

    // Serves until Stop() or SIGINT/SIGTERM. Blocks; runs `config.threads` threads.
    void Run();
    // Stops accepting and ends Run(). Safe from any thread.
    void Stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace grantcheck::http
