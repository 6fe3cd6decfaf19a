#pragma once

// Running a certification campaign: a reviewer issues a notice to jurisdictions (with a PDF
// letter to each), amends its deadline or withdraws it; certifiers submit certifications with
// evidence files; reviewers record determinations with funding actions. Each command checks who
// asks (Principal), validates every field before anything is stored, is recorded as one log
// entry, and queues a webhook event.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantcheck/app/accounts.hpp"
#include "grantcheck/app/service.hpp"
#include "grantcheck/ledger/receipt.hpp"

namespace grantcheck::app {

struct NoticeRequest {
    std::string program;
    int fiscal_year = 0;
    std::vector<std::string> conditions;  // condition ids of the program and year
    // Recipients: any mix of a list's latest members, a filter, and jurisdictions by hand.
    std::string recipients_list;   // designation list id
    std::string recipients_state;  // with recipients_kind: every jurisdiction of that kind in
    std::string recipients_kind;   // that state ("IL", "county")
    std::vector<std::string> recipients;  // GEOIDs, OCD ids or names
    // Addressees by GEOID ("Mayor Rahm Emanuel"); otherwise the chief executive by title.
    std::vector<std::pair<std::string, std::string>> addressees;
    std::string deadline;   // YYYY-MM-DD, or empty with deadline_days
    int deadline_days = 0;  // N days from delivery (the notice is delivered when issued)
    std::vector<std::string> deliverables;
    std::string title;
    std::string letter;  // the letter's body; "{jurisdiction}" and "{deadline}" are filled
    std::string signer;  // the official who signs
    std::string signer_title;
};

struct AmendRequest {
    std::string notice;
    std::string kind;                        // "extension" or "withdrawal"
    std::string deadline;                    // YYYY-MM-DD, for an extension
    std::vector<std::string> jurisdictions;  // empty: every recipient
    std::string note;
};

struct CertificationRequest {
    std::string notice;
    std::string jurisdiction;
    std::string statement;
    std::string signer_name;
    std::string signer_title;
    std::vector<std::string> evidence;  // SHA-256 of uploaded files
};

struct FundingAction {
    std::string kind;  // "hold", "withhold", "release", "reallocate"
    std::string award;
    std::optional<Money> amount;
};

struct DeterminationRequest {
    std::string jurisdiction;
    std::vector<std::string> conditions;
    std::string outcome;
    std::string reasons;
    std::vector<std::string> relied_on;  // provision, response or evidence ids
    std::string response_deadline;       // YYYY-MM-DD; required for a preliminary finding
    std::optional<FundingAction> funding;
};

// What a command stored: the record's id, its log entry, and a receipt for that entry.
struct Recorded {
    std::string id;
    store::JournalEntry entry;
    std::optional<ledger::Receipt> receipt;
    SnapshotPtr snapshot;
};

struct EvidenceInfo {
    std::string sha256;
    size_t size = 0;
};

// Whether a notice was issued through grantcheck (its id starts "gc-"), not recorded from the
// sources: only those have letters here, take certifications, and may be amended.
bool IssuedHere(const model::Notice& n);

// The words each field accepts, for errors and the OpenAPI document.
std::vector<std::string_view> DeterminationOutcomes();
std::vector<std::string_view> FundingActionKinds();

// Thread-safety: as Service.
class Campaigns {
public:
    static constexpr size_t kMaxEvidenceBytes = 20u << 20;  // 20 MiB per file

    Campaigns(Service& service, store::AccountStore& accounts)
        : service_(service), accounts_(accounts) {}

    // Admins and reviewers of the program. Throws Forbidden, or InvalidInput naming the field.
    Recorded IssueNotice(const Principal& who, const NoticeRequest& request);
    Recorded AmendNotice(const Principal& who, const AmendRequest& request);
    // Certifiers of the jurisdiction, for a notice addressed to it.
    Recorded SubmitCertification(const Principal& who, const CertificationRequest& request);
    // Admins and reviewers of the conditions' program.
    Recorded RecordDetermination(const Principal& who, const DeterminationRequest& request);
    // Checks a determination as RecordDetermination would, without storing it; returns the
    // program of its conditions.
    std::string CheckDetermination(const Principal& who, const DeterminationRequest& request) const;

    // Drafts: a determination checked and kept, unpublished, for the agency side only. `body`
    // is the request as received; releasing it records it (the caller parses `body` again).
    int64_t SaveDraft(const Principal& who, const DeterminationRequest& request, std::string body);
    // Administrators see every draft, reviewers those of their programs; certifiers none.
    std::vector<store::Draft> Drafts(const Principal& who) const;
    // The draft `who` may release; throws NotFound, Forbidden (another program's), or Conflict
    // when it was released already.
    store::Draft DraftToRelease(const Principal& who, int64_t id) const;
    // Marks it released as `record`; throws Conflict when another release came first.
    void MarkReleased(int64_t id, const std::string& record);

    // Stores an evidence file after checking it is a PDF by its content (not its name) and at
    // most kMaxEvidenceBytes. Any account (`who` is signed in).
    EvidenceInfo UploadEvidence(const Principal& who, std::string_view content);
    // An evidence file, for the agency side, its uploader, and the certifiers of a jurisdiction
    // whose certification cites it. Throws NotFound or Forbidden.
    std::string ReadEvidence(const Principal& who, const std::string& sha256) const;

    // Adds a webhook for every published event, with a new random secret (administrators).
    // Throws InvalidInput naming `url` for anything but an http(s) URL.
    store::Webhook AddWebhook(const Principal& who, std::string_view url);

    // The PDF letter of `notice` to `geoid`, rendered from the records. Throws NotFound.
    static std::string LetterPdf(const ReadModel& model,
                                 std::string_view notice,
                                 std::string_view geoid);

private:
    model::Dataset BuildDetermination(const ReadModel& m,
                                      const Principal& who,
                                      const DeterminationRequest& req,
                                      store::CommandRecord& command,
                                      std::string& id,
                                      std::string& geoid,
                                      std::string& program) const;

    // After a command: its receipt, and the webhook event it publishes.
    Recorded Finish(const Service::CommitResult& result,
                    std::string id,
                    std::string_view event_kind,
                    const std::vector<std::string>& jurisdictions);

    Service& service_;
    store::AccountStore& accounts_;
};

}  // namespace grantcheck::app
