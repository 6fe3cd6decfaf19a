#include "grantcheck/ledger/note.hpp"

#include <gtest/gtest.h>

namespace grantcheck::ledger {
namespace {

TEST(NoteTest, SignsAndVerifiesACheckpoint) {
    auto signer = Signer::Generate("grantcheck.test");
    Checkpoint c{"grantcheck.test/log", 8, *HashFromHex(std::string(64, 'a'))};
    const std::string note = signer.Sign(CheckpointText(c));
    std::string text;
    ASSERT_EQ(VerifyNote(signer.VerifierKey(), note, &text), "");
    std::string why;
    auto parsed = ParseCheckpoint(text, &why);
    ASSERT_TRUE(parsed) << why;
    EXPECT_EQ(parsed->size, 8u);
    EXPECT_EQ(parsed->root, c.root);
    EXPECT_EQ(parsed->origin, "grantcheck.test/log");
    EXPECT_TRUE(note.find("\n\n\xE2\x80\x94 grantcheck.test ") != std::string::npos);
}

TEST(NoteTest, RejectsEveryTamperingWithAReason) {
    auto signer = Signer::Generate("k");
    const std::string note = signer.Sign("origin\n5\n" + ToBase64(Hash{}) + "\n");
    std::string text;
    for (size_t i = 0; i < note.size(); ++i) {
        std::string bad = note;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        EXPECT_NE(VerifyNote(signer.VerifierKey(), bad, &text), "") << "byte " << i;
    }
    auto other = Signer::Generate("k");
    EXPECT_NE(VerifyNote(other.VerifierKey(), note, &text), "");
    EXPECT_EQ(VerifyNote("nonsense", note, &text), "the verifier key is not name+id+key");
}

TEST(NoteTest, KeysRoundTripThroughText) {
    auto signer = Signer::Generate("grantcheck.example");
    std::string why;
    auto again = Signer::Parse(signer.PrivateKeyText() + "\n", &why);
    ASSERT_TRUE(again) << why;
    EXPECT_EQ(again->VerifierKey(), signer.VerifierKey());
    EXPECT_FALSE(Signer::Parse("PRIVATE+KEY+x+00000000+AAAA", &why));
}

}  // namespace
}  // namespace grantcheck::ledger
