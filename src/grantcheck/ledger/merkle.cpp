#include "grantcheck/ledger/merkle.hpp"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>
#include <sodium.h>

namespace grantcheck::ledger {
namespace {

// The largest power of two smaller than n. REQUIRES: n > 1.
uint64_t SplitPoint(uint64_t n) {
    return std::bit_floor(n - 1);
}

int Log2(uint64_t power_of_two) {
    return std::countr_zero(power_of_two);
}

void SubProof(const NodeSource& nodes,
              uint64_t m,
              uint64_t begin,
              uint64_t end,
              bool whole,
              std::vector<Hash>* out) {
    const uint64_t n = end - begin;
    if (m == n) {
        if (!whole) {
            out->push_back(RangeHash(nodes, begin, end));
        }
        return;
    }
    const uint64_t k = SplitPoint(n);
    if (m <= k) {
        SubProof(nodes, m, begin, begin + k, whole, out);
        out->push_back(RangeHash(nodes, begin + k, end));
    } else {
        SubProof(nodes, m - k, begin + k, end, false, out);
        out->push_back(RangeHash(nodes, begin, begin + k));
    }
}

}  // namespace

Hash Sha256(std::string_view data) {
    Hash h;
    crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return h;
}

Hash LeafHash(std::string_view entry) {
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    const unsigned char prefix = 0x00;
    crypto_hash_sha256_update(&st, &prefix, 1);
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(entry.data()),
                              entry.size());
    Hash h;
    crypto_hash_sha256_final(&st, h.data());
    return h;
}

Hash NodeHash(const Hash& left, const Hash& right) {
    unsigned char buf[65];
    buf[0] = 0x01;
    std::copy(left.begin(), left.end(), buf + 1);
    std::copy(right.begin(), right.end(), buf + 33);
    Hash h;
    crypto_hash_sha256(h.data(), buf, sizeof buf);
    return h;
}

Hash EmptyRoot() {
    return Sha256("");
}

std::string ToHex(const Hash& h) {
    std::string out;
    for (uint8_t b : h) {
        out += fmt::format("{:02x}", b);
    }
    return out;
}

std::string ToBase64(std::string_view bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.find('\0'));
    return out;
}

