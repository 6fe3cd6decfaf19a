// A campaign's hot paths: rendering PDF letters (goal: at least 50 per second on one core), and
// certification submissions through the application layer into a real SQLite file (each one a
// durable transaction and a log entry, then a new snapshot). bench/run.sh measures the same
// submissions through the HTTP API with wrk.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "grantcheck/app/campaign.hpp"
#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include "test_support.hpp"

namespace grantcheck {
namespace {

struct Campaign {
    testing::TempDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<app::Service> service;
    std::unique_ptr<app::Accounts> accounts;
    std::unique_ptr<app::Campaigns> campaigns;
    app::Principal reviewer, certifier;
    std::string notice;

    Campaign() {
        store = store::OpenSqliteStore({(dir.path() / "bench.db").string()});
        service = std::make_unique<app::Service>(*store, ledger::Signer::Generate("bench/log"),
                                                 "bench/log");
        service->Load({GRANTCHECK_SOURCE_DIR "/data", GRANTCHECK_ATLAS_PATH}, "bench");
        accounts = std::make_unique<app::Accounts>(store->accounts());
        campaigns = std::make_unique<app::Campaigns>(*service, store->accounts());
        const auto snap = service->snapshot();
        const std::string password = "a long enough password";
        accounts->Add({"r@x.example", "R", "reviewer", {"byrne-jag"}, password}, *snap);
        accounts->Add({"c@x.example", "C", "certifier", {"1714000"}, password}, *snap);
        reviewer = accounts->LogIn("r@x.example", password).principal;
        certifier = accounts->LogIn("c@x.example", password).principal;
        app::NoticeRequest n;
        n.program = "byrne-jag";
        n.fiscal_year = 2026;
        n.conditions = {"jag-2018-1373-certification", "jag-2018-access", "jag-2018-notice"};
        n.recipients_list = "doj-2018-01";  // the 23 jurisdictions of January 2018
        n.deadline_days = 60;
        n.title = "Certify compliance with 8 U.S.C. § 1373";
        n.letter =
            "{jurisdiction} must certify, by {deadline}, that it complies with the conditions "
            "below, with an opinion of counsel.\n\nThe Department will review each certification "
            "and may request documents.";
        n.signer = "Alan R. Hanson";
        n.signer_title = "Acting Assistant Attorney General";
        notice = campaigns->IssueNotice(reviewer, n).id;
    }
};

Campaign& Shared() {
    static Campaign c;
    return c;
}

void BM_RenderLetter(benchmark::State& state) {
    auto& c = Shared();
    const auto snap = c.service->snapshot();
    const auto& recipients = snap->FindNotice(c.notice)->recipients;
    size_t i = 0;
    size_t bytes = 0;
    for (auto _ : state) {
        const auto pdf = app::Campaigns::LetterPdf(
            *snap, c.notice, recipients[i++ % recipients.size()].jurisdiction);
        bytes += pdf.size();
        benchmark::DoNotOptimize(pdf.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["bytes_per_letter"] =
        static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_RenderLetter)->Unit(benchmark::kMillisecond);

void BM_SubmitCertification(benchmark::State& state) {
    auto& c = Shared();
    const app::CertificationRequest req{
        c.notice, "1714000", "Chicago complies.", "Corporation Counsel", "Counsel", {}};
    for (auto _ : state) {
        benchmark::DoNotOptimize(c.campaigns->SubmitCertification(c.certifier, req).entry.seq);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SubmitCertification)->Unit(benchmark::kMillisecond)->Iterations(200);

}  // namespace
}  // namespace grantcheck

namespace grantcheck {
namespace {

// Durable log appends through the store: each append a small command (one response record)
// with its journal row, log entry and tree nodes, committed with synchronous=FULL. Arg: how
// many commands share one commit (1: each is its own transaction and fsync).
void BM_DurableAppends(benchmark::State& state) {
    static testing::TempDir dir;
    static const auto store = [] {
        auto s = store::OpenSqliteStore({(dir.path() / "appends.db").string()});
        app::Service service(*s);
        service.Load({GRANTCHECK_SOURCE_DIR "/data", GRANTCHECK_ATLAS_PATH}, "bench");
        return s;
    }();
    const auto group = static_cast<size_t>(state.range(0));
    static size_t next = 0;
    std::vector<std::pair<model::Dataset, store::CommandRecord>> commands(group);
    for (auto _ : state) {
        state.PauseTiming();
        for (auto& [d, c] : commands) {
            model::Response r;
            r.id = fmt::format("bench-{}", next++);
            r.jurisdiction = "1714000";
            r.notice = "ojp-2017-04-21-letters";
            r.date = PartialDate::Exact(Date::FromYmd(2017, 6, 29));
            r.kind = "certification";
            r.summary = "Chicago certifies.";
            r.provenance.sources = {"bjs-jag-2016"};
            d.responses = {r};
            c = {"submit_certification", "bench", "a certification"};
        }
        state.ResumeTiming();
        if (group == 1) {
            store->PutRecords(commands[0].first, commands[0].second);
        } else {
            store->PutRecordsGrouped(commands);
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(group));
}
BENCHMARK(BM_DurableAppends)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime();

}  // namespace
}  // namespace grantcheck
