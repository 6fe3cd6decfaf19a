#include "grantcheck/formula/scenario.hpp"

#include <random>

#include <gtest/gtest.h>

namespace grantcheck::formula {
namespace {

// A hand-made allocation: two States; IL pays itself $600, Chicago $300, Evanston $100;
// WI pays itself $900 and Milwaukee $100.
Allocation Small() {
    Allocation a;
    a.total = Money(200'000);
    a.states = {
        {"IL", false, Money(100'000), Money(60'000), Money(40'000), Money(0), Money(60'000)},
        {"WI", false, Money(100'000), Money(90'000), Money(10'000), Money(0), Money(90'000)}};
    a.units = {{"chicago", "IL", Money(30'000), Money(30'000), ""},
               {"evanston", "IL", Money(10'000), Money(10'000), ""},
               {"milwaukee", "WI", Money(10'000), Money(10'000), ""},
               {"tiny", "WI", Money(500), Money(0), ""}};
    return a;
}

Money Of(const Exposure& e, const ScenarioResult& r, const char* id) {
    return r.lines[*e.Find(id)].award;
}

Money Sum(const ScenarioResult& r) {
    Money s;
    for (const auto& l : r.lines) {
        s = s + l.award;
    }
    return s;
}

TEST(ScenarioTest, WithholdingWithEachReallocation) {
    const Exposure e(Small());
    EXPECT_EQ(e.recipients().size(), 5u);  // 2 States, 3 units with awards
    EXPECT_FALSE(e.Find("tiny")) << "below the threshold: nothing to withhold";
    const std::vector<uint32_t> chicago = {*e.Find("chicago")};

    const auto none = e.Run(chicago, Realloc::kNone);
    EXPECT_EQ(Of(e, none, "chicago").cents(), 0);
    EXPECT_EQ(Of(e, none, "IL").cents(), 60'000);
    EXPECT_EQ(none.withheld.cents(), 30'000);
    EXPECT_EQ(none.unpaid.cents(), 30'000);

    // Within Illinois, by base award: IL 600 : Evanston 100 of $300.
    const auto state = e.Run(chicago, Realloc::kState);
    EXPECT_EQ(Of(e, state, "IL").cents(), 60'000 + 25'714);
    EXPECT_EQ(Of(e, state, "evanston").cents(), 10'000 + 4'286);
    EXPECT_EQ(Of(e, state, "WI").cents(), 90'000) << "another State is untouched";
    EXPECT_EQ(state.reallocated.cents(), 30'000);
    EXPECT_EQ(Sum(state).cents(), 200'000);

    // Nationally, by base award among IL 600, Evanston 100, WI 900, Milwaukee 100 (1,700).
    const auto national = e.Run(chicago, Realloc::kNational);
    EXPECT_EQ(Sum(national).cents(), 200'000);
    EXPECT_GT(Of(e, national, "WI").cents(), 90'000);

    // A State whose every recipient is withheld keeps its amount unpaid.
    const auto all_wi = e.Run({*e.Find("WI"), *e.Find("milwaukee")}, Realloc::kState);
    EXPECT_EQ(all_wi.unpaid.cents(), 100'000);
    EXPECT_EQ(Sum(all_wi).cents(), 100'000);
}

TEST(ScenarioTest, AGroupMemberAnswersForItsGroup) {
    Allocation a = Small();
    a.groups = {{"cook-disparate", "IL", {"cook", "chicago"}, Money(30'000)}};
    a.units[0].award = Money(0);
    a.units[0].group = "cook-disparate";
    const Exposure e(a);
    EXPECT_EQ(*e.Find("chicago"), *e.Find("cook-disparate"));
}

// Property: over random allocations and withheld sets, nothing is created or lost, nobody not
// withheld loses, and the withheld get nothing.
TEST(ScenarioTest, RandomScenariosConserveMoneyAndOnlyTheWithheldLose) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 300; ++round) {
        std::vector<StateInput> states;
        std::vector<UnitInput> units;
        const int n_states = 1 + static_cast<int>(rng() % 5);
        for (int s = 0; s < n_states; ++s) {
            const std::string id = "S" + std::to_string(s);
            states.push_back({id, static_cast<int64_t>(1 + rng() % 1'000'000),
                              static_cast<int64_t>(rng() % 10'000)});
            for (int u = 0; u < static_cast<int>(rng() % 8); ++u) {
                units.push_back({id + "-u" + std::to_string(u), id, "", false, false,
                                 static_cast<int64_t>(rng() % 5'000)});
            }
        }
        const auto a = Allocate(Money(static_cast<int64_t>(rng() % 1'000'000'000)), states, units);
        const Exposure e(a);
        std::vector<uint32_t> withheld;
        for (uint32_t i = 0; i < e.recipients().size(); ++i) {
            if (rng() % 3 == 0) {
                withheld.push_back(i);
            }
        }
        for (auto mode : {Realloc::kNone, Realloc::kState, Realloc::kNational}) {
            const auto r = e.Run(withheld, mode);
            SCOPED_TRACE(std::string(ToString(mode)) + " round " + std::to_string(round));
            EXPECT_EQ((Sum(r) + r.unpaid).cents(), a.Paid().cents());
            EXPECT_EQ((r.reallocated + r.unpaid).cents(), r.withheld.cents());
            for (const auto& l : r.lines) {
                if (l.withheld) {
                    EXPECT_EQ(l.award.cents(), 0);
                } else {
                    EXPECT_GE(l.award.cents(), e.recipients()[l.recipient].base.cents());
                }
            }
        }
    }
}

}  // namespace
}  // namespace grantcheck::formula
