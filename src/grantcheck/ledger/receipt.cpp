#include "grantcheck/ledger/receipt.hpp"

#include <fmt/format.h>

#include "grantcheck/ledger/note.hpp"

namespace grantcheck::ledger {

std::string VerifyReceipt(const Receipt& r, std::string_view verifier_key) {
    if (LeafHash(r.entry) != r.leaf_hash) {
        return "the entry does not hash to the receipt's leaf hash: the entry or the hash was "
               "changed";
    }
    std::string text;
    if (auto why = VerifyNote(verifier_key, r.checkpoint, &text); !why.empty()) {
        return "checkpoint: " + why;
    }
    std::string why;
    auto checkpoint = ParseCheckpoint(text, &why);
    if (!checkpoint) {
        return "checkpoint: " + why;
    }
    if (auto failure = VerifyInclusion(r.leaf_hash, r.index, checkpoint->size, r.inclusion_proof,
                                       checkpoint->root);
        !failure.empty()) {
        return fmt::format("inclusion in the tree of size {}: {}", checkpoint->size, failure);
    }
    return "";
}

}  // namespace grantcheck::ledger
