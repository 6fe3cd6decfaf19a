#include "grantcheck/app/campaign.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "grantcheck/app/webhooks.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/ledger/secrets.hpp"

#include "test_store.hpp"
#include "test_support.hpp"

namespace grantcheck::app {
namespace {

using ::testing::HasSubstr;

constexpr const char* kPassword = "correct horse battery";

// A campaign over the bundled data in a real SQLite file (or PostgreSQL schema), with a test
// clock.
class CampaignTest : public ::testing::Test {
protected:
    void SetUp() override {
        clock_ = dir_.Write("clock", "2026-11-02T12:00:00Z\n");
        Service::SetClockFile(clock_.string());
        store_ = testing::OpenTestStore(dir_);
        service_ =
            std::make_unique<Service>(*store_, ledger::Signer::Generate("test/log"), "test/log");
        service_->Load({testing::SourceDir() / "data", testing::AtlasPath()}, "test");
        accounts_ = std::make_unique<Accounts>(store_->accounts());
        campaigns_ = std::make_unique<Campaigns>(*service_, store_->accounts());
        const auto snap = service_->snapshot();
        accounts_->Add({"rev@doj.example", "Rita", "reviewer", {"byrne-jag"}, kPassword}, *snap);
        accounts_->Add({"cert@chicago.example", "Carl", "certifier", {"Chicago, IL"}, kPassword},
                       *snap);
        reviewer_ = accounts_->LogIn("rev@doj.example", kPassword).principal;
        certifier_ = accounts_->LogIn("cert@chicago.example", kPassword).principal;
    }
    void TearDown() override { Service::SetClockFile(""); }

    void SetClock(const std::string& time) { dir_.Write("clock", time + "\n"); }

    NoticeRequest Notice() const {
        NoticeRequest n;
        n.program = "byrne-jag";
        n.fiscal_year = 2026;
        n.conditions = {"jag-2018-1373-certification"};
        n.recipients = {"Chicago, IL", "17031", "1150000"};
        n.deadline = "2026-12-01";
        n.deliverables = {"certification", "legal opinion"};
        n.title = "Certify compliance with 8 U.S.C. 1373";
        n.letter = "{jurisdiction} must certify by {deadline}.";
        n.signer = "Alan R. Hanson";
        n.signer_title = "Acting Assistant Attorney General";
        return n;
    }

    // Runs `f`, which must throw InvalidInput naming `field`, and checks nothing was stored.
    template <typename F>
    void ExpectRefused(F f, const std::string& field, ErrorCode code = ErrorCode::kInvalidInput) {
        const auto before = store_->LogSize();
        const auto version = service_->snapshot()->version();
        try {
            f();
            ADD_FAILURE() << "accepted; expected an error naming " << field;
        } catch (const AppError& e) {
            EXPECT_EQ(e.code(), code) << e.what();
            EXPECT_THAT(e.public_message(), HasSubstr(field));
        }
        EXPECT_EQ(store_->LogSize(), before) << "a refused command was logged";
        EXPECT_EQ(service_->snapshot()->version(), version);
    }

    static std::string Pdf() { return "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"; }

