#include "grantcheck/app/accounts.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "grantcheck/app/service.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/secrets.hpp"

namespace grantcheck::app {
namespace {

constexpr std::string_view kRoles[] = {"admin", "reviewer", "certifier"};

std::vector<std::string> SplitScope(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) {
        out.push_back(w);
    }
    return out;
}

std::string JoinScope(const std::vector<std::string>& v) {
    return fmt::format("{}", fmt::join(v, " "));
}

bool Contains(const std::vector<std::string>& v, std::string_view x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// Times as RFC 3339 UTC strings compare in time order, so expiry checks compare strings.
std::string UtcIn(std::chrono::seconds from_now) {
    const auto now = Service::NowUtc();
    std::tm tm{};
    strptime(now.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    const auto t = std::chrono::system_clock::from_time_t(timegm(&tm)) + from_now;
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

AppError Unauthenticated(std::string message) {
    return AppError(ErrorCode::kUnauthenticated, std::move(message));
}

void CheckPassword(std::string_view password, std::string_view field) {
    if (password.size() < Accounts::kMinPasswordLength) {
        throw InvalidInput("{}: a password has at least {} characters", field,
                           Accounts::kMinPasswordLength);
    }
    if (password.size() > 1024) {
        throw InvalidInput("{}: a password has at most 1024 characters", field);
    }
}

}  // namespace

bool Principal::Reviews(std::string_view program) const {
    return role == "reviewer" && Contains(scope, program);
}

bool Principal::Certifies(std::string_view geoid) const {
    return role == "certifier" && Contains(scope, geoid);
}

bool Principal::CsrfMatches(std::string_view token) const {
    return by_session && !token.empty() && ledger::SameSecret(token, csrf);
}

int64_t Accounts::Add(const NewAccount& in, const store::Snapshot& snap) {
    const auto at = in.email.find('@');
    if (in.email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= in.email.size() ||
        in.email.find_first_of(" \t\r\n") != std::string::npos) {
        throw InvalidInput("email: '{}' is not an e-mail address", in.email);
    }
    if (in.name.empty() || in.name.size() > 200) {
        throw InvalidInput("name: give the person's name (at most 200 characters)");
    }
    if (std::find(std::begin(kRoles), std::end(kRoles), in.role) == std::end(kRoles)) {
        throw InvalidInput("role: '{}' is not one of admin, reviewer, certifier", in.role);
    }
    CheckPassword(in.password, "password");
    std::vector<std::string> scope;
    if (in.role == "reviewer") {
        if (in.scope.empty()) {
            throw InvalidInput("scope: a reviewer reviews at least one program (e.g. byrne-jag)");
        }
        for (const auto& p : in.scope) {
            if (snap.FindProgram(p) == nullptr) {
                throw InvalidInput("scope: '{}' is not a program", p);
            }
            scope.push_back(p);
        }
    } else if (in.role == "certifier") {
        if (in.scope.empty()) {
            throw InvalidInput(
                "scope: a certifier certifies for at least one jurisdiction (a GEOID or name)");
        }
        for (const auto& ref : in.scope) {
            scope.push_back(Service::ResolveJurisdictionField(snap, ref, "scope").geoid);
        }
    } else if (!in.scope.empty()) {
        throw InvalidInput("scope: an administrator has no scope");
    }
    store::Account a;
    a.email = in.email;
    a.name = in.name;
    a.role = in.role;
    a.scope = JoinScope(scope);
    a.password_hash = ledger::HashPassword(in.password);
    return store_.AddAccount(a);
}

store::Account Accounts::Find(std::string_view email) const {
    auto a = store_.FindAccount(email);
    if (!a) {
        throw NotFound("email: no account has the address '{}'", email);
    }
    return *a;
}

void Accounts::Disable(std::string_view email) {
    auto a = Find(email);
    a.disabled = true;
    store_.UpdateAccount(a);
    store_.DeleteSessions(a.id);
}

void Accounts::ResetPassword(std::string_view email, std::string_view password) {
    CheckPassword(password, "password");
    auto a = Find(email);
    a.password_hash = ledger::HashPassword(password);
    a.failed_logins = 0;
    a.locked_until.clear();
    store_.UpdateAccount(a);
    store_.DeleteSessions(a.id);
}

std::vector<store::Account> Accounts::List() const {
    return store_.Accounts();
}

Principal Accounts::ToPrincipal(const store::Account& a) const {
    Principal p;
    p.account_id = a.id;
    p.email = a.email;
    p.name = a.name;
    p.role = a.role;
    p.scope = SplitScope(a.scope);
    return p;
}

LoginResult Accounts::LogIn(std::string_view email, std::string_view password) {
    {
        // At most kMaxAttemptsPerMinute tries per address, whether or not it exists.
        std::lock_guard lock(attempts_mutex_);
        const auto now = std::chrono::steady_clock::now();
        auto& tries = attempts_[std::string(email.substr(0, 254))];
        std::erase_if(tries, [&](auto t) { return now - t > std::chrono::minutes(1); });
        if (tries.size() >= kMaxAttemptsPerMinute) {
            throw AppError(ErrorCode::kTooManyRequests,
                           "too many log-in attempts for this address; wait a minute");
        }
        tries.push_back(now);
        if (attempts_.size() > 100000) {
            attempts_.clear();  // bound the memory an attacker can make us hold
        }
    }
    auto found = store_.FindAccount(email);
    if (!found) {
        ledger::HashPassword(password);  // take as long as a wrong password would
        throw Unauthenticated("wrong e-mail address or password");
    }
    auto a = *found;
    const std::string now = Service::NowUtc();
    if (!a.locked_until.empty() && a.locked_until > now) {
        throw AppError(ErrorCode::kTooManyRequests,
                       fmt::format("the account is locked after {} failed log-ins until {}; an "
                                   "administrator can reset its password",
                                   kMaxFailedLogins, a.locked_until));
    }
    if (!ledger::VerifyPassword(a.password_hash, password)) {
        a.failed_logins += 1;
        if (a.failed_logins >= kMaxFailedLogins) {
            a.locked_until = UtcIn(kLockout);
            a.failed_logins = 0;
            spdlog::warn("account {} locked until {} after failed log-ins", a.id, a.locked_until);
        }
        store_.UpdateAccount(a);
        throw Unauthenticated("wrong e-mail address or password");
    }
    if (a.disabled) {
        throw Forbidden("this account is disabled");
    }
    if (a.failed_logins != 0 || !a.locked_until.empty()) {
        a.failed_logins = 0;
        a.locked_until.clear();
        store_.UpdateAccount(a);
    }
    LoginResult r;
    r.session_token = ledger::RandomHex(32);
    r.principal = ToPrincipal(a);
    r.principal.by_session = true;
    r.principal.csrf = ledger::RandomHex(32);
    r.expires_at = UtcIn(kSessionLife);
    store_.PutSession(ledger::Sha256Hex(r.session_token), {a.id, r.principal.csrf, r.expires_at});
    return r;
}

void Accounts::LogOut(std::string_view session_token) {
    store_.DeleteSession(ledger::Sha256Hex(session_token));
}

std::optional<Principal> Accounts::FromSession(std::string_view session_token) const {
    if (session_token.size() != 64) {
        return std::nullopt;
    }
    auto s = store_.FindSession(ledger::Sha256Hex(session_token));
    if (!s || s->expires_at <= Service::NowUtc()) {
        return std::nullopt;
    }
    auto a = store_.AccountById(s->account_id);
    if (!a || a->disabled) {
        return std::nullopt;
    }
    Principal p = ToPrincipal(*a);
    p.by_session = true;
    p.csrf = s->csrf;
    return p;
}

std::optional<Principal> Accounts::FromToken(std::string_view api_token) const {
    if (!api_token.starts_with("gct_") || api_token.size() != 68) {
        return std::nullopt;
    }
    auto t = store_.FindToken(ledger::Sha256Hex(api_token));
    if (!t || t->revoked || t->expires_at <= Service::NowUtc()) {
        return std::nullopt;
    }
    auto a = store_.AccountById(t->account_id);
    if (!a || a->disabled) {
        return std::nullopt;
    }
    Principal p = ToPrincipal(*a);
    if (!t->scope.empty()) {
        p.scope = SplitScope(t->scope);  // a subset of the account's (checked at creation)
    }
    return p;
}

NewToken Accounts::CreateToken(const Principal& who,
                               std::string_view name,
                               const std::vector<std::string>& scope,
                               int days) {
    if (name.empty() || name.size() > 100) {
        throw InvalidInput("name: name the token (at most 100 characters), e.g. 'nightly import'");
    }
    if (days < 1 || days > 366) {
        throw InvalidInput("days: a token lives 1 to 366 days, not {}", days);
    }
    for (const auto& s : scope) {
        if (!Contains(who.scope, s)) {
            throw InvalidInput("scope: '{}' is not in your account's scope ({})", s,
                               who.scope.empty() ? "none" : JoinScope(who.scope));
        }
    }
    NewToken t;
    t.token = "gct_" + ledger::RandomHex(32);
    t.expires_at = UtcIn(std::chrono::hours(24 * days));
    store::ApiTokenRecord rec;
    rec.account_id = who.account_id;
    rec.name = std::string(name);
    rec.scope = JoinScope(scope);
    rec.expires_at = t.expires_at;
    t.id = store_.AddToken(ledger::Sha256Hex(t.token), rec);
    return t;
}

void Accounts::RevokeToken(const Principal& who, int64_t token_id) {
    if (!store_.RevokeToken(token_id, who.account_id)) {
        throw NotFound("id: you have no API token {}", token_id);
    }
}

std::vector<store::ApiTokenRecord> Accounts::Tokens(const Principal& who) const {
    return store_.Tokens(who.account_id);
}

}  // namespace grantcheck::app
