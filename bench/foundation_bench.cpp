// Loading the bundled data and serving a jurisdiction from the snapshot.
// Run through bench/run.sh (medians of repetitions); never as a timed test.
#include <filesystem>

#include <benchmark/benchmark.h>

#include "grantcheck/api/api.hpp"
#include "grantcheck/api/json.hpp"
#include "grantcheck/ingest/loader.hpp"
#include "grantcheck/store/sqlite/sqlite_store.hpp"
#include "grantcheck/web/pages.hpp"

#include "test_support.hpp"

namespace grantcheck {
namespace {

namespace fs = std::filesystem;

ingest::LoadOptions BundledData() {
    return {fs::path(GRANTCHECK_SOURCE_DIR) / "data", GRANTCHECK_ATLAS_PATH};
}

// The whole `grantcheck load data`: parse and check every file and the gazetteer, store it in a
// fresh SQLite file in one durable transaction (synchronous=FULL), publish the snapshot.
void BM_LoadBundledDataIntoSqlite(benchmark::State& state) {
    for (auto _ : state) {
        testing::TempDir dir;
        auto store = store::OpenSqliteStore({(dir.path() / "bench.db").string()});
        app::Service service(*store);
        auto report = service.Load(BundledData(), "bench");
        benchmark::DoNotOptimize(report.records);
        state.counters["records"] = static_cast<double>(report.records);
    }
}
BENCHMARK(BM_LoadBundledDataIntoSqlite)->Unit(benchmark::kMillisecond);

// Parsing and checking alone (YAML, CSV, the us-atlas TopoJSON), no database.
void BM_ReadDataDirectory(benchmark::State& state) {
    for (auto _ : state) {
        auto parsed = ingest::ReadDirectory(BundledData());
        benchmark::DoNotOptimize(parsed.data.jurisdictions.data());
    }
}
BENCHMARK(BM_ReadDataDirectory)->Unit(benchmark::kMillisecond);

struct Served {
    Served() : store(store::OpenSqliteStore({":memory:"})), service(*store) {
        service.Load(BundledData(), "bench");
        for (auto* r : {&router, &cached}) {
            api::Register(*r, service);
            web::Register(*r, service);
        }
        cached.EnableCache([this] { return service.snapshot()->version(); });
    }
    std::unique_ptr<store::Store> store;
    app::Service service;
    http::Router router;  // builds every response
    http::Router cached;  // as `grantcheck serve` runs it: responses cached per snapshot
};

Served& Fixture() {
    static Served served;
    return served;
}

// Rebuilding the indexed snapshot after a commit.
void BM_BuildSnapshot(benchmark::State& state) {
    const auto data = Fixture().service.snapshot()->data();
    for (auto _ : state) {
        store::Snapshot snap(data, 1);
        benchmark::DoNotOptimize(&snap);
    }
}
BENCHMARK(BM_BuildSnapshot)->Unit(benchmark::kMillisecond);

// Chicago's JSON from the snapshot, as GET /api/v1/jurisdictions/1714000 builds it.
void BM_JurisdictionJson(benchmark::State& state) {
    auto snap = Fixture().service.snapshot();
    const auto* chicago = snap->FindJurisdiction("1714000");
    size_t bytes = 0;
    for (auto _ : state) {
        auto json = api::JurisdictionJson(*snap, *chicago);
        bytes = json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
}
BENCHMARK(BM_JurisdictionJson)->Unit(benchmark::kMicrosecond);

// The whole request in the router: route, resolve, JSON, ETag, security headers.
// Args: {gzip as browsers ask for it, response cache as `grantcheck serve` runs}.
void BM_ServeJurisdiction(benchmark::State& state) {
    auto& router = state.range(1) != 0 ? Fixture().cached : Fixture().router;
    for (auto _ : state) {
        http::Request req;
        req.method = "GET";
        req.path = "/api/v1/jurisdictions/1714000";
        if (state.range(0) != 0) {
            req.headers["accept-encoding"] = "gzip";
        }
        auto res = router.Handle(req);
        benchmark::DoNotOptimize(res.body.data());
    }
}
BENCHMARK(BM_ServeJurisdiction)
    ->ArgNames({"gzip", "cache"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Unit(benchmark::kMicrosecond);

// The jurisdiction HTML page.
void BM_ServeJurisdictionPage(benchmark::State& state) {
    auto& router = Fixture().router;
    for (auto _ : state) {
        http::Request req;
        req.method = "GET";
        req.path = "/jurisdictions/1714000";
        auto res = router.Handle(req);
        benchmark::DoNotOptimize(res.body.data());
    }
}
BENCHMARK(BM_ServeJurisdictionPage)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace grantcheck
