#include "grantcheck/ledger/secrets.hpp"

#include <vector>

#include <sodium.h>

#include "grantcheck/common/error.hpp"

namespace grantcheck::ledger {
namespace {

std::string Hex(const unsigned char* data, size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

void Init() {
    if (sodium_init() < 0) {
        throw AppError(ErrorCode::kUnavailable, "libsodium could not be initialized");
    }
}

}  // namespace

std::string HashPassword(std::string_view password) {
    Init();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw AppError(ErrorCode::kUnavailable, "not enough memory to hash a password");
    }
    return out;
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
    Init();
    if (encoded.size() >= crypto_pwhash_STRBYTES) {
        return false;
    }
    char buf[crypto_pwhash_STRBYTES] = {};
    std::copy(encoded.begin(), encoded.end(), buf);
    return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

std::string RandomHex(size_t bytes) {
    Init();
    std::vector<unsigned char> buf(bytes);
    randombytes_buf(buf.data(), buf.size());
    return Hex(buf.data(), buf.size());
}

std::string Sha256Hex(std::string_view data) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return Hex(out, sizeof out);
}

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    unsigned char out[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, out);
    return Hex(out, sizeof out);
}

bool SameSecret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace grantcheck::ledger
