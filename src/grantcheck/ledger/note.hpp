#pragma once

// Signed checkpoints in the C2SP formats: tlog-checkpoint (origin, tree size, base64 root hash)
// carried in a signed note (text, blank line, "— <key name> <base64(key id || signature)>"),
// signed with Ed25519. Keys are written as the note format writes them:
//   verifier key: <name>+<key id hex>+<base64(0x01 || public key)>
//   signer key:   PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 || seed)>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "grantcheck/ledger/merkle.hpp"

namespace grantcheck::ledger {

struct Checkpoint {
    std::string origin;
    uint64_t size = 0;
    Hash root{};
};

// "origin\nsize\nbase64(root)\n".
std::string CheckpointText(const Checkpoint& c);
// Parses a checkpoint body; on failure returns nullopt and says why in `why`.
std::optional<Checkpoint> ParseCheckpoint(std::string_view text, std::string* why);

class Signer {
public:
    // A new Ed25519 key named `name` (a key name has no spaces, '+' or newlines).
    static Signer Generate(std::string name);
    // Reads a signer key; nullopt with `why` when it is not one.
    static std::optional<Signer> Parse(std::string_view key_text, std::string* why);

    std::string PrivateKeyText() const;
    std::string VerifierKey() const;
    const std::string& name() const { return name_; }
    // The signed note: `text` (which must end in a newline), a blank line, the signature line.
    std::string Sign(std::string_view text) const;

private:
    Signer() = default;
    std::string name_;
    std::string seed_;        // 32 bytes
    std::string public_key_;  // 32 bytes
    uint32_t id_ = 0;
};

// Checks a signed note against a verifier key. Returns an empty string when a signature line by
// that key verifies, and stores the note's text in `text`; otherwise says exactly why not.
std::string VerifyNote(std::string_view verifier_key, std::string_view note, std::string* text);

}  // namespace grantcheck::ledger
