#pragma once

// Who may do what: accounts with a role and a scope, password log-in with lock-out, sessions
// with CSRF tokens, and API tokens for scripts. Secrets are stored only as hashes (argon2id for
// passwords, SHA-256 for random session and API tokens).

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantcheck/store/accounts.hpp"
#include "grantcheck/store/snapshot.hpp"

namespace grantcheck::app {

// The caller of a request, once authenticated.
struct Principal {
    int64_t account_id = 0;
    std::string email;
    std::string name;
    std::string role;                // "admin", "reviewer" or "certifier"
    std::vector<std::string> scope;  // reviewer: program ids; certifier: GEOIDs
    bool by_session = false;         // a session cookie (writes then need the CSRF token)
    std::string csrf;                // the session's CSRF token

    bool IsAdmin() const { return role == "admin"; }
    // Administrators and reviewers: the agency's side of a campaign.
    bool OnAgencySide() const { return role == "admin" || role == "reviewer"; }
    // A reviewer whose scope holds `program`.
    bool Reviews(std::string_view program) const;
    // A certifier whose scope holds `geoid`.
    bool Certifies(std::string_view geoid) const;
    // Whether `token` is this session's CSRF token (compared in constant time).
    bool CsrfMatches(std::string_view token) const;
};

struct NewAccount {
    std::string email;
    std::string name;
    std::string role;
    std::vector<std::string> scope;  // program ids (reviewer) or jurisdictions (certifier)
    std::string password;
};

struct LoginResult {
    std::string session_token;  // for the cookie; only its hash is stored
    Principal principal;
    std::string expires_at;
};

struct NewToken {
    int64_t id = 0;
    std::string token;  // shown once; only its hash is stored
    std::string expires_at;
};

// Thread-safety: all methods may be called from any thread.
class Accounts {
public:
    static constexpr int kMaxFailedLogins = 5;           // then the account locks
    static constexpr std::chrono::minutes kLockout{15};  // for this long
    static constexpr int kMaxAttemptsPerMinute = 10;     // per e-mail address, then 429
    static constexpr std::chrono::hours kSessionLife{12};
    static constexpr size_t kMinPasswordLength = 12;
    static constexpr const char* kSessionCookie = "gc_session";

    explicit Accounts(store::AccountStore& store) : store_(store) {}

    // Validates and adds an account; scope entries must name programs (reviewer) or resolve to
    // jurisdictions in `snap` (certifier: GEOID, OCD id or name). Throws InvalidInput naming
    // the field, or Conflict for an address in use.
    int64_t Add(const NewAccount& account, const store::Snapshot& snap);
    // Disables an account and ends its sessions (its tokens stop working too).
    void Disable(std::string_view email);
    // Sets a new password, re-enables a locked account, and ends its sessions.
    void ResetPassword(std::string_view email, std::string_view password);
    std::vector<store::Account> List() const;

    // Checks the password. Throws kUnauthenticated for a wrong address or password (the same
    // message for both), kForbidden for a disabled account, kTooManyRequests when the account
    // is locked or the address was tried too often in the last minute.
    LoginResult LogIn(std::string_view email, std::string_view password);
    void LogOut(std::string_view session_token);

    // The principal of a session cookie or an API token; nullopt when unknown, expired,
    // revoked, or its account is disabled.
    std::optional<Principal> FromSession(std::string_view session_token) const;
    std::optional<Principal> FromToken(std::string_view api_token) const;

    // An API token for `who`, valid `days` days (1-366), limited to `scope` (a subset of the
    // account's; empty for all of it). Throws InvalidInput naming the field.
    NewToken CreateToken(const Principal& who,
                         std::string_view name,
                         const std::vector<std::string>& scope,
                         int days);
    // Throws NotFound when `who` has no token with that id.
    void RevokeToken(const Principal& who, int64_t token_id);
    std::vector<store::ApiTokenRecord> Tokens(const Principal& who) const;

private:
    Principal ToPrincipal(const store::Account& a) const;
    store::Account Find(std::string_view email) const;

    store::AccountStore& store_;
    std::mutex attempts_mutex_;
    std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> attempts_;
};

}  // namespace grantcheck::app
