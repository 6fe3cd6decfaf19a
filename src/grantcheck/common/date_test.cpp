#include "grantcheck/common/date.hpp"

#include <gtest/gtest.h>

namespace grantcheck {
namespace {

TEST(DateTest, ParsesAndFormatsRoundTrip) {
    for (const char* s : {"1970-01-01", "2017-06-30", "2000-02-29", "2025-08-22", "1999-12-31"}) {
        auto d = Date::Parse(s);
        ASSERT_TRUE(d) << s;
        EXPECT_EQ(d->ToString(), s);
    }
    EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
    EXPECT_EQ(Date::Parse("2017-06-30")->AddDays(1).ToString(), "2017-07-01");
}

TEST(DateTest, RejectsImpossibleAndMalformedDates) {
    for (const char* s :
         {"2017-02-29", "1900-02-29", "2017-13-01", "2017-00-10", "2017-04-31", "2017-6-30",
          "20170630", "2017/06/30", "", "abcd-ef-gh", "0000-01-01", "2017-06-30T00:00"}) {
        EXPECT_FALSE(Date::Parse(s)) << s;
    }
}

TEST(DateTest, OrdersChronologically) {
    EXPECT_LT(*Date::Parse("2017-09-15"), *Date::Parse("2017-10-01"));
    EXPECT_EQ(*Date::Parse("2017-09-15"), Date::FromYmd(2017, 9, 15));
}

TEST(PartialDateTest, KnowsItsRange) {
    auto month = PartialDate::Parse("2017-05");
    ASSERT_TRUE(month);
    EXPECT_EQ(month->first.ToString(), "2017-05-01");
    EXPECT_EQ(month->last.ToString(), "2017-05-31");
    EXPECT_FALSE(month->exact());

    auto approx = PartialDate::Parse("~2025-05-09");
    ASSERT_TRUE(approx);
    EXPECT_TRUE(approx->approximate);
    EXPECT_EQ(approx->ToString(), "~2025-05-09");

    auto year = PartialDate::Parse("2018");
    ASSERT_TRUE(year);
    EXPECT_EQ(year->last.ToString(), "2018-12-31");
    EXPECT_EQ(PartialDate::Parse("2016-02")->last.ToString(), "2016-02-29");
    EXPECT_TRUE(PartialDate::Parse("2017-06-30")->exact());
    EXPECT_FALSE(PartialDate::Parse("2017-5"));
    EXPECT_FALSE(PartialDate::Parse("May 2017"));
}

}  // namespace
}  // namespace grantcheck
