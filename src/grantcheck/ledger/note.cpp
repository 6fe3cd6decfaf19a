#include "grantcheck/ledger/note.hpp"

#include <charconv>
#include <stdexcept>

#include <fmt/format.h>
#include <sodium.h>

namespace grantcheck::ledger {
namespace {

constexpr unsigned char kAlgEd25519 = 0x01;
constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 EM DASH and a space

uint32_t KeyId(std::string_view name, std::string_view public_key) {
    std::string data(name);
    data += '\n';
    data += static_cast<char>(kAlgEd25519);
    data += public_key;
    const Hash h = Sha256(data);
    return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
}

bool ValidName(std::string_view name) {
    return !name.empty() && name.find_first_of(" +\n\t") == std::string_view::npos;
}

void EnsureSodium() {
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

// The Ed25519 public key of a 32-byte seed.
std::string PublicKeyOf(const std::string& seed) {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, reinterpret_cast<const unsigned char*>(seed.data()));
    sodium_memzero(sk, sizeof sk);
    return std::string(reinterpret_cast<const char*>(pk), sizeof pk);
}

}  // namespace

std::string CheckpointText(const Checkpoint& c) {
    return fmt::format("{}\n{}\n{}\n", c.origin, c.size, ToBase64(c.root));
}

std::optional<Checkpoint> ParseCheckpoint(std::string_view text, std::string* why) {
    Checkpoint c;
    auto line = [&text]() -> std::optional<std::string_view> {
        const size_t nl = text.find('\n');
        if (nl == std::string_view::npos) {
            return std::nullopt;
        }
        auto l = text.substr(0, nl);
        text.remove_prefix(nl + 1);
        return l;
    };
    auto origin = line();
    auto size = line();
    auto root = line();
    if (!origin || !size || !root || origin->empty()) {
        *why = "a checkpoint has three lines: origin, tree size, root hash";
        return std::nullopt;
    }
    c.origin = std::string(*origin);
    const auto [ptr, ec] = std::from_chars(size->data(), size->data() + size->size(), c.size);
    if (ec != std::errc() || ptr != size->data() + size->size() || size->empty() ||
        (size->size() > 1 && (*size)[0] == '0')) {
        *why = fmt::format("'{}' is not a tree size", *size);
        return std::nullopt;
    }
    auto hash = HashFromBase64(*root);
    if (!hash) {
        *why = "the root hash is not 32 bytes of base64";
        return std::nullopt;
    }
    c.root = *hash;
    return c;
}

Signer Signer::Generate(std::string name) {
    EnsureSodium();
    if (!ValidName(name)) {
        throw std::invalid_argument("a key name has no spaces, '+' or newlines");
    }
    Signer s;
    s.name_ = std::move(name);
    s.seed_.resize(crypto_sign_SEEDBYTES);
    randombytes_buf(s.seed_.data(), s.seed_.size());
    s.public_key_ = PublicKeyOf(s.seed_);
    s.id_ = KeyId(s.name_, s.public_key_);
    return s;
}

std::optional<Signer> Signer::Parse(std::string_view key_text, std::string* why) {
    EnsureSodium();
    constexpr std::string_view kPrefix = "PRIVATE+KEY+";
    while (!key_text.empty() && (key_text.back() == '\n' || key_text.back() == '\r')) {
        key_text.remove_suffix(1);
    }
    if (!key_text.starts_with(kPrefix)) {
        *why = "a signer key starts with PRIVATE+KEY+";
        return std::nullopt;
    }
    key_text.remove_prefix(kPrefix.size());
    const size_t p1 = key_text.find('+');
    const size_t p2 = p1 == std::string_view::npos ? p1 : key_text.find('+', p1 + 1);
    if (p2 == std::string_view::npos) {
        *why = "a signer key is PRIVATE+KEY+name+id+key";
        return std::nullopt;
    }
    auto raw = FromBase64(key_text.substr(p2 + 1));
    if (!raw || raw->size() != 1 + crypto_sign_SEEDBYTES ||
        static_cast<unsigned char>((*raw)[0]) != kAlgEd25519) {
        *why = "the signer key is not an Ed25519 seed";
        return std::nullopt;
    }
    Signer s;
    s.name_ = std::string(key_text.substr(0, p1));
    s.seed_ = raw->substr(1);
    s.public_key_ = PublicKeyOf(s.seed_);
    s.id_ = KeyId(s.name_, s.public_key_);
    if (fmt::format("{:08x}", s.id_) != key_text.substr(p1 + 1, p2 - p1 - 1)) {
        *why = "the signer key's id does not match its name and key";
        return std::nullopt;
    }
    return s;
}

std::string Signer::PrivateKeyText() const {
    return fmt::format("PRIVATE+KEY+{}+{:08x}+{}", name_, id_,
                       ToBase64(std::string(1, static_cast<char>(kAlgEd25519)) + seed_));
}

std::string Signer::VerifierKey() const {
    return fmt::format("{}+{:08x}+{}", name_, id_,
                       ToBase64(std::string(1, static_cast<char>(kAlgEd25519)) + public_key_));
}

std::string Signer::Sign(std::string_view text) const {
    if (text.empty() || text.back() != '\n') {
        throw std::invalid_argument("a note's text ends with a newline");
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, reinterpret_cast<const unsigned char*>(seed_.data()));
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                         text.size(), sk);
    sodium_memzero(sk, sizeof sk);
    std::string blob;
    for (int shift = 24; shift >= 0; shift -= 8) {
        blob += static_cast<char>((id_ >> shift) & 0xff);
    }
    blob.append(reinterpret_cast<const char*>(sig), sizeof sig);
    return fmt::format("{}\n{}{} {}\n", text, kDash, name_, ToBase64(blob));
}