    testing::TempDir dir_;
    std::filesystem::path clock_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<Service> service_;
    std::unique_ptr<Accounts> accounts_;
    std::unique_ptr<Campaigns> campaigns_;
    Principal reviewer_, certifier_;
};

TEST_F(CampaignTest, CertificationsOnTimeLateAndMissedShowInObligations) {
    const auto notice = campaigns_->IssueNotice(reviewer_, Notice());
    ASSERT_TRUE(notice.receipt);
    EXPECT_EQ(notice.snapshot->FindNotice(notice.id)->recipients.size(), 3u);

    const auto file = campaigns_->UploadEvidence(certifier_, Pdf());
    EXPECT_EQ(file.sha256, ledger::Sha256Hex(Pdf()));
    campaigns_->SubmitCertification(
        certifier_,
        {notice.id, "1714000", "We comply.", "Edward Siskel", "Counsel", {file.sha256}});

    // Cook County answers after the deadline; D.C. never does.
    const auto snap0 = service_->snapshot();
    accounts_->Add({"cert@cook.example", "Cora", "certifier", {"17031"}, kPassword}, *snap0);
    const auto cook = accounts_->LogIn("cert@cook.example", kPassword).principal;
    SetClock("2026-12-03T09:00:00Z");
    const auto late = campaigns_->SubmitCertification(
        cook, {notice.id, "17031", "We comply.", "Cora", "State's Attorney", {}});
    const auto& responses = late.snapshot->data().responses;
    const auto it = std::find_if(responses.begin(), responses.end(),
                                 [&](const auto& r) { return r.id == late.id; });
    ASSERT_NE(it, responses.end());
    EXPECT_EQ(it->date.ToString(), "2026-12-03");

    const auto snap = service_->snapshot();
    auto state = [&](const char* geoid) {
        const auto status =
            snap->engine().Evaluate(*snap->FindJurisdiction(geoid), Date::FromYmd(2026, 12, 3));
        for (const auto& c : status.conditions) {
            for (const auto& ob : c.obligations) {
                if (ob.notice->id == notice.id) {
                    return std::string(rules::ToString(ob.state));
                }
            }
        }
        return std::string("none");
    };
    EXPECT_EQ(state("1714000"), "met");
    EXPECT_EQ(state("17031"), "met_late");
    EXPECT_EQ(state("1150000"), "missed");

    // The log still replays to exactly what the tables hold.
    const auto audit = service_->Audit();
    EXPECT_TRUE(audit.problems.empty()) << audit.problems.front();
    // The letter to D.C. names its addressee, the condition and the deadline.
    const auto pdf = Campaigns::LetterPdf(*snap, notice.id, "1150000");
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
}

TEST_F(CampaignTest, BadInputIsRefusedByFieldAndNothingIsStored) {
    auto n = Notice();
    n.deadline = "2026-10-01";
    ExpectRefused([&] { campaigns_->IssueNotice(reviewer_, n); }, "deadline");
    n = Notice();
    n.recipients = {"Springfield, XX"};
    ExpectRefused([&] { campaigns_->IssueNotice(reviewer_, n); }, "recipients");
    n = Notice();
    n.conditions = {"voca-2025-immigration"};
    ExpectRefused([&] { campaigns_->IssueNotice(reviewer_, n); }, "conditions");

    ExpectRefused([&] { campaigns_->UploadEvidence(certifier_, "GIF89a not a pdf"); }, "file");
    ExpectRefused(
        [&] {
            campaigns_->UploadEvidence(
                certifier_,
                "%PDF-1.4\n" + std::string(Campaigns::kMaxEvidenceBytes, 'x') + "%%EOF");
        },
        "file", ErrorCode::kTooLarge);

    // A determination for a condition that does not apply on the date: the FY2026 notice's
    // condition applies, but the executive order's (2017-2021) no longer does.
    DeterminationRequest d{"17031", {"eo-13768-sec-9a"}, "compliant", "Reasons.", {}, "", {}};
    ExpectRefused([&] { campaigns_->RecordDetermination(reviewer_, d); }, "does not apply");
    d.conditions = {"jag-2018-1373-certification"};
    d.outcome = "preliminary_noncompliance";
    ExpectRefused([&] { campaigns_->RecordDetermination(reviewer_, d); }, "response_deadline");
    d.response_deadline = "2026-12-15";
    d.funding = FundingAction{"withhold", "no-such-award", {}};
    ExpectRefused([&] { campaigns_->RecordDetermination(reviewer_, d); }, "funding_action.award");
    d.funding.reset();
    const auto ok = campaigns_->RecordDetermination(reviewer_, d);
    const auto* det = ok.snapshot->FindNotice(ok.id);
    ASSERT_NE(det, nullptr);
    EXPECT_EQ(det->recipients.at(0).finding, "preliminary_noncompliance");
    EXPECT_EQ(det->deadline->ToString(), "2026-12-15");

    // Certifications: unknown evidence, a notice not addressed to the jurisdiction.
    const auto notice = campaigns_->IssueNotice(reviewer_, Notice());
    ExpectRefused(
        [&] {
            campaigns_->SubmitCertification(
                certifier_, {notice.id, "1714000", "x", "E", "C", {std::string(64, 'a')}});
        },
        "evidence");
    ExpectRefused(
        [&] {
            campaigns_->SubmitCertification(
                certifier_, {"ojp-2017-04-21-letters", "1714000", "x", "E", "C", {}});
        },
        "notice");
}

TEST_F(CampaignTest, ExtensionsAndWithdrawalsAreNewAmendmentsNotOverwrites) {
    const auto notice = campaigns_->IssueNotice(reviewer_, Notice());
    campaigns_->AmendNotice(reviewer_,
                            {notice.id, "extension", "2027-01-15", {"1714000"}, "asked"});
    const auto after =
        campaigns_->AmendNotice(reviewer_, {notice.id, "withdrawal", "", {"1150000"}, ""});
    const auto* n = after.snapshot->FindNotice(notice.id);
    ASSERT_EQ(n->amendments.size(), 2u);
    EXPECT_EQ(n->deadline->ToString(), "2026-12-01");  // the first deadline stays
    ExpectRefused(
        [&] {
            campaigns_->AmendNotice(reviewer_, {notice.id, "extension", "2026-01-01", {}, ""});
        },
        "deadline");
    ExpectRefused(
        [&] {
            campaigns_->SubmitCertification(certifier_,
                                            {notice.id, "Chicago, IL", "", "E", "C", {}});
        },
        "statement");
    EXPECT_TRUE(service_->Audit().problems.empty());
}

TEST_F(CampaignTest, LoginLocksAfterFailuresAndTokensExpire) {
    for (int i = 0; i < Accounts::kMaxFailedLogins; ++i) {
        EXPECT_THROW(accounts_->LogIn("rev@doj.example", "wrong password!"), AppError);
    }
    try {
        accounts_->LogIn("rev@doj.example", kPassword);
        FAIL() << "a locked account signed in";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kTooManyRequests);
    }
    accounts_->ResetPassword("rev@doj.example", "another good password");
    EXPECT_NO_THROW(accounts_->LogIn("rev@doj.example", "another good password"));

