// The storage contract: what every backend of store::Store does, run on SQLite and (as the
// ".pg" tests) on PostgreSQL in the throwaway cluster. Two openings of one database stand for
// two processes.
#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/merkle.hpp"
#include "grantcheck/store/store.hpp"

#include "test_store.hpp"
#include "test_support.hpp"

namespace grantcheck::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

model::Dataset Sample() {
    model::Dataset d;
    d.sources.push_back(
        {"s1", "https://example.org/1", "One", "Pub", PartialDate::Parse("2017-04"), "primary"});
    model::Provenance p;
    p.sources = {"s1"};
    model::Jurisdiction il{"17", model::JurisdictionKind::kState,    "Illinois", "17", "",
                           "IL", "ocd-division/country:us/state:il", p};
    model::Jurisdiction chi{
        "1714000", model::JurisdictionKind::kCity, "Chicago", "17", "17031", "IL", "", p};
    model::Jurisdiction cook{
        "17031", model::JurisdictionKind::kCounty, "Cook County", "17", "17031", "IL", "", p};
    d.jurisdictions = {il, chi, cook};
    d.programs.push_back({"jag", "JAG", "DOJ", "16.738", "", p});
    model::Condition c;
    c.id = "c1";
    c.program = "jag";
    c.fiscal_years = {2016, 2017};
    c.title = "Cond";
    c.applies_from = PartialDate::Parse("2017-07-25");
    c.applies_until = PartialDate::Parse("~2021");
    c.recipient_kinds = {model::JurisdictionKind::kCity, model::JurisdictionKind::kState};
    c.rule.breached_by = {{"restricts", {"unless_law"}}, {"limits", {}}};
    c.rule.complied_by = {"allows"};
    c.provenance = p;
    d.conditions.push_back(c);
    model::DesignationList l;
    l.id = "list";
    l.title = "List";
    l.issuer = "DOJ";
    l.stated_count = 2;
    l.provenance = p;
    model::ListVersion v;
    v.published = *PartialDate::Parse("2017-11-15");
    model::ListMember m1{"1714000", "Chicago, IL", {}, {}};
    model::ListMember m2{"", "Somewhere", {"17031", "17"}, {}};
    m2.provenance.confidence = model::Confidence::kUnconfirmed;
    m2.provenance.alternatives.push_back({"jurisdiction", "17031", {"s1"}, "maybe the county"});
    v.members = {m1, m2};
    l.versions.push_back(v);
    d.lists.push_back(l);
    model::Notice n;
    n.id = "n1";
    n.kind = model::NoticeKind::kReminder;
    n.date = *PartialDate::Parse("2017-04-21");
    n.title = "Letter";
    n.program = "jag";
    n.deadline = PartialDate::Parse("2017-06-30");
    n.deliverables = {"documentation", "legal opinion"};
    n.conditions = {"c1"};
    n.recipients.push_back({"1714000", "Mayor", "", {}});
    n.amendments.push_back({*PartialDate::Parse("2017-06-01"),
                            "extension",
                            PartialDate::Parse("2017-07-31"),
                            {"1714000"},
                            "extended",
                            {"s1"}});
    n.amendments.push_back({*PartialDate::Parse("2017-08"), "withdrawal", {}, {}, "", {"s1"}});
    n.responses_complete = false;
    n.provenance = p;
    d.notices.push_back(n);
    d.vocabulary = {{"allows", "provision", "allows"},
                    {"limits", "provision", "limits"},
                    {"restricts", "provision", "restricts"},
                    {"unless_law", "exception", "unless law"}};
    d.responses.push_back(
        {"r1", "1714000", "n1", *PartialDate::Parse("~2017-06-01"), "response", "answered", p});
    model::Policy pol;
    pol.id = "pol";
    pol.jurisdiction = "1714000";
    pol.kind = "ordinance";
    pol.title = "Welcoming City";
    pol.adopted = PartialDate::Parse("2012");
    pol.in_force_by = PartialDate::Parse("2017-10-12");
    pol.repealed = PartialDate::Parse("2030-01-01");
    pol.text_in_hand = true;
    pol.provisions.push_back({"a", "restricts", {"unless_law"}, "no disclosure", "2-173-030", p});
    pol.provisions.push_back({"b", "limits", {}, "limits", "", {}});
    pol.provenance = p;
    d.policies.push_back(pol);
    model::Case k;
    k.id = "case";
    k.title = "Chicago v. Sessions";
    k.court = "N.D. Ill.";
    k.filed = PartialDate::Parse("2017-08-07");
    k.parties.push_back({"1714000", "City of Chicago", "plaintiff"});
    k.parties.push_back({"", "Jefferson B. Sessions III", "defendant"});
    model::CourtOrder o;
    o.id = "pi";
    o.date = *PartialDate::Parse("2017-09-15");
    o.kind = model::OrderKind::kPreliminaryInjunction;
    o.summary = "PI";
    o.conditions = {"c1"};
    o.scope.kind = model::ScopeKind::kNationwide;
    o.provenance = p;
    k.orders.push_back(o);
    k.provenance = p;
    d.cases.push_back(k);
    model::Award a;
    a.id = "a1";
    a.program = "jag";
    a.fiscal_year = 2016;
    a.jurisdiction = "1714000";
    a.amount = Money(210000000);
    a.approximate = true;
    a.amount_text = "$2.1M";
    a.kind = "eligible_local";
    a.provenance = p;
    d.awards.push_back(a);
    model::Award unknown = a;
    unknown.id = "a2";
    unknown.amount.reset();
    d.awards.push_back(unknown);
    model::Normalize(d);
    return d;
}

