#pragma once

// A receipt: everything needed to check, offline and without trusting the server, that an entry
// is in the log. The entry's text and index, a signed checkpoint of a tree that includes it, and
// the inclusion proof from the entry to that checkpoint's root.

#include <cstdint>
#include <string>
#include <vector>

#include "grantcheck/ledger/merkle.hpp"

namespace grantcheck::ledger {

struct Receipt {
    uint64_t index = 0;
    std::string entry;       // the canonical entry text
    Hash leaf_hash{};        // RFC 9162 leaf hash of `entry`
    std::string checkpoint;  // a signed note (C2SP tlog-checkpoint)
    std::vector<Hash> inclusion_proof;
};

// Checks a receipt against a verifier key. Returns an empty string when it is valid; otherwise
// the first reason it is not (the entry does not hash to its leaf hash, the checkpoint's
// signature fails, the index is outside the tree, the proof does not lead to the root).
std::string VerifyReceipt(const Receipt& receipt, std::string_view verifier_key);

}  // namespace grantcheck::ledger