    const auto token = accounts_->CreateToken(certifier_, "script", {}, 1);
    EXPECT_TRUE(accounts_->FromToken(token.token));
    SetClock("2026-11-04T12:00:00Z");
    EXPECT_FALSE(accounts_->FromToken(token.token)) << "an expired token still works";
    accounts_->Disable("cert@chicago.example");
    EXPECT_THROW(accounts_->LogIn("cert@chicago.example", kPassword), AppError);
}

TEST_F(CampaignTest, WebhookDeliveriesAreSignedRetriedAndLogged) {
    store::Webhook w;
    w.url = "http://127.0.0.1:1/hook";
    w.secret = "s3cret";
    store_->accounts().AddWebhook(w);
    campaigns_->IssueNotice(reviewer_, Notice());
    int calls = 0;
    std::vector<std::pair<std::string, std::string>> seen;
    std::string body;
    WebhookSender sender(store_->accounts(),
                         [&](const std::string&, const std::string& b, const auto& headers) {
                             ++calls;
                             seen = headers;
                             body = b;
                             return calls == 1 ? 500 : 204;  // the first attempt fails
                         });
    EXPECT_EQ(sender.RunOnce(), 1u);
    auto log = store_->accounts().Deliveries(10);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].status, "pending");
    EXPECT_EQ(log[0].attempts, 1);
    EXPECT_THAT(log[0].last_error, HasSubstr("500"));
    EXPECT_EQ(sender.RunOnce(), 0u) << "retried before its back-off";
    // Make it due and retry.
    log[0].next_attempt = SystemNowUtc();
    store_->accounts().UpdateDelivery(log[0]);
    EXPECT_EQ(sender.RunOnce(), 1u);
    log = store_->accounts().Deliveries(10);
    EXPECT_EQ(log[0].status, "delivered");
    std::map<std::string, std::string> h(seen.begin(), seen.end());
    EXPECT_EQ(h["X-Grantcheck-Delivery"], log[0].event_key);
    EXPECT_EQ(
        h["X-Grantcheck-Signature"],
        "sha256=" + ledger::HmacSha256Hex("s3cret", h["X-Grantcheck-Timestamp"] + "." + body));
    EXPECT_THAT(body, HasSubstr("\"kind\":\"notice.issued\""));
}

}  // namespace
}  // namespace grantcheck::app
