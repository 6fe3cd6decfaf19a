#include "grantcheck/store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "grantcheck/common/error.hpp"

#include "test_support.hpp"

namespace grantcheck::store {
namespace {

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

TEST(SqliteStoreTest, RoundTripsEveryField) {
    testing::TempDir dir;
    const auto path = (dir.path() / "t.db").string();
    const auto data = Sample();
    {
        auto store = OpenSqliteStore({path});
        EXPECT_EQ(store->Version(), 0);
        auto entry = store->ReplaceDataset(data, {"load", "test", "sample"});
        EXPECT_EQ(entry.seq, 1);
        EXPECT_EQ(store->ReadDataset(), data);
    }
    // Reopening applies no migration twice and finds the same data.
    auto store = OpenSqliteStore({path});
    EXPECT_EQ(store->ReadDataset(), data);
    EXPECT_EQ(store->Version(), 1);
    auto journal = store->ReadJournal(0, 10);
    ASSERT_EQ(journal.size(), 1u);
    EXPECT_EQ(journal[0].summary, "sample");
    EXPECT_EQ(journal[0].recorded_at.size(), 20u);
}

TEST(SqliteStoreTest, AFailedCommandLeavesNothingBehind) {
    testing::TempDir dir;
    auto store = OpenSqliteStore({(dir.path() / "t.db").string()});
    const auto data = Sample();
    store->ReplaceDataset(data, {"load", "test", "first"});
    auto broken = data;
    broken.notices[0].recipients[0].jurisdiction = "9999999";  // no such jurisdiction
    EXPECT_THROW(store->ReplaceDataset(broken, {"load", "test", "second"}), AppError);
    EXPECT_EQ(store->ReadDataset(), data);
    EXPECT_EQ(store->Version(), 1);
}

TEST(SqliteStoreTest, UsesWalAndForeignKeys) {
    testing::TempDir dir;
    const auto path = (dir.path() / "t.db").string();
    { OpenSqliteStore({path})->ReplaceDataset(Sample(), {"load", "test", "x"}); }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

TEST(SqliteStoreTest, UnopenablePathIsUnavailable) {
    try {
        OpenSqliteStore({"/nonexistent-dir/sub/x.db"});
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/sub/x.db"), std::string::npos);
    }
}

}  // namespace
}  // namespace grantcheck::store

namespace grantcheck::store {
namespace {

TEST(SqliteLogTest, EveryCommandAppendsAChainedEntryInTheSameTransaction) {
    testing::TempDir dir;
    auto store = OpenSqliteStore({(dir.path() / "t.db").string()});
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

}  // namespace
}  // namespace grantcheck::store
