// The bundled data/ keeps its promises: every record cites sources that exist, every GEOID
// resolves, lists have the members their issuers stated, and the facts of FACTS.md hold.
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "grantcheck/app/service.hpp"

#include "test_store.hpp"
#include "test_support.hpp"

namespace grantcheck {
namespace {

class DataIntegrityTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir();
        store_ = testing::OpenTestStore(*dir_).release();
        service_ = new app::Service(*store_);
        try {
            service_->Load({testing::SourceDir() / "data", testing::AtlasPath()}, "test");
        } catch (const std::exception& e) {
            load_error_ = e.what();
        }
    }
    // A data set that does not load fails every test here (it must never read as skipped).
    void SetUp() override { ASSERT_TRUE(load_error_.empty()) << load_error_; }
    static void TearDownTestSuite() {
        delete service_;
        delete store_;
        delete dir_;
    }
    static const store::Snapshot& Snap() { return *service_->snapshot(); }

    void ExpectCited(const model::Provenance& p, const std::string& what, bool required = true) {
        if (required) {
            EXPECT_FALSE(p.sources.empty()) << what << " cites no source";
        }
        for (const auto& s : p.sources) {
            EXPECT_NE(Snap().FindSource(s), nullptr) << what << " cites unknown source " << s;
        }
        for (const auto& a : p.alternatives) {
            EXPECT_NE(p.confidence, model::Confidence::kConfirmed)
                << what << " keeps alternatives but says confirmed";
            for (const auto& s : a.sources) {
                EXPECT_NE(Snap().FindSource(s), nullptr) << what << " alternative cites " << s;
            }
        }
    }
    void ExpectResolves(const std::string& geoid, const std::string& what) {
        EXPECT_NE(Snap().FindJurisdiction(geoid), nullptr) << what << " names unknown " << geoid;
    }

    static testing::TempDir* dir_;
    static store::Store* store_;
    static app::Service* service_;
    static std::string load_error_;
};
std::string DataIntegrityTest::load_error_;
testing::TempDir* DataIntegrityTest::dir_ = nullptr;
store::Store* DataIntegrityTest::store_ = nullptr;
app::Service* DataIntegrityTest::service_ = nullptr;

TEST_F(DataIntegrityTest, EveryRecordCitesSourcesThatExist) {
    const auto& d = Snap().data();
    for (const auto& s : d.sources) {
        EXPECT_TRUE(s.url.starts_with("http")) << s.id;
        EXPECT_FALSE(s.title.empty()) << s.id;
    }
    for (const auto& j : d.jurisdictions) {
        ExpectCited(j.provenance, "jurisdiction " + j.geoid);
    }
    for (const auto& p : d.programs) {
        ExpectCited(p.provenance, "program " + p.id);
    }
    for (const auto& c : d.conditions) {
        ExpectCited(c.provenance, "condition " + c.id);
    }
    for (const auto& l : d.lists) {
        ExpectCited(l.provenance, "list " + l.id);
        for (const auto& v : l.versions) {
            for (const auto& m : v.members) {
                ExpectCited(m.provenance, "member " + m.as_named + " of " + l.id, false);
            }
        }
    }
    for (const auto& n : d.notices) {
        ExpectCited(n.provenance, "notice " + n.id);
        for (const auto& r : n.recipients) {
            ExpectCited(r.provenance, "recipient " + r.jurisdiction + " of " + n.id, false);
        }
    }
    for (const auto& c : d.cases) {
        ExpectCited(c.provenance, "case " + c.id);
        for (const auto& o : c.orders) {
            ExpectCited(o.provenance, "order " + o.id);
        }
    }
    for (const auto& a : d.awards) {
        ExpectCited(a.provenance, "award " + a.id);
    }
}

