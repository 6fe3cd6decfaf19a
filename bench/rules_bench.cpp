// The rules engine on a generated national dataset: every county of us-atlas plus 20,000
// generated places, each with policies; 10 conditions; court orders of every scope, with stays
// and narrowings. Run through bench/run.sh; never as a timed test.
#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "grantcheck/ingest/loader.hpp"
#include "grantcheck/rules/engine.hpp"

namespace grantcheck {
namespace {

namespace fs = std::filesystem;

constexpr int kPlaces = 20000;
constexpr int kConditions = 10;

model::Dataset Generate() {
    auto parsed =
        ingest::ReadDirectory({fs::path(GRANTCHECK_SOURCE_DIR) / "data", GRANTCHECK_ATLAS_PATH});
    model::Dataset d;
    d.vocabulary = parsed.data.vocabulary;
    d.sources = parsed.data.sources;
    std::vector<std::string> counties, states;
    for (const auto& j : parsed.data.jurisdictions) {
        if (j.kind == model::JurisdictionKind::kCounty) {
            counties.push_back(j.geoid);
        } else if (j.geoid.size() == 2 && j.kind != model::JurisdictionKind::kNation) {
            states.push_back(j.geoid);
        }
        d.jurisdictions.push_back(j);
    }
    std::mt19937 rng(42);
    auto pick = [&rng](const auto& v) { return v[rng() % v.size()]; };
    std::vector<std::string> places;
    for (int i = 0; i < kPlaces; ++i) {
        const std::string county = pick(counties);
        model::Jurisdiction p;
        p.geoid = county.substr(0, 2) + fmt::format("{:05}", 10000 + i * 3);
        p.kind = model::JurisdictionKind::kCity;
        p.name = fmt::format("Place {}", i);
        p.state_geoid = county.substr(0, 2);
        p.county_geoid = county;
        d.jurisdictions.push_back(p);
        places.push_back(p.geoid);
    }
    std::vector<std::string> types, exceptions;
    for (const auto& t : d.vocabulary) {
        (t.kind == "provision" ? types : exceptions).push_back(t.id);
    }
    // Policies: every place and a third of the counties and states, 1-2 policies each.
    int policy_id = 0;
    auto add_policies = [&](const std::string& geoid) {
        const int n = 1 + static_cast<int>(rng() % 2);
        for (int k = 0; k < n; ++k) {
            model::Policy p;
            p.id = fmt::format("policy-{}", policy_id++);
            p.jurisdiction = geoid;
            p.kind = "ordinance";
            p.title = p.id;
            p.adopted = PartialDate::Parse(fmt::format("{}", 2005 + rng() % 15));
            p.text_in_hand = rng() % 2 == 0;
            for (int v = 0; v < 3; ++v) {
                model::Provision x;
                x.id = fmt::format("p{}", v);
                x.type = pick(types);
                if (rng() % 3 == 0) {
                    x.exceptions.push_back(pick(exceptions));
                }
                x.summary = "generated";
                p.provisions.push_back(x);
            }
            d.policies.push_back(std::move(p));
        }
    };
    for (const auto& p : places) {
        add_policies(p);
    }
    for (size_t i = 0; i < counties.size(); i += 3) {
        add_policies(counties[i]);
    }
    for (size_t i = 0; i < states.size(); i += 3) {
        add_policies(states[i]);
    }
    d.programs.push_back({"byrne-jag", "JAG", "DOJ", "16.738", "", {}});
    for (int c = 0; c < kConditions; ++c) {
        model::Condition x;
        x.id = fmt::format("cond-{}", c);
        x.program = "byrne-jag";
        x.fiscal_years = {2017};
        x.title = x.id;
        x.applies_from = PartialDate::Parse("2017-07-25");
        x.recipient_kinds = {model::JurisdictionKind::kState, model::JurisdictionKind::kCounty,
                             model::JurisdictionKind::kCity};
        for (int k = 0; k < 3; ++k) {
            x.rule.breached_by.push_back({pick(types), {pick(exceptions)}});
        }
        x.rule.complied_by = {pick(types)};
        d.conditions.push_back(std::move(x));
    }
    // Orders of every scope, each covering a few conditions; stays and narrowings affect some.
    const model::ScopeKind kinds[] = {model::ScopeKind::kNationwide, model::ScopeKind::kParties,
                                      model::ScopeKind::kMembers, model::ScopeKind::kState,
                                      model::ScopeKind::kNone};
    int order_id = 0;
    for (int c = 0; c < 12; ++c) {
        model::Case kase;
        kase.id = fmt::format("case-{}", c);
        kase.title = kase.id;
        kase.court = "D.";
        for (int o = 0; o < 5; ++o) {
            model::CourtOrder order;
            order.id = fmt::format("order-{}", order_id++);
            order.date = *PartialDate::Parse(fmt::format("2017-{:02}-15", 8 + o % 5));
            order.kind = model::OrderKind::kPreliminaryInjunction;
            order.summary = "generated";
            order.scope.kind = kinds[(c + o) % 5];
            for (int k = 0; k < 40; ++k) {
                order.scope.jurisdictions.push_back(
                    order.scope.kind == model::ScopeKind::kState ? pick(states) : pick(places));
            }
            order.scope.association = "Association";
            for (int k = 0; k < 3; ++k) {
                order.conditions.push_back(fmt::format("cond-{}", rng() % kConditions));
            }
            kase.orders.push_back(order);
            if (o % 2 == 1) {
                model::CourtOrder stay = order;
                stay.id = fmt::format("order-{}", order_id++);
                stay.kind = model::OrderKind::kStay;
                stay.date = *PartialDate::Parse("2018-03");
                stay.affects = order.id;
                stay.scope.kind = model::ScopeKind::kParties;
                stay.scope.jurisdictions = {pick(places), pick(places)};
                kase.orders.push_back(stay);
            }
        }
        d.cases.push_back(std::move(kase));
    }
    model::Normalize(d);
    return d;
}

const model::Dataset& Data() {
    static const model::Dataset data = Generate();
    return data;
}

const rules::Engine& TheEngine() {
    static const rules::Engine engine(Data());
    return engine;
}

// Every jurisdiction x condition on one date: the bulk status behind maps.
void BM_EvaluateEveryJurisdictionAndCondition(benchmark::State& state) {
    const auto& engine = TheEngine();
    const auto n = static_cast<uint32_t>(Data().jurisdictions.size());
    const auto conditions = static_cast<uint32_t>(Data().conditions.size());
    const Date as_of = *Date::Parse("2018-06-01");
    int64_t evaluations = 0;
    for (auto _ : state) {
        int blocked = 0;
        for (uint32_t j = 0; j < n; ++j) {
            for (uint32_t c = 0; c < conditions; ++c) {
                blocked += engine.Summarize(j, c, as_of).enforceable ? 0 : 1;
            }
        }
        benchmark::DoNotOptimize(blocked);
        evaluations += static_cast<int64_t>(n) * conditions;
    }
    state.counters["evaluations_per_s"] =
        benchmark::Counter(static_cast<double>(evaluations), benchmark::Counter::kIsRate);
    state.counters["jurisdictions"] = n;
}
BENCHMARK(BM_EvaluateEveryJurisdictionAndCondition)->Unit(benchmark::kMillisecond);

// One jurisdiction's full status with reasons (what the status API and page build).
void BM_StatusOfOneJurisdiction(benchmark::State& state) {
    const auto& engine = TheEngine();
    const auto& place = Data().jurisdictions[Data().jurisdictions.size() / 2];
    const Date as_of = *Date::Parse("2018-06-01");
    for (auto _ : state) {
        auto status = engine.Evaluate(place, as_of);
        benchmark::DoNotOptimize(status.conditions.data());
    }
}
BENCHMARK(BM_StatusOfOneJurisdiction)->Unit(benchmark::kMicrosecond);

// Compiling the engine after a commit.
void BM_BuildEngine(benchmark::State& state) {
    for (auto _ : state) {
        rules::Engine engine(Data());
        benchmark::DoNotOptimize(&engine);
    }
}
BENCHMARK(BM_BuildEngine)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace grantcheck
BENCHMARK_MAIN();