// One small command: a new source, as a campaign command stores it.
Account NewAccount(const std::string& email, const std::string& role) {
    Account a;
    a.email = email;
    a.name = email.substr(0, email.find('@'));
    a.role = role;
    a.password_hash = "hash";
    return a;
}

model::Dataset NewSource(const std::string& id) {
    model::Dataset d;
    d.sources.push_back({id, "https://example.org/" + id, "Source " + id, "Pub", {}, ""});
    return d;
}

// Hands `rows` to ImportTables one by one, as a file reader would.
std::function<bool(TableRow&)> Feed(std::vector<TableRow> rows) {
    return [rows = std::move(rows), at = size_t{0}](TableRow& r) mutable {
        if (at == rows.size()) {
            return false;
        }
        r = rows[at++];
        return true;
    };
}

class StoreContractTest : public ::testing::Test {
protected:
    void SetUp() override { db_ = testing::NewTestDb(dir_); }
    std::unique_ptr<Store> Open() { return testing::OpenTestDb(db_); }
    testing::TempDir dir_;
    std::string db_;
};

TEST_F(StoreContractTest, RoundTripsEveryField) {
    const auto data = Sample();
    {
        auto store = Open();
        EXPECT_EQ(store->Version(), 0);
        auto entry = store->ReplaceDataset(data, {"load", "test", "sample"});
        EXPECT_EQ(entry.seq, 1);
        EXPECT_EQ(store->ReadDataset(), data);
    }
    // Reopening applies no migration twice and finds the same data.
    auto store = Open();
    EXPECT_EQ(store->ReadDataset(), data);
    EXPECT_EQ(store->Version(), 1);
    auto journal = store->ReadJournal(0, 10);
    ASSERT_EQ(journal.size(), 1u);
    EXPECT_EQ(journal[0].summary, "sample");
    EXPECT_EQ(journal[0].recorded_at.size(), 20u);
    const auto state = store->ReadState();
    EXPECT_EQ(state.data, data);
    EXPECT_EQ(state.version, 1);
    EXPECT_EQ(state.record_entries, store->RecordEntries());
    EXPECT_EQ(state.record_entries.at("jurisdiction 1714000"), 0u);
}

TEST_F(StoreContractTest, AFailedCommandLeavesNothingBehind) {
    auto store = Open();
    const auto data = Sample();
    store->ReplaceDataset(data, {"load", "test", "first"});
    auto broken = data;
    broken.notices[0].recipients[0].jurisdiction = "9999999";  // no such jurisdiction
    try {
        store->ReplaceDataset(broken, {"load", "test", "second"});
        FAIL() << "a broken reference was stored";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    }
    auto partial = NewSource("s-new");
    partial.responses.push_back(data.responses[0]);
    partial.responses[0].id = "r-bad";
    partial.responses[0].notice = "no-such-notice";
    EXPECT_THROW(store->PutRecords(partial, {"certify", "test", "bad"}), AppError);
    EXPECT_EQ(store->ReadDataset(), data);
    EXPECT_EQ(store->Version(), 1);
    EXPECT_EQ(store->LogSize(), 1u);
}

