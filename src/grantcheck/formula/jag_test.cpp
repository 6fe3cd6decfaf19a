#include "grantcheck/formula/jag.hpp"

#include <random>

#include <gtest/gtest.h>

#include "grantcheck/common/error.hpp"

namespace grantcheck::formula {
namespace {

Money Dollars(int64_t d) {
    return Money(d * 100);
}

const StateResult& State(const Allocation& a, const std::string& id) {
    for (const auto& s : a.states) {
        if (s.id == id) {
            return s;
        }
    }
    throw std::out_of_range(id);
}
const UnitResult& Unit(const Allocation& a, const std::string& id) {
    for (const auto& u : a.units) {
        if (u.id == id) {
            return u;
        }
    }
    throw std::out_of_range(id);
}

TEST(ApportionTest, ConservesTheTotalAndBreaksTiesToTheLowerIndex) {
    const auto shares = Apportion(Money(100), {1, 1, 1});
    EXPECT_EQ(shares[0], Money(34));
    EXPECT_EQ(shares[1], Money(33));
    EXPECT_EQ(shares[2], Money(33));
    EXPECT_EQ(Apportion(Money(0), {0, 0})[0], Money(0));
    EXPECT_THROW(Apportion(Money(5), {0, 0}), AppError);
}

// Against the method written plainly (sort every remainder): the same cents, for random weights
// with many ties.
TEST(ApportionTest, MatchesLargestRemaindersBySortingEverything) {
    std::mt19937_64 rng(1373);
    for (int round = 0; round < 200; ++round) {
        std::vector<Weight> weights(1 + rng() % 300);
        for (auto& w : weights) {
            w = static_cast<Weight>(rng() % 7);
        }
        weights[rng() % weights.size()] += 1;
        const Money total(static_cast<int64_t>(rng() % 1'000'000));
        Weight sum = 0;
        for (auto w : weights) {
            sum += w;
        }
        std::vector<int64_t> expected(weights.size());
        std::vector<std::pair<Weight, size_t>> remainders;
        int64_t given = 0;
        for (size_t i = 0; i < weights.size(); ++i) {
            expected[i] = static_cast<int64_t>(Weight{total.cents()} * weights[i] / sum);
            given += expected[i];
            remainders.emplace_back(Weight{total.cents()} * weights[i] % sum, i);
        }
        std::stable_sort(remainders.begin(), remainders.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (int64_t k = 0; k < total.cents() - given; ++k) {
            ++expected[remainders[static_cast<size_t>(k)].second];
        }
        const auto shares = Apportion(total, weights);
        for (size_t i = 0; i < weights.size(); ++i) {
            ASSERT_EQ(shares[i].cents(), expected[i]) << "round " << round << ", weight " << i;
        }
    }
}

// By hand: $1,000,000 between A (pop 600, crime 300) and B (pop 400, crime 700): A gets
// 0.5*0.6 + 0.5*0.3 = 45%, B 55%. 60/40 split. A's $180,000 local amount by crime 200/50/50:
// city X $120,000, county K $30,000, city Y $30,000. K bears the costs and X + Y ($150,000) are
// more than 400% of K: K, X and Y form one group with a joint award of $180,000. B has no units:
// its local amount stays with the State.
TEST(JagTest, StateSharesSplitLocalAmountsAndDisparateGroups) {
    const auto a = Allocate(Dollars(1'000'000), {{"A", 600, 300}, {"B", 400, 700}},
                            {{"X", "A", "K", false, false, 200},
                             {"K", "A", "", true, true, 50},
                             {"Y", "A", "K", false, false, 50}});
    EXPECT_EQ(State(a, "A").allocation, Dollars(450'000));
    EXPECT_EQ(State(a, "B").allocation, Dollars(550'000));
    EXPECT_EQ(State(a, "A").state_share, Dollars(270'000));
    EXPECT_EQ(State(a, "A").local_share, Dollars(180'000));
    EXPECT_EQ(Unit(a, "X").eligible, Dollars(120'000));
    EXPECT_EQ(Unit(a, "K").eligible, Dollars(30'000));
    ASSERT_EQ(a.groups.size(), 1u);
    EXPECT_EQ(a.groups[0].members, (std::vector<std::string>{"K", "X", "Y"}));
    EXPECT_EQ(a.groups[0].award, Dollars(180'000));
    EXPECT_EQ(Unit(a, "X").award, Money(0));
    EXPECT_EQ(State(a, "B").state_award, Dollars(550'000));
    EXPECT_EQ(a.Paid(), a.total);
}

TEST(JagTest, ASingleCityOverOneAndAHalfTimesTheCounty) {
    // Local $100,000 by crime 70/30 between city X and county K (bears costs): X $70,000 is
    // more than 150% of $30,000; with one city the 400% test does not apply.
    const auto a = Allocate(Dollars(250'000), {{"A", 1, 1}},
                            {{"X", "A", "K", false, false, 70}, {"K", "A", "", true, true, 30}});
    EXPECT_EQ(State(a, "A").local_share, Dollars(100'000));
    ASSERT_EQ(a.groups.size(), 1u);
    EXPECT_EQ(a.groups[0].award, Dollars(100'000));
    // Without the cost-bearing finding there is no group.
    const auto b = Allocate(Dollars(250'000), {{"A", 1, 1}},
                            {{"X", "A", "K", false, false, 70}, {"K", "A", "", true, false, 30}});
    EXPECT_TRUE(b.groups.empty());
    EXPECT_EQ(Unit(b, "X").award, Dollars(70'000));
}

// By hand: $10,000 among big (10000, 10000), mid (5000, 5000) and tiny (1, 1). tiny's share is
// below 0.25%: every State first gets $25.00, and the remaining $9,925.00 goes 2:1 to big and
// mid: $6,616.666... and $3,308.333...; the leftover cent goes to the larger fraction.
TEST(JagTest, TheMinimumAllocation) {
    const auto a =
        Allocate(Dollars(10'000), {{"big", 10000, 10000}, {"mid", 5000, 5000}, {"tiny", 1, 1}}, {});
    EXPECT_TRUE(State(a, "tiny").minimum);
    EXPECT_FALSE(State(a, "big").minimum);
    EXPECT_EQ(State(a, "tiny").allocation, Money(2'500));
    EXPECT_EQ(State(a, "big").allocation, Money(2'500 + 661'667));
    EXPECT_EQ(State(a, "mid").allocation, Money(2'500 + 330'833));
    EXPECT_EQ(a.Paid(), a.total);
}

TEST(JagTest, UnitsBelowTheThresholdGoToTheState) {
    // Local $40,000 by crime 90/10: U1 $36,000, U2 $4,000 (< $10,000: to the State).
    const auto a = Allocate(Dollars(100'000), {{"A", 5, 5}},
                            {{"U1", "A", "", false, false, 90}, {"U2", "A", "", false, false, 10}});
    EXPECT_EQ(Unit(a, "U1").award, Dollars(36'000));
    EXPECT_EQ(Unit(a, "U2").award, Money(0));
    EXPECT_EQ(State(a, "A").below_threshold, Dollars(4'000));
    EXPECT_EQ(State(a, "A").state_award, Dollars(64'000));
}

TEST(JagTest, PuertoRicoKeepsItsWholeAmount) {
    const auto a = Allocate(Dollars(100'000), {{"PR", 5, 5}}, {{"SJ", "PR", "", false, false, 9}});
    EXPECT_EQ(State(a, "PR").state_share, Dollars(100'000));
    EXPECT_EQ(Unit(a, "SJ").award, Money(0));
}

TEST(JagTest, BadInputIsNamed) {
    EXPECT_THROW(Allocate(Dollars(1), {{"A", -1, 0}}, {}), AppError);
    try {
        Allocate(Dollars(1), {{"A", 1, 1}}, {{"U", "B", "", false, false, 1}});
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(std::string(e.what()), "unit U: its state 'B' is not among the states");
    }
    EXPECT_THROW(Allocate(Dollars(1), {{"A", 1, 1}}, {{"C", "A", "K", false, false, 1}}), AppError);
}

TEST(JagTest, DuplicateUnitsAndCountiesOutsideTheStateAreRefusedByName) {
    const std::vector<StateInput> states = {{"A", 100, 10}, {"B", 100, 10}};
    auto message = [&](const std::vector<UnitInput>& units) {
        try {
            Allocate(Money(100'000'000), states, units);
        } catch (const AppError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(message({{"x", "A", "", false, false, 1}, {"x", "A", "", false, false, 1}}),
              "unit x appears twice");
    EXPECT_EQ(message({{"k", "B", "", true, true, 1}, {"c", "A", "k", false, false, 1}}),
              "unit c: its county 'k' is not a county unit of state A");
    EXPECT_EQ(message({{"c", "A", "nowhere", false, false, 1}}),
              "unit c: its county 'nowhere' is not a county unit of state A");
    // Many units, so the index's probing wraps: every city still finds its county.
    std::vector<UnitInput> many;
    for (int i = 0; i < 5000; ++i) {
        many.push_back({"k" + std::to_string(i), "A", "", true, false, 1});
        many.push_back({"c" + std::to_string(i), "A", "k" + std::to_string(i), false, false, 1});
    }
    EXPECT_EQ(message(many), "");
}

// Thousands of generated inputs: the total is conserved to the cent, nothing is negative, the
// minimum is honoured, and more violent crime never lowers a State's allocation.
TEST(JagPropertyTest, ConservationNonNegativityMinimumAndMonotonicity) {
    std::mt19937_64 rng(20170630);
    for (int round = 0; round < 2000; ++round) {
        const int n = 2 + static_cast<int>(rng() % 55);
        std::vector<StateInput> states;
        for (int i = 0; i < n; ++i) {
            const bool small = rng() % 8 == 0;
            states.push_back(
                {"S" + std::to_string(i),
                 static_cast<int64_t>(small ? rng() % 1000 : 100'000 + rng() % 40'000'000),
                 static_cast<int64_t>(small ? rng() % 100 : rng() % 600'000)});
        }
        std::vector<UnitInput> units;
        for (int u = 0; u < static_cast<int>(rng() % 200); ++u) {
            const std::string state = "S" + std::to_string(rng() % static_cast<uint64_t>(n));
            const bool county = rng() % 4 == 0;
            units.push_back({"U" + std::to_string(u), state, "", county, county && rng() % 2 == 0,
                             static_cast<int64_t>(rng() % 20'000)});
        }
        // Cities of counties, within the same state.
        for (auto& u : units) {
            if (!u.is_county && rng() % 2 == 0) {
                for (const auto& c : units) {
                    if (c.is_county && c.state == u.state) {
                        u.county = c.id;
                        break;
                    }
                }
            }
        }
        const Money total(static_cast<int64_t>(rng() % 50'000'000'000ll));
        const auto a = Allocate(total, states, units);
        ASSERT_EQ(a.Paid(), total) << "round " << round;
        const int64_t floor_amount = total.cents() * 25 / 10000;
        bool any_minimum = false;
        for (const auto& s : a.states) {
            ASSERT_GE(s.allocation.cents(), 0);
            ASSERT_GE(s.state_award.cents(), 0);
            ASSERT_EQ((s.state_share + s.local_share).cents(), s.allocation.cents());
            any_minimum |= s.minimum;
        }
        if (any_minimum) {
            for (const auto& s : a.states) {
                ASSERT_GE(s.allocation.cents(), floor_amount) << "round " << round;
            }
        }
        for (const auto& u : a.units) {
            ASSERT_GE(u.award.cents(), 0);
            ASSERT_TRUE(u.award.cents() == 0 || u.award >= Money(1'000'000));
        }
        // Monotone in violent crime (to the cent, since rounding may move one cent).
        const size_t k = rng() % states.size();
        auto more = states;
        more[k].violent_crime += 1 + static_cast<int64_t>(rng() % 100'000);
        const auto b = Allocate(total, more, units);
        ASSERT_GE(b.states[k].allocation.cents() + 1, a.states[k].allocation.cents())
            << "round " << round << " state " << k;
    }
}

}  // namespace
}  // namespace grantcheck::formula
