// The national JAG allocation: 56 states and territories, every us-atlas county as a unit, and
// 20,000 generated places (cities) with counties that may bear costs. Run through bench/run.sh.
#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>

#include "grantcheck/formula/jag.hpp"
#include "grantcheck/formula/scenario.hpp"
#include "grantcheck/ingest/loader.hpp"

namespace grantcheck {
namespace {

struct National {
    std::vector<formula::StateInput> states;
    std::vector<formula::UnitInput> units;
};

const National& Inputs() {
    static const National n = [] {
        auto parsed = ingest::ReadDirectory(
            {std::filesystem::path(GRANTCHECK_SOURCE_DIR) / "data", GRANTCHECK_ATLAS_PATH});
        std::mt19937_64 rng(2016);
        National out;
        std::vector<std::string> counties;
        for (const auto& j : parsed.data.jurisdictions) {
            if (j.geoid.size() == 2 && j.kind != model::JurisdictionKind::kNation) {
                out.states.push_back({j.geoid, static_cast<int64_t>(50'000 + rng() % 39'000'000),
                                      static_cast<int64_t>(rng() % 500'000)});
            } else if (j.kind == model::JurisdictionKind::kCounty) {
                out.units.push_back({j.geoid, j.state_geoid, "", true, rng() % 3 == 0,
                                     static_cast<int64_t>(rng() % 30'000)});
                counties.push_back(j.geoid);
            }
        }
        for (int i = 0; i < 20'000; ++i) {
            const std::string& county = counties[rng() % counties.size()];
            out.units.push_back({"place-" + std::to_string(i), county.substr(0, 2), county, false,
                                 false, static_cast<int64_t>(rng() % 20'000)});
        }
        return out;
    }();
    return n;
}

void BM_NationalAllocation(benchmark::State& state) {
    const auto& in = Inputs();
    for (auto _ : state) {
        auto a = formula::Allocate(Money(27'490'656'500), in.states, in.units);
        benchmark::DoNotOptimize(a.states.data());
    }
    state.counters["allocations_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["units"] = static_cast<double>(in.units.size());
}
BENCHMARK(BM_NationalAllocation)->Unit(benchmark::kMillisecond);

// Scenarios over the national allocation: withhold 25 recipients chosen at random (a list's
// worth) and reallocate; Arg 0: none, 1: within their States, 2: nationally.
void BM_Scenario(benchmark::State& state) {
    const auto& in = Inputs();
    static const auto allocation = formula::Allocate(Money(27'490'656'500), in.states, in.units);
    static const formula::Exposure exposure(allocation);
    std::mt19937_64 rng(1373);
    std::vector<std::vector<uint32_t>> sets(64);
    for (auto& s : sets) {
        for (int i = 0; i < 25; ++i) {
            s.push_back(static_cast<uint32_t>(rng() % exposure.recipients().size()));
        }
    }
    const auto realloc = static_cast<formula::Realloc>(state.range(0));
    size_t i = 0;
    for (auto _ : state) {
        auto r = exposure.Run(sets[i++ % sets.size()], realloc);
        benchmark::DoNotOptimize(r.lines.data());
    }
    state.counters["scenarios_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["recipients"] = static_cast<double>(exposure.recipients().size());
}
BENCHMARK(BM_Scenario)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace grantcheck