TEST_F(StoreContractTest, EveryCommandAppendsAChainedEntryInTheSameTransaction) {
    auto store = Open();
    const auto data = Sample();
    const auto first = store->ReplaceDataset(data, {"load", "test", "first"});
    auto changed = data;
    changed.awards[0].amount = Money(1);
    const auto second = store->ReplaceDataset(changed, {"load", "test", "second"});
    EXPECT_EQ(first.log_index, 0u);
    EXPECT_EQ(second.log_index, 1u);
    EXPECT_EQ(store->LogSize(), 2u);
    const auto log = store->ReadLog(0, 10);
    ASSERT_EQ(log.size(), 2u);
    ledger::MemoryTree tree;
    for (const auto& e : log) {
        EXPECT_EQ(e.leaf_hash, ledger::LeafHash(e.text));
        tree.Append(e.text);
    }
    EXPECT_EQ(second.root, ledger::RootHash(tree, 2));
    EXPECT_EQ(ledger::RootHash(store->LogNodes(), 2), second.root);
    EXPECT_EQ(ledger::RootHash(store->LogNodes(), 1), first.root);
    // The second entry names the first one's leaf hash, and carries the records it stored.
    EXPECT_NE(log[1].text.find("\"prev\":\"" + ledger::ToHex(log[0].leaf_hash) + "\""),
              std::string::npos);
    EXPECT_NE(log[1].text.find("\"amount_cents\":1,"), std::string::npos);
    // A failed command appends nothing.
    auto broken = data;
    broken.notices[0].recipients[0].jurisdiction = "9999999";
    EXPECT_THROW(store->ReplaceDataset(broken, {"load", "test", "bad"}), AppError);
    EXPECT_EQ(store->LogSize(), 2u);
    // Checkpoints: one per size, the first saved wins.
    store->SaveCheckpoint(2, "note a");
    store->SaveCheckpoint(2, "note b");
    EXPECT_EQ(*store->Checkpoint(2), "note a");
    EXPECT_EQ(store->LatestCheckpoint()->first, 2u);
}

// Two openings (two processes) appending at once: one log, in one order, with no gaps, whose
// every entry chains to the one before and whose stored tree is the tree of the entries.
TEST_F(StoreContractTest, TwoOpeningsAppendingAtOnceKeepOneLog) {
    auto a = Open();
    auto b = Open();
    a->ReplaceDataset(Sample(), {"load", "test", "base"});
    constexpr int kEach = 40;
    std::atomic<int> failures{0};
    auto append = [&](Store& s, const std::string& who) {
        for (int i = 0; i < kEach; ++i) {
            try {
                s.PutRecords(NewSource(who + std::to_string(i)), {"add", who, "source"});
            } catch (const AppError&) {
                ++failures;
            }
        }
    };
    std::thread ta(append, std::ref(*a), "a");
    std::thread tb(append, std::ref(*b), "b");
    ta.join();
    tb.join();
    EXPECT_EQ(failures.load(), 0);
    const uint64_t size = 1 + 2 * kEach;
    EXPECT_EQ(a->LogSize(), size);
    EXPECT_EQ(b->LogSize(), size);
    EXPECT_EQ(a->Version(), static_cast<int64_t>(size));
    const auto log = b->ReadLog(0, size);
    ASSERT_EQ(log.size(), size);
    ledger::MemoryTree tree;
    std::string prev;
    for (size_t i = 0; i < log.size(); ++i) {
        EXPECT_EQ(log[i].index, i);
        EXPECT_THAT(log[i].text, HasSubstr("\"prev\":\"" + prev + "\""));
        prev = ledger::ToHex(log[i].leaf_hash);
        tree.AppendLeafHash(log[i].leaf_hash);
    }
    EXPECT_EQ(ledger::RootHash(a->LogNodes(), size), ledger::RootHash(tree, size));
    const auto journal = a->ReadJournal(0, 1000);
    ASSERT_EQ(journal.size(), size);
    for (size_t i = 0; i < journal.size(); ++i) {
        EXPECT_EQ(journal[i].seq, static_cast<int64_t>(i + 1));
    }
    EXPECT_EQ(a->ReadDataset().sources.size(), Sample().sources.size() + 2 * kEach);
}

