#pragma once

// Secrets for accounts and webhooks, over libsodium: argon2id password hashes, random tokens,
// HMAC-SHA256 signatures, and comparisons that take the same time whatever the bytes.

#include <cstddef>
#include <string>
#include <string_view>

namespace grantcheck::ledger {

// An argon2id hash of `password` in libsodium's encoded form ("$argon2id$v=19$m=...").
// Parameters: libsodium's "interactive" limits (2 passes, 64 MiB), about 0.1 s on one core.
// Throws AppError(kUnavailable) when the memory cannot be had.
std::string HashPassword(std::string_view password);

// Whether `password` matches an encoded hash from HashPassword.
bool VerifyPassword(std::string_view encoded, std::string_view password);

// `bytes` random bytes from the system's generator, as lower-case hex.
std::string RandomHex(size_t bytes);

// SHA-256 of `data`, as lower-case hex.
std::string Sha256Hex(std::string_view data);

// HMAC-SHA256 of `message` under `key`, as lower-case hex.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// Compares two strings in time that depends only on their lengths.
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace grantcheck::ledger