std::string VerifyNote(std::string_view verifier_key, std::string_view note, std::string* text) {
    EnsureSodium();
    const size_t p1 = verifier_key.find('+');
    const size_t p2 = p1 == std::string_view::npos ? p1 : verifier_key.find('+', p1 + 1);
    if (p2 == std::string_view::npos) {
        return "the verifier key is not name+id+key";
    }
    const std::string name(verifier_key.substr(0, p1));
    auto raw = FromBase64(verifier_key.substr(p2 + 1));
    if (!raw || raw->size() != 1 + crypto_sign_PUBLICKEYBYTES ||
        static_cast<unsigned char>((*raw)[0]) != kAlgEd25519) {
        return "the verifier key is not an Ed25519 public key";
    }
    const std::string public_key = raw->substr(1);
    const uint32_t id = KeyId(name, public_key);
    if (fmt::format("{:08x}", id) != verifier_key.substr(p1 + 1, p2 - p1 - 1)) {
        return "the verifier key's id does not match its name and key";
    }
    const size_t split = note.rfind("\n\n");
    if (split == std::string_view::npos) {
        return "the note has no blank line before its signatures";
    }
    const std::string_view body = note.substr(0, split + 1);
    std::string_view sigs = note.substr(split + 2);
    bool named = false;
    while (!sigs.empty()) {
        const size_t nl = sigs.find('\n');
        if (nl == std::string_view::npos) {
            return "a signature line does not end with a newline";
        }
        std::string_view line = sigs.substr(0, nl);
        sigs.remove_prefix(nl + 1);
        if (!line.starts_with(kDash)) {
            return "a signature line does not start with an em dash";
        }
        line.remove_prefix(kDash.size());
        const size_t space = line.find(' ');
        if (space == std::string_view::npos || line.substr(0, space) != name) {
            continue;
        }
        named = true;
        auto blob = FromBase64(line.substr(space + 1));
        if (!blob || blob->size() != 4 + crypto_sign_BYTES) {
            return "the signature is not 4 + 64 bytes of base64";
        }
        const uint32_t sig_id = (uint32_t{static_cast<uint8_t>((*blob)[0])} << 24) |
                                (uint32_t{static_cast<uint8_t>((*blob)[1])} << 16) |
                                (uint32_t{static_cast<uint8_t>((*blob)[2])} << 8) |
                                uint32_t{static_cast<uint8_t>((*blob)[3])};
        if (sig_id != id) {
            continue;
        }
        if (crypto_sign_verify_detached(
                reinterpret_cast<const unsigned char*>(blob->data() + 4),
                reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                reinterpret_cast<const unsigned char*>(public_key.data())) != 0) {
            return fmt::format(
                "the signature by {} does not verify: the note was changed or "
                "signed by another key",
                name);
        }
        *text = std::string(body);
        return "";
    }
    return named ? fmt::format("no signature by key {}+{:08x} (another key of that name signed)",
                               name, id)
                 : fmt::format("the note has no signature by {}", name);
}

}  // namespace grantcheck::ledger