TEST_F(StoreContractTest, ACommandCheckedAgainstAnOlderStateIsRefused) {
    auto a = Open();
    auto b = Open();
    a->ReplaceDataset(Sample(), {"load", "test", "base"});
    CommandRecord late{"add", "b", "late", /*based_on=*/1};
    a->PutRecords(NewSource("first"), {"add", "a", "first", 1});
    EXPECT_THROW(b->PutRecords(NewSource("second"), late), StaleState);
    EXPECT_THROW(b->ReplaceDataset(Sample(), late), StaleState);
    EXPECT_EQ(b->Version(), 2);
    EXPECT_EQ(b->LogSize(), 2u);
    late.based_on = 2;
    EXPECT_EQ(b->PutRecords(NewSource("second"), late).seq, 3);
}

// A follower reads just what commands changed: merged over the state it had, that is the
// state a full read gives. After a load (every record replaced) it must read everything.
TEST_F(StoreContractTest, ChangesSinceAStateGiveTheNewStateWhenMerged) {
    auto a = Open();
    auto b = Open();
    a->ReplaceDataset(Sample(), {"load", "test", "base"});
    const auto before = a->ReadState();
    EXPECT_TRUE(a->ReadChangesSince(before.version)->changed.sources.empty());
    auto change = NewSource("new");
    auto notice = Sample().notices[0];
    notice.title = "Letter, amended";
    notice.amendments.pop_back();
    change.notices.push_back(notice);
    b->PutRecords(change, {"amend", "b", "x"});
    auto response = Sample().responses[0];
    response.id = "r2";
    response.provenance.alternatives.push_back({"date", "2017-06-02", {"s1"}, "or the next day"});
    model::Dataset answer;
    answer.responses.push_back(response);
    b->PutRecords(answer, {"certify", "b", "y"});

    const auto changes = a->ReadChangesSince(before.version);
    ASSERT_TRUE(changes);
    EXPECT_EQ(changes->version, 3);
    EXPECT_EQ(changes->changed.notices.size(), 1u);
    EXPECT_EQ(changes->changed.responses.size(), 1u);
    EXPECT_EQ(changes->changed.sources.size(), 1u);
    model::Dataset merged = before.data;
    model::MergeInto(merged, changes->changed);
    const auto now = a->ReadState();
    EXPECT_EQ(merged, now.data);
    EXPECT_EQ(changes->record_entries.at("response r2"), 2u);
    EXPECT_EQ(changes->record_entries.at("notice n1"), 1u);

    b->ReplaceDataset(Sample(), {"load", "b", "again"});
    EXPECT_FALSE(a->ReadChangesSince(now.version));
}

