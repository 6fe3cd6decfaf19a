// The log: building it, and inclusion / consistency proofs at 10 million entries, from memory
// and from a grantcheck SQLite database (log_node, as the store keeps it). Run through
// bench/run.sh; never as a timed test. The 10M-entry database is built once per run in a
// temporary directory (about 20 million node rows; it takes a while).
#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "grantcheck/ledger/merkle.hpp"
#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include "test_support.hpp"

namespace grantcheck {
namespace {

constexpr uint64_t kEntries = 10'000'000;

const ledger::MemoryTree& BigTree() {
    static const ledger::MemoryTree tree = [] {
        ledger::MemoryTree t;
        for (uint64_t i = 0; i < kEntries; ++i) {
            ledger::Hash leaf{};
            for (int b = 0; b < 8; ++b) {
                leaf[static_cast<size_t>(b)] = static_cast<uint8_t>(i >> (8 * b));
            }
            t.AppendLeafHash(leaf);
        }
        return t;
    }();
    return tree;
}

// A grantcheck database whose log_node holds the same tree.
const ledger::NodeSource& BigSqliteNodes() {
    static testing::TempDir dir;
    static const std::unique_ptr<ledger::NodeSource> nodes = [] {
        const std::string path = (dir.path() / "log.db").string();
        { store::OpenSqliteStore({path}); }  // creates the schema
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", nullptr, nullptr, nullptr);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, "INSERT INTO log_node(level, idx, hash) VALUES (?1, ?2, ?3)", -1,
                           &st, nullptr);
        const auto& tree = BigTree();
        for (int level = 0; (kEntries >> level) > 0; ++level) {
            for (uint64_t i = 0; i < (kEntries >> level); ++i) {
                const auto h = tree.Node(level, i);
                sqlite3_bind_int(st, 1, level);
                sqlite3_bind_int64(st, 2, static_cast<int64_t>(i));
                sqlite3_bind_blob(st, 3, h.data(), static_cast<int>(h.size()), SQLITE_STATIC);
                sqlite3_step(st);
                sqlite3_reset(st);
            }
        }
        sqlite3_finalize(st);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        return store::OpenSqliteLogNodes(path);
    }();
    return *nodes;
}

void BM_InclusionProof10M(benchmark::State& state) {
    const ledger::NodeSource& nodes =
        state.range(0) == 0 ? static_cast<const ledger::NodeSource&>(BigTree()) : BigSqliteNodes();
    std::mt19937_64 rng(7);
    for (auto _ : state) {
        auto proof = ledger::InclusionProof(nodes, rng() % kEntries, kEntries);
        benchmark::DoNotOptimize(proof.data());
    }
}
BENCHMARK(BM_InclusionProof10M)->ArgName("sqlite")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_ConsistencyProof10M(benchmark::State& state) {
    const ledger::NodeSource& nodes =
        state.range(0) == 0 ? static_cast<const ledger::NodeSource&>(BigTree()) : BigSqliteNodes();
    std::mt19937_64 rng(11);
    for (auto _ : state) {
        auto proof = ledger::ConsistencyProof(nodes, 1 + rng() % (kEntries - 1), kEntries);
        benchmark::DoNotOptimize(proof.data());
    }
}
BENCHMARK(BM_ConsistencyProof10M)->ArgName("sqlite")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Appending a leaf to the in-memory tree (hashing and the subtree hashes it completes).
void BM_AppendLeaf(benchmark::State& state) {
    ledger::MemoryTree tree;
    uint64_t i = 0;
    for (auto _ : state) {
        tree.Append(std::to_string(i++));
    }
    state.counters["appends_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AppendLeaf);

}  // namespace
}  // namespace grantcheck
