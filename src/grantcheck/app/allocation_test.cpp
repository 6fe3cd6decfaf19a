#include "grantcheck/app/allocation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "grantcheck/common/error.hpp"

#include "test_support.hpp"

namespace grantcheck::app {
namespace {

using ::testing::HasSubstr;

constexpr char kStates[] =
    "state,population,violent_crime_2013,violent_crime_2014,violent_crime_2015\n"
    "A,600,100,100,100\n"
    "B,400,200,250,250\n";

std::string Error(const testing::TempDir& dir) {
    try {
        ReadAllocationInputs(dir.path());
    } catch (const AppError& e) {
        return e.what();
    }
    return "";
}

TEST(AllocationInputsTest, ReadsStatesAndUnitsAndRunsTheFormula) {
    testing::TempDir dir;
    dir.Write("states.csv", kStates);
    dir.Write("units.csv",
              "unit,name,state,kind,county,county_bears_costs,violent_crime_2013,"
              "violent_crime_2014,violent_crime_2015\n"
              "X,City X,A,city,K,,60,70,70\n"
              "K,County K,A,county,,true,10,20,20\n");
    const auto in = ReadAllocationInputs(dir.path());
    EXPECT_EQ(in.years, (std::vector<int>{2013, 2014, 2015}));
    ASSERT_EQ(in.states.size(), 2u);
    EXPECT_EQ(in.states[1].violent_crime, 700);
    ASSERT_EQ(in.units.size(), 2u);
    EXPECT_TRUE(in.units[1].county_bears_costs);
    const auto a = formula::Allocate(Money(100'000'000), in.states, in.units);
    EXPECT_EQ(a.Paid(), Money(100'000'000));
}

TEST(AllocationInputsTest, NamesFileLineAndColumnOfEveryProblem) {
    testing::TempDir missing;
    missing.Write("states.csv", "state,violent_crime_2013,violent_crime_2014,violent_crime_2015\n");
    EXPECT_THAT(Error(missing), HasSubstr("states.csv:1: missing column 'population'"));

    testing::TempDir years;
    years.Write("states.csv",
                "state,population,violent_crime_2013,violent_crime_2015,violent_crime_2016\n");
    EXPECT_THAT(Error(years), HasSubstr("three consecutive years (found: 2013, 2015, 2016)"));

    testing::TempDir negative;
    negative.Write("states.csv", std::string(kStates) + "C,-5,1,1,1\n");
    EXPECT_THAT(Error(negative), HasSubstr("states.csv:4: population: '-5' is not a count"));

    testing::TempDir stray;
    stray.Write("states.csv", kStates);
    stray.Write("units.csv",
                "unit,name,state,kind,county,county_bears_costs,violent_crime_2013,"
                "violent_crime_2014,violent_crime_2015\n"
                "U,Nowhere,Z,city,,,1,1,1\n");
    EXPECT_THAT(Error(stray), HasSubstr("units.csv:2: state: 'Z' is not in states.csv"));
}

}  // namespace
}  // namespace grantcheck::app
