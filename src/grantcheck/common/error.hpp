#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace grantcheck {

// The codes an operation can fail with. `http` maps them to status codes and `cli` to exit codes,
// each in one place.
enum class ErrorCode {
    kInvalidInput,     // the caller's input is wrong: 400 / exit 2
    kNotFound,         // a named thing does not exist: 404 / exit 2
    kConflict,         // the request conflicts with the current state: 409 / exit 1
    kUnauthenticated,  // no valid session or token, or a wrong password: 401 / exit 2
    kForbidden,        // the caller may not do this (role, scope, CSRF): 403 / exit 2
    kTooLarge,         // the request body is larger than allowed: 413 / exit 2
    kTooManyRequests,  // rate limited (login attempts): 429 / exit 1
    kUnavailable,      // a dependency (the database, a file) cannot be used now: 503 / exit 1
    kInternal,         // a bug: 500 / exit 1
};

std::string_view ToString(ErrorCode code);

// A failure that ends the operation. `public_message` may be shown to any client; `detail` is
// for the log only (it may hold paths, SQL, library messages).
class AppError : public std::exception {
public:
    AppError(ErrorCode code, std::string public_message, std::string detail = {})
        : code_(code), public_message_(std::move(public_message)), detail_(std::move(detail)) {}

    ErrorCode code() const { return code_; }
    const std::string& public_message() const { return public_message_; }
    const std::string& detail() const { return detail_; }
    const char* what() const noexcept override { return public_message_.c_str(); }

    AppError& WithDetail(std::string detail) {
        detail_ = std::move(detail);
        return *this;
    }

private:
    ErrorCode code_;
    std::string public_message_;
    std::string detail_;
};

template <typename... Args>
AppError InvalidInput(fmt::format_string<Args...> f, Args&&... args) {
    return AppError(ErrorCode::kInvalidInput, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
AppError NotFound(fmt::format_string<Args...> f, Args&&... args) {
    return AppError(ErrorCode::kNotFound, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
AppError Conflict(fmt::format_string<Args...> f, Args&&... args) {
    return AppError(ErrorCode::kConflict, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
AppError Forbidden(fmt::format_string<Args...> f, Args&&... args) {
    return AppError(ErrorCode::kForbidden, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
AppError Unavailable(fmt::format_string<Args...> f, Args&&... args) {
    return AppError(ErrorCode::kUnavailable, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace grantcheck