TEST_F(StoreContractTest, ExportImportCopiesEveryTableAndTheLog) {
    auto a = Open();
    a->ReplaceDataset(Sample(), {"load", "test", "base"});
    a->PutRecords(NewSource("more"), {"add", "test", "more"});
    a->SaveCheckpoint(2, "signed note");
    auto& acc = a->accounts();
    const auto id = acc.AddAccount(NewAccount("Ada@Agency.example", "admin"));
    acc.PutEvidence("ab", std::string("%PDF-1.4\0binary\xff", 17), id);
    acc.AddWebhook({0, "http://127.0.0.1:1/hook", "secret", true, ""});
    std::vector<TableRow> rows;
    a->ExportTables([&](const TableRow& r) { rows.push_back(r); });
    EXPECT_GT(rows.size(), 30u);

    testing::TempDir other_dir;
    auto b = testing::OpenTestDb(testing::NewTestDb(other_dir, "b.db"));
    b->ImportTables(Feed(rows));
    EXPECT_EQ(b->ReadDataset(), a->ReadDataset());
    EXPECT_EQ(b->LogSize(), 2u);
    EXPECT_EQ(ledger::RootHash(b->LogNodes(), 2), ledger::RootHash(a->LogNodes(), 2));
    EXPECT_EQ(*b->Checkpoint(2), "signed note");
    EXPECT_EQ(*b->accounts().Evidence("ab"), std::string("%PDF-1.4\0binary\xff", 17));
    EXPECT_EQ(b->accounts().FindAccount("ada@agency.example")->id, id);
    EXPECT_FALSE(b->Search("Chicago", "", 10).empty());  // the search index is rebuilt
    // New ids and the log continue after the copied ones.
    EXPECT_GT(b->accounts().AddAccount(NewAccount("new@agency.example", "admin")), id);
    EXPECT_EQ(b->PutRecords(NewSource("after"), {"add", "test", "after"}).log_index, 2u);

    std::vector<TableRow> again;
    a->ExportTables([&](const TableRow& r) { again.push_back(r); });
    EXPECT_EQ(again.size(), rows.size());

    // Into a store that holds records: refused, and nothing changes.
    try {
        b->ImportTables(Feed(rows));
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kConflict);
    }
    // A table or column the schema lacks: named, and nothing is stored.
    testing::TempDir third_dir;
    auto c = testing::OpenTestDb(testing::NewTestDb(third_dir, "c.db"));
    for (const auto& bad :
         {TableRow{"no_such_table", {}}, TableRow{"source", {{"id; DROP TABLE source", {}}}}}) {
        try {
            c->ImportTables(Feed({rows[0], bad}));
            FAIL();
        } catch (const AppError& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
            EXPECT_THAT(e.public_message(), HasSubstr("row 2"));
        }
        EXPECT_EQ(c->ReadDataset().sources.size(), 0u);
    }
}

TEST_F(StoreContractTest, AccountsTokensDraftsAndWebhooks) {
    auto store = Open();
    auto& acc = store->accounts();
    const auto id = acc.AddAccount(NewAccount("Carl@Chicago.example", "certifier"));
    EXPECT_THROW(acc.AddAccount(NewAccount("carl@chicago.example", "certifier")), AppError);
    EXPECT_EQ(acc.FindAccount("CARL@chicago.example")->name, "Carl");
    auto a = *acc.AccountById(id);
    a.failed_logins = 3;
    a.locked_until = "2030-01-01T00:00:00Z";
    acc.UpdateAccount(a);
    EXPECT_EQ(acc.AccountById(id)->failed_logins, 3);
    const auto token = acc.AddToken("th", {0, id, "script", "", "2030-01-01T00:00:00Z", false, ""});
    EXPECT_FALSE(acc.RevokeToken(token, id + 1));
    EXPECT_TRUE(acc.RevokeToken(token, id));
    EXPECT_TRUE(acc.FindToken("th")->revoked);
    acc.PutSession("sh", {id, "csrf", "2030-01-01T00:00:00Z"});
    EXPECT_EQ(acc.FindSession("sh")->csrf, "csrf");
    acc.DeleteSessions(id);
    EXPECT_FALSE(acc.FindSession("sh"));
    const auto draft = acc.AddDraft({0, "determination", "jag", id, "{}", "a draft", "", ""});
    EXPECT_TRUE(acc.MarkDraftReleased(draft, "gc-1"));
    EXPECT_FALSE(acc.MarkDraftReleased(draft, "gc-2"));
    acc.AddWebhook({0, "http://127.0.0.1:1/a", "s", true, ""});
    acc.EnqueueDeliveries("event-1", "{}", "2026-01-01T00:00:00Z");
    acc.EnqueueDeliveries("event-1", "{}", "2026-01-01T00:00:00Z");  // once per key
    EXPECT_EQ(acc.ClaimDueDeliveries("2025-12-31T00:00:00Z", "2026-01-01T00:01:00Z", 10).size(),
              0u);  // not due yet
    // Claimed once: a second claimant at the same time gets nothing, until the claim runs out.
    auto claimed = acc.ClaimDueDeliveries("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].event_key, "event-1");
    EXPECT_EQ(acc.ClaimDueDeliveries("2026-01-01T00:00:30Z", "2026-01-01T00:01:30Z", 10).size(),
              0u);
    EXPECT_EQ(acc.ClaimDueDeliveries("2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", 10).size(),
              1u);
    claimed[0].status = "delivered";
    claimed[0].attempts = 1;
    acc.UpdateDelivery(claimed[0]);
    EXPECT_EQ(acc.ClaimDueDeliveries("2026-01-02T00:00:00Z", "2026-01-02T00:01:00Z", 10).size(),
              0u);
}

TEST_F(StoreContractTest, SearchFindsWordsAndTakesAnyInput) {
    auto store = Open();
    store->ReplaceDataset(Sample(), {"load", "test", "sample"});
    const auto hits = store->Search("welcoming ci", "", 10);
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].kind, "policy");
    EXPECT_EQ(hits[0].id, "pol");
    EXPECT_EQ(store->Search("welcoming", "case", 10).size(), 0u);
    for (const char* odd : {"\"", "' & | ! :* ( ) <-> \\", "chicago'; DROP TABLE source; --",
                            "NEAR(a b)", "a:*b", "   "}) {
        EXPECT_NO_THROW(store->Search(odd, "", 10)) << odd;
    }
    EXPECT_EQ(store->ReadDataset().sources.size(), 1u);
}

