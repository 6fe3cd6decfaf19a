#include "grantcheck/ledger/merkle.hpp"

#include <functional>

#include <gtest/gtest.h>

namespace grantcheck::ledger {
namespace {

std::string Unhex(std::string_view hex) {
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    }
    return out;
}

Hash H(std::string_view hex) {
    return *HashFromHex(hex);
}

// RFC 6962 reference leaves and roots, as published with transparency-dev/merkle's test data.
const std::vector<std::string> kLeaves = {"",
                                          Unhex("00"),
                                          Unhex("10"),
                                          Unhex("2021"),
                                          Unhex("3031"),
                                          Unhex("40414243"),
                                          Unhex("5051525354555657"),
                                          Unhex("606162636465666768696a6b6c6d6e6f")};
const char* kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

MemoryTree ReferenceTree() {
    MemoryTree t;
    for (const auto& l : kLeaves) {
        t.Append(l);
    }
    return t;
}

TEST(MerkleTest, RootsMatchTheReferenceVectors) {
    auto tree = ReferenceTree();
    for (uint64_t n = 0; n <= kLeaves.size(); ++n) {
        EXPECT_EQ(ToHex(RootHash(tree, n)), kRoots[n]) << "size " << n;
    }
}

TEST(MerkleTest, ProofsMatchTheReferenceVectors) {
    auto tree = ReferenceTree();
    const std::vector<Hash> inclusion0 = {
        H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
        H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")};
    EXPECT_EQ(InclusionProof(tree, 0, 8), inclusion0);
    const std::vector<Hash> inclusion5 = {
        H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
        H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
    EXPECT_EQ(InclusionProof(tree, 5, 8), inclusion5);
    const std::vector<Hash> consistency28 = {
        H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")};
    EXPECT_EQ(ConsistencyProof(tree, 2, 8), consistency28);
    const std::vector<Hash> consistency68 = {
        H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
        H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
        H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")};
    EXPECT_EQ(ConsistencyProof(tree, 6, 8), consistency68);
    const std::vector<Hash> consistency25 = {
        H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")};
    EXPECT_EQ(ConsistencyProof(tree, 2, 5), consistency25);
    EXPECT_EQ(VerifyConsistency(6, 8, H(kRoots[6]), H(kRoots[8]), consistency68), "");
    EXPECT_EQ(VerifyInclusion(LeafHash(kLeaves[5]), 5, 8, inclusion5, H(kRoots[8])), "");
}

// The recursive definitions of RFC 9162 over plain leaf hashes: an independent recomputation.
Hash Mth(const std::vector<Hash>& d, size_t a, size_t b) {
    if (b - a == 1) {
        return d[a];
    }
    size_t k = 1;
    while (k * 2 < b - a) {
        k *= 2;
    }
    return NodeHash(Mth(d, a, a + k), Mth(d, a + k, b));
}
void Path(const std::vector<Hash>& d, size_t m, size_t a, size_t b, std::vector<Hash>* out) {
    if (b - a <= 1) {
        return;
    }
    size_t k = 1;
    while (k * 2 < b - a) {
        k *= 2;
    }
    if (m < k) {
        Path(d, m, a, a + k, out);
        out->push_back(Mth(d, a + k, b));
    } else {
        Path(d, m - k, a + k, b, out);
        out->push_back(Mth(d, a, a + k));
    }
}
void Sub(
    const std::vector<Hash>& d, size_t m, size_t a, size_t b, bool whole, std::vector<Hash>* out) {
    if (m == b - a) {
        if (!whole) {
            out->push_back(Mth(d, a, b));
        }
        return;
    }
    size_t k = 1;
    while (k * 2 < b - a) {
        k *= 2;
    }
    if (m <= k) {
        Sub(d, m, a, a + k, whole, out);
        out->push_back(Mth(d, a + k, b));
    } else {
        Sub(d, m - k, a + k, b, false, out);
        out->push_back(Mth(d, a, a + k));
    }
}

TEST(MerkleTest, EveryProofInEveryTreeUpTo300MatchesTheDefinitionAndVerifies) {
    constexpr size_t kMax = 300;
    MemoryTree tree;
    std::vector<Hash> leaves;
    for (size_t i = 0; i < kMax; ++i) {
        const std::string entry = "entry " + std::to_string(i);
        tree.Append(entry);
        leaves.push_back(LeafHash(entry));
    }
    std::vector<Hash> roots(kMax + 1);
    for (size_t n = 1; n <= kMax; ++n) {
        roots[n] = RootHash(tree, n);
        ASSERT_EQ(roots[n], Mth(leaves, 0, n)) << "root of " << n;
    }
    for (size_t n = 1; n <= kMax; ++n) {
        for (size_t m = 0; m < n; ++m) {
            const auto proof = InclusionProof(tree, m, n);
            std::vector<Hash> expected;
            Path(leaves, m, 0, n, &expected);
            ASSERT_EQ(proof, expected) << "inclusion " << m << " in " << n;
            ASSERT_EQ(VerifyInclusion(leaves[m], m, n, proof, roots[n]), "") << m << "/" << n;
            if (n > 1) {
                EXPECT_NE(VerifyInclusion(leaves[m], (m + 1) % n, n, proof, roots[n]), "");
            }
            // A proof for another tree size does not lead to that tree's root.
            if (n < kMax) {
                EXPECT_NE(VerifyInclusion(leaves[m], m, n + 1, proof, RootHash(tree, n + 1)), "");
            }
        }
        for (size_t m = 1; m <= n; ++m) {
            const auto proof = ConsistencyProof(tree, m, n);
            std::vector<Hash> expected;
            Sub(leaves, m, 0, n, true, &expected);
            ASSERT_EQ(proof, expected) << "consistency " << m << " to " << n;
            ASSERT_EQ(VerifyConsistency(m, n, roots[m], roots[n], proof), "") << m << "->" << n;
            if (m < n && m > 1) {
                EXPECT_NE(VerifyConsistency(m - 1, n, roots[m - 1], roots[n], proof), "");
            }
        }
    }
}

TEST(MerkleTest, TheFrontierAppendsAndGivesRootsAsTheWholeTreeDoes) {
    MemoryTree tree;
    Frontier frontier;
    for (uint64_t n = 0; n < 300; ++n) {
        const Hash leaf = LeafHash(std::to_string(n));
        const auto expected = NodesForAppend(tree, n, leaf);
        const auto got = frontier.Append(leaf);
        tree.AppendLeafHash(leaf);
        ASSERT_EQ(got.size(), expected.size()) << n;
        for (size_t i = 0; i < got.size(); ++i) {
            EXPECT_EQ(got[i].level, expected[i].level);
            EXPECT_EQ(got[i].index, expected[i].index);
            EXPECT_EQ(got[i].hash, expected[i].hash);
        }
        ASSERT_EQ(frontier.Root(), RootHash(tree, n + 1)) << "size " << n + 1;
        // Rebuilt from stored nodes, it goes on the same way.
        auto again = Frontier::Of(tree, n + 1);
        EXPECT_EQ(again.Root(), frontier.Root());
        EXPECT_EQ(again.Append(leaf).back().hash, Frontier(frontier).Append(leaf).back().hash);
    }
}

TEST(MerkleTest, TamperedProofsAreRejectedWithAReason) {
    auto tree = ReferenceTree();
    auto proof = InclusionProof(tree, 3, 8);
    proof[1][0] ^= 1;
    EXPECT_EQ(VerifyInclusion(LeafHash(kLeaves[3]), 3, 8, proof, H(kRoots[8])),
              "the inclusion proof does not lead to the root hash");
    proof.pop_back();
    EXPECT_EQ(VerifyInclusion(LeafHash(kLeaves[3]), 3, 8, proof, H(kRoots[8])),
              "the inclusion proof is too short for the tree size");
    EXPECT_EQ(VerifyInclusion(LeafHash(kLeaves[3]), 9, 8, proof, H(kRoots[8])),
              "leaf index 9 is not below the tree size 8");
    auto consistency = ConsistencyProof(tree, 3, 7);
    EXPECT_EQ(VerifyConsistency(3, 7, H(kRoots[3]), H(kRoots[7]), consistency), "");
    EXPECT_EQ(VerifyConsistency(3, 7, H(kRoots[4]), H(kRoots[7]), consistency),
              "the consistency proof does not lead to the first root hash");
    EXPECT_EQ(VerifyConsistency(3, 8, H(kRoots[3]), H(kRoots[8]), consistency),
              "the consistency proof does not lead to the second root hash");
}

TEST(MerkleTest, Base64RoundTrips) {
    const Hash h = H(kRoots[8]);
    EXPECT_EQ(*HashFromBase64(ToBase64(h)), h);
    EXPECT_FALSE(HashFromBase64("not base64!"));
    EXPECT_FALSE(HashFromBase64(ToBase64(std::string_view("short"))));
}

}  // namespace
}  // namespace grantcheck::ledger
