#include "grantcheck/ledger/secrets.hpp"

#include <gtest/gtest.h>

namespace grantcheck::ledger {
namespace {

TEST(SecretsTest, PasswordHashIsArgon2idAndVerifiesOnlyItsPassword) {
    const auto h = HashPassword("correct horse battery staple");
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
    EXPECT_TRUE(VerifyPassword(h, "correct horse battery staple"));
    EXPECT_FALSE(VerifyPassword(h, "correct horse battery stapler"));
    EXPECT_FALSE(VerifyPassword("not a hash", "x"));
    EXPECT_NE(HashPassword("same"), HashPassword("same"));  // salted
}

TEST(SecretsTest, HmacSha256MatchesRfc4231TestCase2) {
    // RFC 4231, test case 2.
    EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecretsTest, RandomHexHasTheLengthAskedAndDiffers) {
    EXPECT_EQ(RandomHex(32).size(), 64u);
    EXPECT_NE(RandomHex(16), RandomHex(16));
    EXPECT_TRUE(SameSecret("abc", "abc"));
    EXPECT_FALSE(SameSecret("abc", "abd"));
    EXPECT_FALSE(SameSecret("abc", "ab"));
}

}  // namespace
}  // namespace grantcheck::ledger