std::string ToBase64(const Hash& h) {
    return ToBase64(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

std::optional<std::string> FromBase64(std::string_view text) {
    std::string out(text.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    out.resize(len);
    return out;
}

std::optional<Hash> HashFromBase64(std::string_view text) {
    auto bytes = FromBase64(text);
    if (!bytes || bytes->size() != 32) {
        return std::nullopt;
    }
    Hash h;
    std::copy(bytes->begin(), bytes->end(), h.begin());
    return h;
}

std::optional<Hash> HashFromHex(std::string_view text) {
    Hash h;
    size_t len = 0;
    if (text.size() != 64 ||
        sodium_hex2bin(h.data(), h.size(), text.data(), text.size(), nullptr, &len, nullptr) != 0 ||
        len != 32) {
        return std::nullopt;
    }
    return h;
}

Hash RangeHash(const NodeSource& nodes, uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (std::has_single_bit(n)) {
        const int level = Log2(n);
        return nodes.Node(level, begin >> level);
    }
    const uint64_t k = SplitPoint(n);
    return NodeHash(nodes.Node(Log2(k), begin >> Log2(k)), RangeHash(nodes, begin + k, end));
}

Hash RootHash(const NodeSource& nodes, uint64_t size) {
    return size == 0 ? EmptyRoot() : RangeHash(nodes, 0, size);
}

std::vector<Hash> InclusionProof(const NodeSource& nodes, uint64_t index, uint64_t size) {
    std::vector<Hash> path;
    uint64_t begin = 0;
    uint64_t end = size;
    std::vector<Hash> reversed;
    while (end - begin > 1) {
        const uint64_t k = SplitPoint(end - begin);
        if (index < begin + k) {
            reversed.push_back(RangeHash(nodes, begin + k, end));
            end = begin + k;
        } else {
            reversed.push_back(RangeHash(nodes, begin, begin + k));
            begin += k;
        }
    }
    // PATH lists the siblings from the leaf up.
    path.assign(reversed.rbegin(), reversed.rend());
    return path;
}

std::vector<Hash> ConsistencyProof(const NodeSource& nodes, uint64_t first, uint64_t second) {
    std::vector<Hash> out;
    if (first == 0 || first > second) {
        throw std::invalid_argument("consistency proof needs 0 < first <= second");
    }
    SubProof(nodes, first, 0, second, true, &out);
    return out;
}

std::string VerifyInclusion(const Hash& leaf_hash,
                            uint64_t index,
                            uint64_t size,
                            const std::vector<Hash>& proof,
                            const Hash& root) {
    if (index >= size) {
        return fmt::format("leaf index {} is not below the tree size {}", index, size);
    }
    uint64_t fn = index;
    uint64_t sn = size - 1;
    Hash r = leaf_hash;
    for (const auto& p : proof) {
        if (sn == 0) {
            return "the inclusion proof is longer than the tree is deep";
        }
        if ((fn & 1) != 0 || fn == sn) {
            r = NodeHash(p, r);
            if ((fn & 1) == 0) {
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = NodeHash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) {
        return "the inclusion proof is too short for the tree size";
    }
    if (r != root) {
        return "the inclusion proof does not lead to the root hash";
    }
    return "";
}

std::string VerifyConsistency(uint64_t first,
                              uint64_t second,
                              const Hash& first_root,
                              const Hash& second_root,
                              const std::vector<Hash>& proof) {
    if (first > second) {
        return fmt::format("the first tree ({}) is larger than the second ({})", first, second);
    }
    if (first == second) {
        if (!proof.empty()) {
            return "a proof between equal tree sizes must be empty";
        }
        return first_root == second_root ? "" : "equal tree sizes with different root hashes";
    }
    if (first == 0) {
        return proof.empty() ? "" : "a proof from the empty tree must be empty";
    }
    if (proof.empty()) {
        return "the consistency proof is empty";
    }
    std::vector<Hash> path = proof;
    if (std::has_single_bit(first)) {
        path.insert(path.begin(), first_root);
    }
    uint64_t fn = first - 1;
    uint64_t sn = second - 1;
    while ((fn & 1) != 0) {
        fn >>= 1;
        sn >>= 1;
    }
    Hash fr = path[0];
    Hash sr = path[0];
    for (size_t i = 1; i < path.size(); ++i) {
        const Hash& c = path[i];
        if (sn == 0) {
            return "the consistency proof is longer than the trees are deep";
        }
        if ((fn & 1) != 0 || fn == sn) {
            fr = NodeHash(c, fr);
            sr = NodeHash(c, sr);
            if ((fn & 1) == 0) {
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = NodeHash(sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) {
        return "the consistency proof is too short for the tree sizes";
    }
    if (fr != first_root) {
        return "the consistency proof does not lead to the first root hash";
    }
    if (sr != second_root) {
        return "the consistency proof does not lead to the second root hash";
    }
    return "";
}

std::vector<NewNode> NodesForAppend(const NodeSource& nodes, uint64_t index, const Hash& leaf) {
    std::vector<NewNode> out{{0, index, leaf}};
    Hash h = leaf;
    uint64_t i = index;
    int level = 0;
    while ((i & 1) == 1) {
        h = NodeHash(nodes.Node(level, i - 1), h);
        i >>= 1;
        ++level;
        out.push_back({level, i, h});
    }
    return out;
}

Frontier Frontier::Of(const NodeSource& nodes, uint64_t size) {
    Frontier f;
    f.size_ = size;
    for (int level = 0; (size >> level) > 0; ++level) {
        f.levels_.push_back(((size >> level) & 1) != 0 ? nodes.Node(level, (size >> level) - 1)
                                                       : Hash{});
    }
    return f;
}

std::vector<NewNode> Frontier::Append(const Hash& leaf) {
    std::vector<NewNode> out{{0, size_, leaf}};
    Hash h = leaf;
    uint64_t i = size_;
    int level = 0;
    while ((i & 1) == 1) {
        h = NodeHash(levels_[static_cast<size_t>(level)], h);
        i >>= 1;
        ++level;
        out.push_back({level, i, h});
    }
    if (levels_.size() <= static_cast<size_t>(level)) {
        levels_.resize(static_cast<size_t>(level) + 1);
    }
    levels_[static_cast<size_t>(level)] = h;
    ++size_;
    return out;
}

Hash Frontier::Root() const {
    Hash root{};
    bool first = true;
    for (size_t level = 0; level < levels_.size(); ++level) {
        if (((size_ >> level) & 1) == 0) {
            continue;
        }
        root = first ? levels_[level] : NodeHash(levels_[level], root);
        first = false;
    }
    return root;
}

uint64_t MemoryTree::Append(std::string_view entry) {
    AppendLeafHash(LeafHash(entry));
    return size() - 1;
}

void MemoryTree::AppendLeafHash(const Hash& leaf) {
    for (const auto& n : NodesForAppend(*this, size(), leaf)) {
        if (levels_.size() <= static_cast<size_t>(n.level)) {
            levels_.resize(static_cast<size_t>(n.level) + 1);
        }
        levels_[static_cast<size_t>(n.level)].push_back(n.hash);
    }
}

Hash MemoryTree::Node(int level, uint64_t index) const {
    return levels_.at(static_cast<size_t>(level)).at(index);
}

}  // namespace grantcheck::ledger
