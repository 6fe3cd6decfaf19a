#include "grantcheck/app/service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "grantcheck/common/error.hpp"

#include "test_store.hpp"
#include "test_support.hpp"

namespace grantcheck::app {
namespace {

using ::testing::HasSubstr;

class ServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = testing::OpenTestStore(dir_);
        service_ = std::make_unique<Service>(*store_);
        service_->Load({testing::SourceDir() / "data", testing::AtlasPath()}, "test");
    }
    testing::TempDir dir_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<Service> service_;
};

TEST_F(ServiceTest, ResolvesJurisdictionsByGeoidOcdAndName) {
    auto snap = service_->snapshot();
    EXPECT_EQ(Service::ResolveJurisdiction(*snap, "1714000").name, "Chicago");
    EXPECT_EQ(Service::ResolveJurisdiction(*snap, "Chicago, IL").geoid, "1714000");
    EXPECT_EQ(Service::ResolveJurisdiction(*snap, "Cook County, IL").geoid, "17031");
    EXPECT_EQ(Service::ResolveJurisdiction(*snap, "cook county, illinois").geoid, "17031");
    EXPECT_EQ(Service::ResolveJurisdiction(*snap, "Orleans Parish, LA").geoid, "22071");
    EXPECT_EQ(
        Service::ResolveJurisdiction(*snap, "ocd-division/country:us/state:il/place:chicago").geoid,
        "1714000");
    EXPECT_THROW(Service::ResolveJurisdiction(*snap, "9999999"), AppError);
}

TEST_F(ServiceTest, AnAmbiguousNameListsTheCandidates) {
    auto snap = service_->snapshot();
    try {
        Service::ResolveJurisdiction(*snap, "Cook County");
        FAIL();
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
        EXPECT_THAT(e.what(), HasSubstr("ambiguous"));
        EXPECT_THAT(e.what(), HasSubstr("Cook County, IL (17031"));
        EXPECT_THAT(e.what(), HasSubstr("Cook County, GA"));
    }
}

TEST_F(ServiceTest, FiltersAndPagesJurisdictions) {
    auto snap = service_->snapshot();
    JurisdictionQuery q;
    q.kind = "state";
    EXPECT_EQ(Service::ListJurisdictions(*snap, q).total, 50u);
    q.kind = "";
    q.list = "doj-2018-01";
    EXPECT_EQ(Service::ListJurisdictions(*snap, q).total, 23u);
    q.state = "CA";
    q.limit = 2;
    auto page = Service::ListJurisdictions(*snap, q);
    EXPECT_EQ(page.items.size(), 2u);
    EXPECT_GT(page.total, 2u);
    q.kind = "planet";
    EXPECT_THROW(Service::ListJurisdictions(*snap, q), AppError);
}

TEST_F(ServiceTest, ABadLoadStoresNothing) {
    const auto before = service_->snapshot();
    testing::TempDir bad;
    bad.Write("awards.csv",
              "id,program,fiscal_year,jurisdiction,amount,kind,sources\n"
              "new-award,byrne-jag,2017,1714000,100,direct,census-us-atlas\n"
              "broken,byrne-jag,2017,9999999,100,direct,census-us-atlas\n");
    try {
        service_->Load({bad.path(), {}}, "test");
        FAIL();
    } catch (const AppError& e) {
        EXPECT_THAT(e.what(), HasSubstr("awards.csv:3: jurisdiction: no jurisdiction with GEOID"));
    }
    EXPECT_EQ(service_->snapshot(), before);
    EXPECT_EQ(store_->Version(), 1);
    EXPECT_EQ(store_->ReadDataset(), before->data());
}

TEST_F(ServiceTest, ALoadMergesByIdAndIsJournaled) {
    testing::TempDir more;
    more.Write("awards.csv",
               "id,program,fiscal_year,jurisdiction,amount,kind,sources\n"
               "jag-2017-sf-direct,byrne-jag,2017,0667000,524845,direct,jonesmayer-ca9-2020\n"
               "user-award,byrne-jag,2018,1714000,,direct,jonesmayer-ca9-2020\n");
    const size_t before = service_->snapshot()->data().awards.size();
    auto report = service_->Load({more.path(), {}}, "test");
    EXPECT_EQ(report.replaced, 1u);
    EXPECT_EQ(report.entry.seq, 2);
    EXPECT_EQ(service_->snapshot()->data().awards.size(), before + 1);
    EXPECT_EQ(service_->snapshot()->version(), 2);
    // A fresh service over the same store sees the same state.
    Service reopened(*store_);
    EXPECT_EQ(reopened.snapshot()->data(), service_->snapshot()->data());
}

}  // namespace
}  // namespace grantcheck::app
