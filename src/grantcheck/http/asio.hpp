#pragma once

// The one place Asio and Beast are included from. Boost 1.74's awaitable.hpp uses std::exchange
// without including <utility>, so <utility> must come first (STYLE.md, Debian 12 traps).
// clang-format off
#include <utility>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
