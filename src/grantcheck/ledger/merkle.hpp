#pragma once

// Merkle tree hashing and proofs of RFC 9162 section 2.1 (the Certificate Transparency v2 tree,
// the same as RFC 6962): SHA-256, leaf hash H(0x00 || entry), node hash H(0x01 || left || right).
//
// Trees are read through a NodeSource that answers the hash of any complete, aligned subtree
// (2^level leaves starting at index * 2^level). Every root, inclusion proof and consistency proof
// then needs O(log n) node reads: never a rehash of the log.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grantcheck::ledger {

using Hash = std::array<uint8_t, 32>;

Hash Sha256(std::string_view data);
Hash LeafHash(std::string_view entry);
Hash NodeHash(const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of the empty string.
Hash EmptyRoot();

std::string ToHex(const Hash& h);
std::string ToBase64(std::string_view bytes);
std::string ToBase64(const Hash& h);
std::optional<std::string> FromBase64(std::string_view text);
std::optional<Hash> HashFromBase64(std::string_view text);
std::optional<Hash> HashFromHex(std::string_view text);

// Answers complete subtree hashes. REQUIRES: the subtree lies within the tree being read.
class NodeSource {
public:
    virtual ~NodeSource() = default;
    // The hash of leaves [index << level, (index + 1) << level).
    virtual Hash Node(int level, uint64_t index) const = 0;
};

// MTH of leaves [begin, end) of a tree, in O(log n) node reads.
// REQUIRES: begin < end, and [begin, end) is a subtree in RFC 9162's recursion (begin aligned to
// a power of two at least end - begin), which holds for every range a proof or root asks for.
Hash RangeHash(const NodeSource& nodes, uint64_t begin, uint64_t end);

// The root of the tree of the first `size` leaves.
Hash RootHash(const NodeSource& nodes, uint64_t size);

// RFC 9162 2.1.3.1: the inclusion proof of leaf `index` in the tree of `size` leaves.
// REQUIRES: index < size.
std::vector<Hash> InclusionProof(const NodeSource& nodes, uint64_t index, uint64_t size);

// RFC 9162 2.1.4.1: the consistency proof from the tree of `first` leaves to that of `second`.
// REQUIRES: 0 < first <= second.
std::vector<Hash> ConsistencyProof(const NodeSource& nodes, uint64_t first, uint64_t second);

// RFC 9162 2.1.3.2. Returns an empty string when the proof is valid, else why not.
std::string VerifyInclusion(const Hash& leaf_hash,
                            uint64_t index,
                            uint64_t size,
                            const std::vector<Hash>& proof,
                            const Hash& root);

// RFC 9162 2.1.4.2. Returns an empty string when the proof is valid, else why not.
std::string VerifyConsistency(uint64_t first,
                              uint64_t second,
                              const Hash& first_root,
                              const Hash& second_root,
                              const std::vector<Hash>& proof);

// The complete subtree hashes that appending leaf `index` (hash `leaf`) creates: (level, index,
// hash) for level 0 and every parent it completes. `left_sibling(level, index)` reads the
// stored left neighbour at that level. What a store writes on append; O(log n) in the worst case,
// amortized O(1).
struct NewNode {
    int level;
    uint64_t index;
    Hash hash;
};
std::vector<NewNode> NodesForAppend(const NodeSource& nodes, uint64_t index, const Hash& leaf);

// An in-memory node store (tests, benchmarks, offline verification).
// The right edge of a tree: for each set bit of its size, the hash of the complete subtree
// there. Enough to append a leaf (the nodes it completes) and to give the root, with no reads.
class Frontier {
public:
    // The frontier of the first `size` leaves of `nodes` (one read per set bit of `size`).
    static Frontier Of(const NodeSource& nodes, uint64_t size);

    uint64_t size() const { return size_; }
    // Appends a leaf; returns the nodes it completes, as NodesForAppend does.
    std::vector<NewNode> Append(const Hash& leaf);
    // RFC 9162 root of the tree of size(); REQUIRES size() > 0.
    Hash Root() const;

private:
    uint64_t size_ = 0;
    std::vector<Hash> levels_;  // levels_[L]: the subtree for bit L of size_ (when set)
};

class MemoryTree final : public NodeSource {
public:
    // Appends a leaf; returns its index.
    uint64_t Append(std::string_view entry);
    void AppendLeafHash(const Hash& leaf);
    uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
    Hash Node(int level, uint64_t index) const override;

private:
    std::vector<std::vector<Hash>> levels_;
};

}  // namespace grantcheck::ledger
