#include "grantcheck/common/money.hpp"

#include <gtest/gtest.h>

namespace grantcheck {
namespace {

TEST(MoneyTest, ParsesDollarsAndCents) {
    EXPECT_EQ(Money::Parse("923401")->cents(), 92340100);
    EXPECT_EQ(Money::Parse("$212,112")->cents(), 21211200);
    EXPECT_EQ(Money::Parse("274,906,565.00")->cents(), 27490656500);
    EXPECT_EQ(Money::Parse("0.5")->cents(), 50);
    EXPECT_EQ(Money::Parse("1.05")->cents(), 105);
}

TEST(MoneyTest, RejectsAmbiguousText) {
    for (const char* s : {"", "$", "1.234", "-5", "1,23", "12,3456", ",123", "1e6", "4.3M", "1.",
                          "99999999999999999999"}) {
        EXPECT_FALSE(Money::Parse(s)) << s;
    }
}

TEST(MoneyTest, Formats) {
    EXPECT_EQ(Money(27490656500).ToString(), "$274,906,565.00");
    EXPECT_EQ(Money(2867700).ToString(), "$28,677.00");
    EXPECT_EQ(Money(5).ToPlain(), "0.05");
    EXPECT_EQ(Money(100000).ToString(), "$1,000.00");
}

}  // namespace
}  // namespace grantcheck
