#include "grantcheck/ingest/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "grantcheck/common/error.hpp"

#include "test_support.hpp"

namespace grantcheck::ingest {
namespace {

using ::testing::HasSubstr;

constexpr char kSources[] = R"(- id: s1
  url: https://example.org/one
  title: One
  reliability: primary
)";

std::string LoadError(const testing::TempDir& dir) {
    try {
        auto parsed = ReadDirectory({dir.path(), testing::AtlasPath()});
        CheckReferences(parsed.data, parsed.references);
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
        return e.what();
    }
    return "";
}

TEST(LoaderTest, ReadsAMinimalDirectory) {
    testing::TempDir dir;
    dir.Write("sources.yaml", kSources);
    dir.Write("programs.yaml", "- {id: jag, name: JAG, agency: DOJ, sources: [s1]}\n");
    auto parsed = ReadDirectory({dir.path(), {}});
    ASSERT_EQ(parsed.data.programs.size(), 1u);
    EXPECT_EQ(parsed.data.programs[0].provenance.sources.front(), "s1");
    EXPECT_NO_THROW(CheckReferences(parsed.data, parsed.references));
}

TEST(LoaderTest, NamesFileLineAndFieldOfEveryProblem) {
    testing::TempDir dir;
    dir.Write("sources.yaml", kSources);
    dir.Write("notices.yaml", R"(- id: n1
  kind: letter
  date: 2017-02-30
  sender: DOJ
  title: A letter
  sources: [s1]
  recipients:
    - jurisdiction: 17031
      adressee: Mayor
)");
    const auto err = LoadError(dir);
    EXPECT_THAT(err, HasSubstr("notices.yaml:2: kind: 'letter' is not one of: guidance"));
    EXPECT_THAT(err, HasSubstr("notices.yaml:3: date: '2017-02-30' is not a date"));
    EXPECT_THAT(err, HasSubstr("notices.yaml:9: recipients[0].adressee: unknown field"));
}

TEST(LoaderTest, ReportsReferencesThatDoNotResolve) {
    testing::TempDir dir;
    dir.Write("sources.yaml", kSources);
    dir.Write("programs.yaml", "- {id: jag, name: JAG, agency: DOJ, sources: [s1, s2]}\n");
    dir.Write("conditions.yaml", R"(- id: c1
  program: cops
  fiscal_years: [2017]
  title: T
  applies_from: 2017-07-25
  recipients: [city]
  rule:
    breached_by: [{provision: restricts_everything}]
  sources: [s1]
)");
    const auto err = LoadError(dir);
    EXPECT_THAT(err, HasSubstr("programs.yaml:1: sources: no source 's2'"));
    EXPECT_THAT(err, HasSubstr("conditions.yaml:2: program: no program 'cops'"));
    EXPECT_THAT(err, HasSubstr("conditions.yaml:8: rule.breached_by[0].provision: "
                               "'restricts_everything' is not a known provision type"));
}

TEST(LoaderTest, RequiresASourceOnEveryRecord) {
    testing::TempDir dir;
    dir.Write("sources.yaml", kSources);
    dir.Write("programs.yaml", "- {id: jag, name: JAG, agency: DOJ}\n");
    EXPECT_THAT(LoadError(dir), HasSubstr("programs.yaml:1: sources: every record must cite"));
}

TEST(LoaderTest, ChecksCsvColumnsAndValues) {
    testing::TempDir dir;
    dir.Write("sources.yaml", kSources);
    dir.Write("awards.csv",
              "id,program,fiscal_year,jurisdiction,amount,kind,sources\n"
              "a1,jag,2017,17031,$4.3M,direct,s1\n"
              "a1,jag,17,1714000,100,direct,\n");
    const auto err = LoadError(dir);
    EXPECT_THAT(err, HasSubstr("awards.csv:2: amount: '$4.3M' is not an amount"));
    EXPECT_THAT(err, HasSubstr("awards.csv:3: id: duplicate award id 'a1'"));
    EXPECT_THAT(err, HasSubstr("awards.csv:3: fiscal_year: '17' is not a year"));
    EXPECT_THAT(err, HasSubstr("awards.csv:3: sources: every record must cite"));

    testing::TempDir missing;
    missing.Write("awards.csv", "id,program,fiscal_year,amount,kind,sources\n");
    EXPECT_THAT(LoadError(missing), HasSubstr("awards.csv:1: missing column 'jurisdiction'"));
}

TEST(LoaderTest, RejectsUnknownFilesAndYamlSyntax) {
    testing::TempDir dir;
    dir.Write("notice.yaml", "[]\n");
    EXPECT_THAT(LoadError(dir), HasSubstr("notice.yaml: not a known data file"));

    testing::TempDir syntax;
    syntax.Write("sources.yaml", "- id: s1\n  title: [unclosed\n");
    EXPECT_THAT(LoadError(syntax), HasSubstr("sources.yaml:3: YAML syntax"));
}

TEST(LoaderTest, ReadsTheGazetteer) {
    testing::TempDir dir;
    dir.Write("manifest.yaml", "gazetteer: us-atlas\n");
    dir.Write("sources.yaml", kSources);
    std::string codes = "geoid,usps,ocd_id,sources\n";
    for (int i = 1; i <= 78; ++i) {
        codes += fmt::format("{:02},S{},ocd-division/country:us/state:s{},s1\n", i, i % 10, i);
    }
    dir.Write("state-codes.csv", codes);
    auto parsed = ReadDirectory({dir.path(), testing::AtlasPath()});
    size_t states = 0, counties = 0;
    for (const auto& j : parsed.data.jurisdictions) {
        states += j.geoid.size() == 2 && j.kind != model::JurisdictionKind::kNation ? 1 : 0;
        counties += j.kind == model::JurisdictionKind::kCounty ? 1 : 0;
    }
    EXPECT_EQ(states, 56u);  // 50 states, D.C. and 5 territories
    EXPECT_GT(counties, 3000u);
}

}  // namespace
}  // namespace grantcheck::ingest