TEST_F(DataIntegrityTest, EveryGeoidResolves) {
    const auto& d = Snap().data();
    for (const auto& j : d.jurisdictions) {
        if (j.kind == model::JurisdictionKind::kNation) {
            continue;
        }
        ExpectResolves(j.state_geoid, "jurisdiction " + j.geoid);
        EXPECT_FALSE(j.usps.empty()) << j.geoid << " has no postal code";
        if (j.kind == model::JurisdictionKind::kCity) {
            ExpectResolves(j.county_geoid, "place " + j.geoid);
            EXPECT_TRUE(j.county_geoid.starts_with(j.state_geoid)) << j.geoid;
        }
    }
    for (const auto& l : d.lists) {
        for (const auto& v : l.versions) {
            std::set<std::string> seen;
            for (const auto& m : v.members) {
                if (!m.jurisdiction.empty()) {
                    ExpectResolves(m.jurisdiction, "list " + l.id);
                    EXPECT_TRUE(seen.insert(m.jurisdiction).second)
                        << l.id << " names " << m.jurisdiction << " twice";
                }
                for (const auto& c : m.candidates) {
                    ExpectResolves(c, "list " + l.id + " candidate");
                }
            }
        }
    }
    for (const auto& n : d.notices) {
        for (const auto& r : n.recipients) {
            ExpectResolves(r.jurisdiction, "notice " + n.id);
        }
        if (n.deadline) {
            EXPECT_GE(n.deadline->last, n.date.first) << n.id;
        }
    }
    for (const auto& c : d.cases) {
        for (const auto& p : c.parties) {
            if (!p.jurisdiction.empty()) {
                ExpectResolves(p.jurisdiction, "case " + c.id);
            }
        }
        for (const auto& o : c.orders) {
            for (const auto& g : o.scope.jurisdictions) {
                ExpectResolves(g, "order " + o.id);
            }
            for (const auto& cond : o.conditions) {
                EXPECT_NE(Snap().FindCondition(cond), nullptr) << o.id << " covers " << cond;
            }
        }
    }
    for (const auto& a : d.awards) {
        ExpectResolves(a.jurisdiction, "award " + a.id);
    }
}

TEST_F(DataIntegrityTest, ListsHaveTheMembersTheirIssuersStated) {
    for (const auto& l : Snap().data().lists) {
        if (!l.stated_count) {
            continue;
        }
        EXPECT_EQ(static_cast<int>(l.versions.back().members.size()), *l.stated_count) << l.id;
    }
}

TEST_F(DataIntegrityTest, TheFactsOfTheFactSheetHold) {
    const auto& s = Snap();
    // FACTS.md 3.1: 13 states (D.C. counted), 4 counties, 18 cities.
    std::map<model::JurisdictionKind, int> kinds;
    for (const auto& m : s.FindList("doj-2025-08")->versions.back().members) {
        ++kinds[s.FindJurisdiction(m.jurisdiction)->kind];
    }
    EXPECT_EQ(kinds[model::JurisdictionKind::kState] + kinds[model::JurisdictionKind::kDistrict],
              13);
    EXPECT_EQ(kinds[model::JurisdictionKind::kCounty], 4);
    EXPECT_EQ(kinds[model::JurisdictionKind::kCity], 18);
    // 1.3: the April 21, 2017 letters went to nine jurisdictions, due June 30, 2017.
    const auto* april = s.FindNotice("ojp-2017-04-21-letters");
    ASSERT_NE(april, nullptr);
    EXPECT_EQ(april->recipients.size(), 9u);
    EXPECT_EQ(april->deadline->ToString(), "2017-06-30");
    // 1.3: five preliminary findings with an October 27, 2017 window.
    const auto* oct = s.FindNotice("doj-2017-10-12-preliminary");
    int preliminary = 0;
    for (const auto& r : oct->recipients) {
        preliminary += r.finding == "preliminary_noncompliance" ? 1 : 0;
    }
    EXPECT_EQ(preliminary, 5);
    EXPECT_EQ(oct->deadline->ToString(), "2017-10-27");
    // 2.3: the September 15, 2017 injunction was nationwide and covered access and notice only.
    const auto* chicago = s.FindCase("chicago-v-sessions-2017");
    const auto& pi = chicago->orders.front();
    EXPECT_EQ(pi.date.ToString(), "2017-09-15");
    EXPECT_EQ(pi.scope.kind, model::ScopeKind::kNationwide);
    EXPECT_THAT(pi.conditions,
                ::testing::UnorderedElementsAre("jag-2017-access", "jag-2017-notice"));
    // 6.1 and note A stay marked, never silently resolved.
    EXPECT_EQ(s.FindList("oig-2016-05")->provenance.confidence, model::Confidence::kUnconfirmed);
    EXPECT_EQ(april->provenance.confidence, model::Confidence::kConflict);
    // 4.1: an unknown amount is empty, not guessed.
    bool found_unknown = false;
    for (const auto& a : s.data().awards) {
        found_unknown |= !a.amount.has_value();
    }
    EXPECT_TRUE(found_unknown);
    // The gazetteer: 50 states, D.C., 5 territories and every county of us-atlas.
    app::JurisdictionQuery q;
    q.kind = "county";
    EXPECT_EQ(app::Service::ListJurisdictions(s, q).total, 3231u);
    q.kind = "territory";
    EXPECT_EQ(app::Service::ListJurisdictions(s, q).total, 5u);
}

}  // namespace
}  // namespace grantcheck
