// Data-driven status cases (DuckDB style): every tests/cases/status/*.json holds cases of the
// form {name, jurisdiction, as_of, expect}; adding a case means adding to a file. Only the
// fields a case names are compared.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "grantcheck/app/service.hpp"
#include "grantcheck/common/error.hpp"

#include "test_store.hpp"
#include "test_support.hpp"

namespace grantcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Case {
    std::string file;
    json body;
};

std::vector<Case> LoadCases() {
    std::vector<Case> out;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(testing::SourceDir() / "tests/cases/status")) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f);
        for (auto& c : json::parse(in)) {
            out.push_back({f.filename().string(), c});
        }
    }
    return out;
}

app::Service& Bundled() {
    static testing::TempDir dir;
    static auto store = testing::OpenTestStore(dir);
    static app::Service service(*store);
    static bool loaded = [] {
        service.Load({testing::SourceDir() / "data", testing::AtlasPath()}, "test");
        return true;
    }();
    (void)loaded;
    return service;
}

class StatusCaseTest : public ::testing::TestWithParam<Case> {};

void ExpectSubset(const json& expected, const json& actual, const std::string& where) {
    for (const auto& [k, v] : expected.items()) {
        ASSERT_TRUE(actual.contains(k)) << where << ": no field " << k;
        EXPECT_EQ(actual[k], v) << where << "." << k;
    }
}

json Actual(const rules::ConditionStatus& c) {
    json obligations = json::array();
    for (const auto& o : c.obligations) {
        obligations.push_back(
            {{"notice", o.notice->id},
             {"due", o.due.ToString()},
             {"state", rules::ToString(o.state)},
             {"response", o.response != nullptr ? json(o.response->id) : json()}});
    }
    json blocked = json::array();
    for (const auto& b : c.blocked_by) {
        blocked.push_back({{"case", b.kase->id},
                           {"order", b.order->id},
                           {"order_date", b.order->date.ToString()},
                           {"scope_by", b.scope_by->id}});
    }
    json codes = json::array();
    for (const auto& r : c.reasons) {
        codes.push_back(rules::ToString(r.code));
    }
    json determination;
    if (c.determination) {
        determination = {{"outcome", c.determination->recipient->finding},
                         {"notice", c.determination->notice->id},
                         {"date", c.determination->notice->date.ToString()}};
    }
    return {{"applies", c.applies},
            {"assessment", rules::ToString(c.assessment)},
            {"enforceable", c.enforceable},
            {"enforceable_certain", c.enforceable_certainty == rules::Certainty::kCertain},
            {"obligations", obligations},
            {"blocked_by", blocked},
            {"determination", determination},
            {"reason_codes", codes}};
}

TEST_P(StatusCaseTest, HoldsAsTheFactsSay) {
    const auto& [file, c] = GetParam();
    SCOPED_TRACE(file + ": " + c["name"].get<std::string>());
    auto model = Bundled().snapshot();
    const auto& j = app::Service::ResolveJurisdiction(*model, c["jurisdiction"].get<std::string>());
    const Date as_of = *Date::Parse(c["as_of"].get<std::string>());
    const auto status = model->engine().Evaluate(j, as_of);
    const auto& expect = c["expect"];
    if (expect.contains("lists")) {
        json lists = json::array();
        for (const auto& n : status.lists) {
            lists.push_back(n.list->id);
        }
        EXPECT_EQ(lists, expect["lists"]);
    }
    if (!expect.contains("conditions")) {
        return;
    }
    for (const auto& [id, want] : expect["conditions"].items()) {
        const auto it = std::find_if(status.conditions.begin(), status.conditions.end(),
                                     [&id](const auto& s) { return s.condition->id == id; });
        ASSERT_NE(it, status.conditions.end()) << "no condition " << id;
        const json got = Actual(*it);
        for (const auto& [field, value] : want.items()) {
            const std::string where = id + "." + field;
            if (field == "obligations" || field == "blocked_by") {
                ASSERT_EQ(got[field].size(), value.size()) << where << ": " << got[field].dump();
                for (size_t i = 0; i < value.size(); ++i) {
                    ExpectSubset(value[i], got[field][i], where + "[" + std::to_string(i) + "]");
                }
            } else if (field == "determination" && !value.is_null()) {
                ASSERT_FALSE(got[field].is_null()) << where;
                ExpectSubset(value, got[field], where);
            } else if (field == "reason_codes") {
                for (const auto& code : value) {
                    EXPECT_NE(std::find(got[field].begin(), got[field].end(), code),
                              got[field].end())
                        << where << ": no " << code << " in " << got[field].dump();
                }
            } else {
                EXPECT_EQ(got[field], value) << where;
            }
        }
    }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
    std::string name =
        info.param.file.substr(0, info.param.file.find('.')) + "_" + std::to_string(info.index);
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, StatusCaseTest, ::testing::ValuesIn(LoadCases()), CaseName);

// A new condition needs only a data file: its rule is read, checked and evaluated.
TEST(ConditionFromDataTest, ANewConditionIsEvaluatedWithoutCodeChanges) {
    testing::TempDir db_dir;
    auto store = testing::OpenTestStore(db_dir);
    app::Service service(*store);
    service.Load({testing::SourceDir() / "data", testing::AtlasPath()}, "test");
    testing::TempDir dir;
    dir.Write("conditions.yaml", R"(- id: test-2026-no-inquiry-ban
  program: byrne-jag
  fiscal_years: [2026]
  title: FY2026 test condition against bans on asking about status
  applies_from: 2026-01-01
  recipients: [city, county]
  rule:
    breached_by:
      - {provision: forbids_status_inquiry}
  sources: [census-us-atlas]
)");
    service.Load({dir.path(), {}}, "test");
    auto model = service.snapshot();
    const auto* chicago = model->FindJurisdiction("1714000");
    const auto status = model->engine().Evaluate(*chicago, *Date::Parse("2026-06-01"));
    const auto it =
        std::find_if(status.conditions.begin(), status.conditions.end(),
                     [](const auto& s) { return s.condition->id == "test-2026-no-inquiry-ban"; });
    ASSERT_NE(it, status.conditions.end());
    EXPECT_TRUE(it->applies);
    EXPECT_EQ(it->assessment, rules::Assessment::kLikelyBreach);
    ASSERT_FALSE(it->reasons.empty());
    EXPECT_EQ(it->reasons.front().code, rules::Reason::Code::kBreach);
    EXPECT_EQ(it->reasons.front().provision->id, "no-status-inquiry");
    // A rule over an unknown provision type is refused at load, naming file:line.
    testing::TempDir bad;
    bad.Write("conditions.yaml", R"(- id: test-bad
  program: byrne-jag
  fiscal_years: [2026]
  title: T
  applies_from: 2026-01-01
  recipients: [city]
  rule:
    breached_by: [{provision: forbids_everything}]
  sources: [census-us-atlas]
)");
    try {
        service.Load({bad.path(), {}}, "test");
        FAIL() << "expected an error";
    } catch (const AppError& e) {
        EXPECT_NE(std::string(e.what()).find("conditions.yaml:8: rule.breached_by[0].provision: "
                                             "'forbids_everything' is not a known provision type"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace grantcheck