// PostgreSQL's own promises: notifications, lost connections, an unreachable server.
// CTest registers these for the .pg run only; the skip is for a binary run by hand.
class PgContractTest : public StoreContractTest {
protected:
    void SetUp() override {
        if (!testing::TestingPostgres()) {
            GTEST_SKIP() << "PostgreSQL only; runs as the .pg variant";
        }
        StoreContractTest::SetUp();
    }
};

TEST_F(PgContractTest, ACommitWakesAnotherProcessWaitingForChanges) {
    auto a = Open();
    auto b = Open();
    a->ReplaceDataset(Sample(), {"load", "test", "base"});
    b->WaitForChange(std::chrono::milliseconds(10));  // starts listening
    std::atomic<bool> woke{false};
    std::thread waiter([&] {
        b->WaitForChange(std::chrono::minutes(2));
        woke = true;
    });
    a->PutRecords(NewSource("x"), {"add", "a", "x"});
    waiter.join();  // returns on the notification, long before its timeout
    EXPECT_TRUE(woke);
    EXPECT_EQ(b->Version(), 2);
}

TEST_F(PgContractTest, ALostConnectionFailsCleanlyAndIsOpenedAgain) {
    // Its own application name, so that only this store's connections are cut.
    const std::string name = "lost" + std::to_string(::getpid());
    auto store = testing::OpenTestDb(db_ + "&application_name=" + name);
    store->ReplaceDataset(Sample(), {"load", "test", "base"});
    int stored = 1;
    for (int round = 0; round < 3; ++round) {
        testing::PgExec(testing::PgServerDsn(),
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE application_name = '" +
                            name + "'");
        try {
            store->PutRecords(NewSource("lost-a" + std::to_string(round)), {"add", "t", "x"});
            ++stored;
        } catch (const AppError& e) {
            EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
            EXPECT_THAT(e.public_message(), HasSubstr("connection was lost"));
        }
        // The next use opens the connection again.
        store->PutRecords(NewSource("lost-b" + std::to_string(round)), {"add", "t", "y"});
        ++stored;
        EXPECT_EQ(store->LogSize(), static_cast<uint64_t>(stored));
        EXPECT_EQ(store->Version(), stored);
    }
    EXPECT_EQ(store->ReadDataset().sources.size(), static_cast<size_t>(stored));
}

TEST(PgStoreTest, AnUnreachableServerIsUnavailableAndNamedWithoutItsPassword) {
    try {
        testing::OpenTestDb("postgresql://gc:s3cret@127.0.0.1:1/grantcheck");
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_THAT(e.public_message(), HasSubstr("127.0.0.1:1"));
        EXPECT_THAT(e.public_message() + e.detail(), Not(HasSubstr("s3cret")));
    }
}

}  // namespace
}  // namespace grantcheck::store
