#include "grantcheck/app/campaign.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "grantcheck/app/webhooks.hpp"
#include "grantcheck/common/error.hpp"
#include "grantcheck/common/text.hpp"
#include "grantcheck/ledger/canonical.hpp"
#include "grantcheck/ledger/secrets.hpp"
#include "grantcheck/render/letter.hpp"

namespace grantcheck::app {
namespace {

constexpr std::string_view kOutcomes[] = {
    "compliant",           "no_evidence_of_noncompliance", "preliminary_noncompliance",
    "final_noncompliance", "insufficient_evidence",        "withdrawn"};
constexpr std::string_view kFundingKinds[] = {"hold", "withhold", "release", "reallocate"};
constexpr size_t kMaxText = 20000;       // characters of a statement, letter or reasons
constexpr size_t kMaxRecipients = 5000;  // per notice

std::string Actor(const Principal& who) {
    return fmt::format("account:{} ({})", who.account_id, who.role);
}

void Require(bool ok, std::string_view what) {
    if (!ok) {
        throw Forbidden("{}", what);
    }
}

void CheckText(std::string_view field, std::string_view value, size_t max, bool required) {
    if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw InvalidInput("{}: required", field);
    }
    if (value.size() > max) {
        throw InvalidInput("{}: at most {} characters", field, max);
    }
}

Date ParseDay(std::string_view field, std::string_view text) {
    auto d = Date::Parse(text);
    if (!d) {
        throw InvalidInput("{}: '{}' is not a date (YYYY-MM-DD)", field, text);
    }
    return *d;
}

std::string LongDate(Date d) {
    static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};
    return fmt::format("{} {}, {}", kMonths[d.month() - 1], d.day(), d.year());
}

std::string LongDate(const PartialDate& d) {
    if (d.precision == PartialDate::Precision::kDay) {
        return LongDate(d.first);
    }
    return d.ToString();
}

// A Source for a record made in grantcheck: the record's own page, issued by `publisher`.
model::Source OwnSource(std::string_view kind,
                        const std::string& id,
                        std::string publisher,
                        Date today) {
    model::Source s;
    s.id = "recorded-" + id;
    s.url = fmt::format("/{}/{}", kind, id);
    s.title =
        fmt::format("Recorded in grantcheck: {} {}", kind == "notices" ? "notice" : "record", id);
    s.publisher = std::move(publisher);
    s.date = PartialDate::Exact(today);
    s.reliability = "primary";
    return s;
}

model::Provenance Cites(const model::Source& s) {
    model::Provenance p;
    p.sources = {s.id};
    return p;
}

// A new id "<prefix>-<n>" that no notice or response uses yet.
std::string NextId(const ReadModel& m, const std::string& prefix) {
    size_t n = 1;
    for (const auto& x : m.data().notices) {
        n += x.id.starts_with(prefix + "-") ? 1 : 0;
    }
    for (const auto& x : m.data().responses) {
        n += x.id.starts_with(prefix + "-") ? 1 : 0;
    }
    for (;; ++n) {
        std::string id = fmt::format("{}-{}", prefix, n);
        const bool used = m.FindNotice(id) != nullptr ||
                          std::any_of(m.data().responses.begin(), m.data().responses.end(),
                                      [&](const auto& r) { return r.id == id; });
        if (!used) {
            return id;
        }
    }
}

std::string DefaultAddressee(const model::Jurisdiction& j) {
    switch (j.kind) {
        case model::JurisdictionKind::kCity:
            return fmt::format("The Mayor of {}", j.name);
        case model::JurisdictionKind::kCounty:
            return fmt::format("The Chief Executive of {}", j.name);
        case model::JurisdictionKind::kState:
        case model::JurisdictionKind::kTerritory:
            return fmt::format("The Governor of {}", j.name);
        default:
            return fmt::format("The Chief Executive of {}", j.name);
    }
}

}  // namespace

bool IssuedHere(const model::Notice& n) {
    return n.id.starts_with("gc-");
}

std::vector<std::string_view> DeterminationOutcomes() {
    return {std::begin(kOutcomes), std::end(kOutcomes)};
}

std::vector<std::string_view> FundingActionKinds() {
    return {std::begin(kFundingKinds), std::end(kFundingKinds)};
}

Recorded Campaigns::Finish(const Service::CommitResult& result,
                           std::string id,
                           std::string_view event_kind,
                           const std::vector<std::string>& jurisdictions) {
    Recorded out;
    out.id = std::move(id);
    out.entry = result.entry;
    out.snapshot = result.snapshot;
    if (service_.VerifierKey()) {
        out.receipt = service_.ReceiptFor(result.entry.log_index);
    }
    // The event every webhook receives; its id is the idempotency key.
    ledger::CanonicalObject event;
    const std::string key = fmt::format("entry-{}", result.entry.log_index);
    event.Set("id", key)
        .Set("kind", event_kind)
        .Set("record", out.id)
        .Set("jurisdictions", jurisdictions)
        .Set("log_index", static_cast<int64_t>(result.entry.log_index))
        .Set("summary", result.entry.summary)
        .Set("time", Service::NowUtc());
    accounts_.EnqueueDeliveries(key, event.Str(), SystemNowUtc());
    return out;
}

Recorded Campaigns::IssueNotice(const Principal& who, const NoticeRequest& req) {
    Require(who.OnAgencySide(), "only administrators and reviewers issue notices");
    std::string id;
    std::vector<std::string> geoids;
    auto result = service_.Commit(
        [&](const ReadModel& m, store::CommandRecord& command) {
            const model::Program* program = m.FindProgram(req.program);
            if (program == nullptr) {
                throw InvalidInput("program: '{}' is not a program", req.program);
            }
            Require(who.IsAdmin() || who.Reviews(program->id),
                    fmt::format("you review other programs than '{}'", program->id));
            if (req.fiscal_year < 2000 || req.fiscal_year > 2100) {
                throw InvalidInput("fiscal_year: {} is not a fiscal year", req.fiscal_year);
            }
            if (req.conditions.empty()) {
                throw InvalidInput("conditions: name at least one condition");
            }
            for (const auto& c : req.conditions) {
                const model::Condition* cond = m.FindCondition(c);
                if (cond == nullptr) {
                    throw InvalidInput("conditions: '{}' is not a condition", c);
                }
                if (cond->program != program->id) {
                    throw InvalidInput("conditions: '{}' belongs to program '{}', not '{}'", c,
                                       cond->program, program->id);
                }
            }
            CheckText("title", req.title, 300, true);
            CheckText("letter", req.letter, kMaxText, true);
            CheckText("signer", req.signer, 200, true);
            CheckText("signer_title", req.signer_title, 200, false);
            const Date today = Service::Today();
            Date deadline;
            if (!req.deadline.empty() && req.deadline_days != 0) {
                throw InvalidInput("deadline: give a date or deadline_days, not both");
            }
            if (!req.deadline.empty()) {
                deadline = ParseDay("deadline", req.deadline);
            } else if (req.deadline_days > 0 && req.deadline_days <= 3650) {
                deadline = today.AddDays(req.deadline_days);
            } else {
                throw InvalidInput(
                    "deadline: give a date (YYYY-MM-DD) or deadline_days (1-3650 days from "
                    "delivery)");
            }
            if (deadline <= today) {
                throw InvalidInput("deadline: {} is not after today ({})", deadline.ToString(),
                                   today.ToString());
            }
            // Recipients: a list's latest members, a filter, and any named by hand.
            std::set<std::string> chosen;
            if (!req.recipients_list.empty()) {
                const auto* list = m.FindList(req.recipients_list);
                if (list == nullptr || list->versions.empty()) {
                    throw InvalidInput("recipients_list: '{}' is not a list", req.recipients_list);
                }
                for (const auto& member : list->versions.back().members) {
                    if (!member.jurisdiction.empty()) {
                        chosen.insert(member.jurisdiction);
                    }
                }
            }
            if (!req.recipients_state.empty() || !req.recipients_kind.empty()) {
                JurisdictionQuery q;
                q.state = req.recipients_state;
                q.kind = req.recipients_kind;
                q.limit = kMaxRecipients + 1;
                try {
                    for (const auto* j : Service::ListJurisdictions(m, q).items) {
                        chosen.insert(j->geoid);
                    }
                } catch (const AppError& e) {
                    throw InvalidInput("recipients_state/recipients_kind: {}", e.public_message());
                }
            }
            for (const auto& ref : req.recipients) {
                chosen.insert(Service::ResolveJurisdictionField(m, ref, "recipients").geoid);
            }
            if (chosen.empty()) {
                throw InvalidInput(
                    "recipients: no recipient; pick a list, a state and kind, or jurisdictions");
            }
            if (chosen.size() > kMaxRecipients) {
                throw InvalidInput("recipients: at most {} per notice, not {}", kMaxRecipients,
                                   chosen.size());
            }
            for (const auto& [geoid, name] : req.addressees) {
                if (!chosen.contains(geoid)) {
                    throw InvalidInput("addressees: {} is not a recipient", geoid);
                }
                CheckText("addressees", name, 200, true);
            }
            id = NextId(m, fmt::format("gc-{}-{}", program->id, req.fiscal_year));
            model::Dataset d;
            d.sources.push_back(OwnSource("notices", id, program->agency, today));
            model::Notice n;
            n.id = id;
            n.kind = model::NoticeKind::kDocumentDemand;
            n.date = PartialDate::Exact(today);
            n.sender = program->agency;
            n.signer = req.signer_title.empty() ? req.signer : req.signer + ", " + req.signer_title;
            n.program = program->id;
            n.title = req.title;
            n.summary = req.letter;
            n.deadline = PartialDate::Exact(deadline);
            n.deliverables = req.deliverables;
            n.conditions = req.conditions;
            n.responses_complete = true;  // every response comes through grantcheck
            n.provenance = Cites(d.sources.back());
            for (const auto& geoid : chosen) {
                model::NoticeRecipient r;
                r.jurisdiction = geoid;
                for (const auto& [g, name] : req.addressees) {
                    if (g == geoid) {
                        r.addressee = name;
                    }
                }
                if (r.addressee.empty()) {
                    r.addressee = DefaultAddressee(*m.FindJurisdiction(geoid));
                }
                r.provenance = n.provenance;
                n.recipients.push_back(std::move(r));
                geoids.push_back(geoid);
            }
            command.summary = fmt::format("issued notice {} to {} jurisdictions, due {}", id,
                                          n.recipients.size(), deadline.ToString());
            d.notices.push_back(std::move(n));
            return d;
        },
        {"issue_notice", Actor(who), ""});
    return Finish(result, id, "notice.issued", geoids);
}

Recorded Campaigns::AmendNotice(const Principal& who, const AmendRequest& req) {
    Require(who.OnAgencySide(), "only administrators and reviewers amend notices");
    std::vector<std::string> geoids;
    auto result = service_.Commit(
        [&](const ReadModel& m, store::CommandRecord& command) {
            const model::Notice* old = m.FindNotice(req.notice);
            if (old == nullptr) {
                throw NotFound("notice: no notice '{}'", req.notice);
            }
            Require(who.IsAdmin() || who.Reviews(old->program),
                    "you do not review this notice's program");
            if (!IssuedHere(*old)) {
                throw InvalidInput(
                    "notice: '{}' is recorded history from the sources; amend it with a data "
                    "load, not here",
                    old->id);
            }
            const Date today = Service::Today();
            model::NoticeAmendment a;
            a.date = PartialDate::Exact(today);
            a.kind = req.kind;
            if (req.kind == "extension") {
                const Date d = ParseDay("deadline", req.deadline);
                if (d <= today) {
                    throw InvalidInput("deadline: {} is not after today ({})", d.ToString(),
                                       today.ToString());
                }
                a.deadline = PartialDate::Exact(d);
            } else if (req.kind == "withdrawal") {
                if (!req.deadline.empty()) {
                    throw InvalidInput("deadline: a withdrawal has no deadline");
                }
            } else {
                throw InvalidInput("kind: '{}' is not extension or withdrawal", req.kind);
            }
            for (const auto& ref : req.jurisdictions) {
                const auto& j = Service::ResolveJurisdictionField(m, ref, "jurisdictions");
                const bool recipient =
                    std::any_of(old->recipients.begin(), old->recipients.end(),
                                [&](const auto& r) { return r.jurisdiction == j.geoid; });
                if (!recipient) {
                    throw InvalidInput("jurisdictions: {} is not a recipient of {}",
                                       model::DisplayName(j), old->id);
                }
                a.jurisdictions.push_back(j.geoid);
            }
            CheckText("note", req.note, 2000, false);
            a.note = req.note;
            a.sources = old->provenance.sources;
            model::Dataset d;
            model::Notice n = *old;
            n.amendments.push_back(a);
            if (a.jurisdictions.empty()) {
                for (const auto& r : old->recipients) {
                    geoids.push_back(r.jurisdiction);
                }
            } else {
                geoids = a.jurisdictions;
            }
            command.summary =
                fmt::format("{} of notice {}{}", req.kind, old->id,
                            a.deadline ? " to " + a.deadline->ToString() : std::string());
            d.notices.push_back(std::move(n));
            return d;
        },
        {"amend_notice", Actor(who), ""});
    return Finish(result, req.notice,
                  req.kind == "extension" ? "notice.extended" : "notice.withdrawn", geoids);
}

EvidenceInfo Campaigns::UploadEvidence(const Principal& who, std::string_view content) {
    if (content.size() > kMaxEvidenceBytes) {
        throw AppError(ErrorCode::kTooLarge,
                       fmt::format("file: evidence files are at most {} MiB; this one has {} bytes",
                                   kMaxEvidenceBytes >> 20, content.size()));
    }
    // A PDF by its content: the header at the start and an end-of-file marker near the end.
    const bool header = content.starts_with("%PDF-1.") || content.starts_with("%PDF-2.");
    const auto tail = content.substr(content.size() > 1024 ? content.size() - 1024 : 0);
    if (!header || tail.find("%%EOF") == std::string_view::npos) {
        throw InvalidInput(
            "file: not a PDF (it must start with %PDF- and end with %%EOF); evidence files are "
            "PDF documents");
    }
    EvidenceInfo info{ledger::Sha256Hex(content), content.size()};
    accounts_.PutEvidence(info.sha256, content, who.account_id);
    return info;
}

std::string Campaigns::ReadEvidence(const Principal& who, const std::string& sha256) const {
    auto content = accounts_.Evidence(sha256);
    if (!content) {
        throw NotFound("no evidence file has SHA-256 '{}'", sha256);
    }
    if (who.OnAgencySide() || accounts_.EvidenceUploader(sha256) == who.account_id) {
        return std::move(*content);
    }
    const auto snap = service_.snapshot();
    for (const auto& r : snap->data().responses) {
        if (who.Certifies(r.jurisdiction) &&
            std::find(r.evidence.begin(), r.evidence.end(), sha256) != r.evidence.end()) {
            return std::move(*content);
        }
    }
    throw Forbidden("this file was submitted for another jurisdiction");
}

Recorded Campaigns::SubmitCertification(const Principal& who, const CertificationRequest& req) {
    Require(who.role == "certifier", "only a jurisdiction's certifiers submit certifications");
    CheckText("statement", req.statement, kMaxText, true);
    CheckText("signer_name", req.signer_name, 200, true);
    CheckText("signer_title", req.signer_title, 200, true);
    if (req.evidence.size() > 50) {
        throw InvalidInput("evidence: at most 50 files");
    }
    for (const auto& sha : req.evidence) {
        if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos) {
            throw InvalidInput("evidence: '{}' is not a SHA-256 (64 lower-case hex digits)", sha);
        }
        if (!accounts_.HasEvidence(sha)) {
            throw InvalidInput("evidence: no uploaded file has SHA-256 {}; upload it first", sha);
        }
    }
    std::string id;
    std::string geoid;
    auto result = service_.Commit(
        [&](const ReadModel& m, store::CommandRecord& command) {
            const auto* j = &Service::ResolveJurisdictionField(m, req.jurisdiction, "jurisdiction");
            geoid = j->geoid;
            Require(who.Certifies(j->geoid),
                    fmt::format("you do not certify for {}", model::DisplayName(*j)));
            const model::Notice* n = m.FindNotice(req.notice);
            if (n == nullptr) {
                throw InvalidInput("notice: no notice '{}'", req.notice);
            }
            if (!IssuedHere(*n)) {
                throw InvalidInput(
                    "notice: {} is recorded history from the sources; certify against a notice "
                    "issued in grantcheck",
                    n->id);
            }
            const bool addressed =
                std::any_of(n->recipients.begin(), n->recipients.end(),
                            [&](const auto& r) { return r.jurisdiction == j->geoid; });
            if (!addressed) {
                throw InvalidInput("notice: {} is not addressed to {}", n->id,
                                   model::DisplayName(*j));
            }
            const Date today = Service::Today();
            const auto status = m.engine().Evaluate(*j, today);
            for (const auto& c : status.conditions) {
                for (const auto& ob : c.obligations) {
                    if (ob.notice == n && ob.state == rules::ObligationState::kWithdrawn) {
                        throw InvalidInput("notice: {} was withdrawn for {}", n->id,
                                           model::DisplayName(*j));
                    }
                }
            }
            id = NextId(m, fmt::format("gc-cert-{}", j->geoid));
            model::Dataset d;
            d.sources.push_back(OwnSource("responses", id, model::DisplayName(*j), today));
            model::Response r;
            r.id = id;
            r.jurisdiction = j->geoid;
            r.notice = n->id;
            r.date = PartialDate::Exact(today);
            r.kind = n->kind == model::NoticeKind::kDetermination ? "response_to_finding"
                                                                  : "certification";
            r.summary = req.statement;
            r.signer = req.signer_name;
            r.signer_title = req.signer_title;
            r.evidence = req.evidence;
            r.provenance = Cites(d.sources.back());
            command.summary = fmt::format("{} {} from {} for notice {} ({} evidence files)", r.kind,
                                          id, model::DisplayName(*j), n->id, r.evidence.size());
            d.responses.push_back(std::move(r));
            return d;
        },
        {"submit_certification", Actor(who), ""});
    return Finish(result, id, "certification.submitted", {geoid});
}

Recorded Campaigns::RecordDetermination(const Principal& who, const DeterminationRequest& req) {
    std::string id;
    std::string geoid;
    std::string program;
    auto result = service_.Commit(
        [&](const ReadModel& m, store::CommandRecord& command) {
            return BuildDetermination(m, who, req, command, id, geoid, program);
        },
        {"record_determination", Actor(who), ""});
    return Finish(result, id, "determination.recorded", {geoid});
}

std::string Campaigns::CheckDetermination(const Principal& who,
                                          const DeterminationRequest& req) const {
    std::string id;
    std::string geoid;
    std::string program;
    store::CommandRecord command;
    BuildDetermination(*service_.snapshot(), who, req, command, id, geoid, program);
    return program;
}

model::Dataset Campaigns::BuildDetermination(const ReadModel& m,
                                             const Principal& who,
                                             const DeterminationRequest& req,
                                             store::CommandRecord& command,
                                             std::string& id,
                                             std::string& geoid,
                                             std::string& program) const {
    Require(who.OnAgencySide(), "only administrators and reviewers record determinations");
    if (std::find(std::begin(kOutcomes), std::end(kOutcomes), req.outcome) == std::end(kOutcomes)) {
        throw InvalidInput("outcome: '{}' is not one of {}", req.outcome,
                           fmt::join(kOutcomes, ", "));
    }
    CheckText("reasons", req.reasons, kMaxText, true);
    const auto* j = &Service::ResolveJurisdictionField(m, req.jurisdiction, "jurisdiction");
    geoid = j->geoid;
    if (req.conditions.empty()) {
        throw InvalidInput("conditions: name at least one condition");
    }
    const Date today = Service::Today();
    const auto status = m.engine().Evaluate(*j, today);
    for (const auto& c : req.conditions) {
        const model::Condition* cond = m.FindCondition(c);
        if (cond == nullptr) {
            throw InvalidInput("conditions: '{}' is not a condition", c);
        }
        if (!program.empty() && cond->program != program) {
            throw InvalidInput("conditions: all must belong to one program");
        }
        program = cond->program;
        Require(who.IsAdmin() || who.Reviews(program),
                fmt::format("you do not review program '{}'", program));
        const auto it = std::find_if(status.conditions.begin(), status.conditions.end(),
                                     [&](const auto& s) { return s.condition == cond; });
        if (it == status.conditions.end() || !it->applies) {
            throw InvalidInput("conditions: '{}' does not apply to {} on {}", c,
                               model::DisplayName(*j), today.ToString());
        }
    }
    std::optional<Date> deadline;
    if (!req.response_deadline.empty()) {
        deadline = ParseDay("response_deadline", req.response_deadline);
        if (*deadline <= today) {
            throw InvalidInput("response_deadline: {} is not after today ({})",
                               deadline->ToString(), today.ToString());
        }
    } else if (req.outcome == "preliminary_noncompliance") {
        throw InvalidInput(
            "response_deadline: a preliminary finding gives the jurisdiction a date to "
            "respond by");
    }
    for (const auto& ref : req.relied_on) {
        CheckText("relied_on", ref, 200, true);
    }
    model::NoticeRecipient rec;
    rec.jurisdiction = j->geoid;
    rec.addressee = DefaultAddressee(*j);
    rec.finding = req.outcome;
    rec.reasons = req.reasons;
    rec.relied_on = req.relied_on;
    if (req.funding) {
        const auto& f = *req.funding;
        if (std::find(std::begin(kFundingKinds), std::end(kFundingKinds), f.kind) ==
            std::end(kFundingKinds)) {
            throw InvalidInput("funding_action.kind: '{}' is not one of {}", f.kind,
                               fmt::join(kFundingKinds, ", "));
        }
        const auto awards = m.AwardsOf(j->geoid);
        const auto award = std::find_if(awards.begin(), awards.end(),
                                        [&](const auto* a) { return a->id == f.award; });
        if (award == awards.end()) {
            throw InvalidInput("funding_action.award: '{}' is not an award to {}", f.award,
                               model::DisplayName(*j));
        }
        if (f.amount &&
            (f.amount->cents() <= 0 || ((*award)->amount && *f.amount > *(*award)->amount))) {
            throw InvalidInput("funding_action.amount: {} is not between $0.01 and the award's {}",
                               f.amount->ToString(),
                               (*award)->amount ? (*award)->amount->ToString() : "amount");
        }
        if (f.kind == "withhold" && !f.amount) {
            throw InvalidInput("funding_action.amount: say how much is withheld");
        }
        rec.funding_action = f.kind;
        rec.award = f.award;
        rec.amount = f.amount;
    }
    const auto* prog = m.FindProgram(program);
    id = NextId(m, fmt::format("gc-determination-{}", j->geoid));
    model::Dataset d;
    d.sources.push_back(OwnSource("notices", id, prog->agency, today));
    model::Notice n;
    n.id = id;
    n.kind = model::NoticeKind::kDetermination;
    n.date = PartialDate::Exact(today);
    n.sender = prog->agency;
    n.signer = who.name;
    n.program = program;
    n.title = fmt::format("Determination: {} — {}", Humanize(req.outcome), model::DisplayName(*j));
    n.summary = req.reasons;
    if (deadline) {
        n.deadline = PartialDate::Exact(*deadline);
        n.deliverables = {"response"};
    }
    n.conditions = req.conditions;
    n.responses_complete = true;
    n.provenance = Cites(d.sources.back());
    rec.provenance = n.provenance;
    n.recipients.push_back(std::move(rec));
    command.summary =
        fmt::format("determination {}: {} for {}", id, req.outcome, model::DisplayName(*j));
    d.notices.push_back(std::move(n));
    return d;
}

int64_t Campaigns::SaveDraft(const Principal& who,
                             const DeterminationRequest& req,
                             std::string body) {
    store::Draft d;
    d.kind = "determination";
    d.program = CheckDetermination(who, req);
    d.author = who.account_id;
    d.body = std::move(body);
    d.summary = fmt::format("{} for {} ({})", Humanize(req.outcome), req.jurisdiction,
                            fmt::join(req.conditions, ", "));
    return accounts_.AddDraft(d);
}

std::vector<store::Draft> Campaigns::Drafts(const Principal& who) const {
    Require(who.OnAgencySide(), "only the agency side sees drafts");
    std::vector<store::Draft> out;
    for (auto& d : accounts_.Drafts()) {
        if (who.IsAdmin() || who.Reviews(d.program)) {
            out.push_back(std::move(d));
        }
    }
    return out;
}

store::Draft Campaigns::DraftToRelease(const Principal& who, int64_t id) const {
    Require(who.OnAgencySide(), "only the agency side releases drafts");
    auto d = accounts_.FindDraft(id);
    if (!d) {
        throw NotFound("id: no draft {}", id);
    }
    Require(who.IsAdmin() || who.Reviews(d->program),
            fmt::format("you do not review program '{}'", d->program));
    if (!d->released_as.empty()) {
        throw Conflict("id: draft {} was released already, as {}", id, d->released_as);
    }
    return *d;
}

void Campaigns::MarkReleased(int64_t id, const std::string& record) {
    if (!accounts_.MarkDraftReleased(id, record)) {
        throw Conflict("id: draft {} was released already", id);
    }
}

store::Webhook Campaigns::AddWebhook(const Principal& who, std::string_view url) {
    Require(who.IsAdmin(), "only administrators add webhooks");
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
        throw InvalidInput("url: '{}' is not an http:// or https:// URL", url);
    }
    if (url.size() > 2000) {
        throw InvalidInput("url: at most 2000 characters");
    }
    store::Webhook w;
    w.url = std::string(url);
    w.secret = ledger::RandomHex(32);
    w.id = accounts_.AddWebhook(w);
    return w;
}

std::string Campaigns::LetterPdf(const ReadModel& m,
                                 std::string_view notice_id,
                                 std::string_view geoid) {
    const model::Notice* n = m.FindNotice(notice_id);
    if (n == nullptr) {
        throw NotFound("no notice '{}'", notice_id);
    }
    const auto r = std::find_if(n->recipients.begin(), n->recipients.end(),
                                [&](const auto& x) { return x.jurisdiction == geoid; });
    if (r == n->recipients.end()) {
        throw NotFound("notice {} is not addressed to '{}'", n->id, geoid);
    }
    const model::Jurisdiction* j = m.FindJurisdiction(geoid);
    const model::Program* program = m.FindProgram(n->program);
    render::Letter l;
    l.letterhead = {n->sender.empty() ? "U.S. Department of Justice" : n->sender};
    if (program != nullptr) {
        l.letterhead.push_back(program->name);
    }
    l.date = LongDate(n->date);
    l.reference = fmt::format("Notice {}", n->id);
    l.addressee = r->addressee.empty() ? DefaultAddressee(*j) : r->addressee;
    l.jurisdiction = model::DisplayName(*j);
    l.subject = n->title;
    for (size_t start = 0; start < n->summary.size();) {
        size_t end = n->summary.find("\n\n", start);
        if (end == std::string::npos) {
            end = n->summary.size();
        }
        std::string p = n->summary.substr(start, end - start);
        for (size_t at; (at = p.find("{jurisdiction}")) != std::string::npos;) {
            p.replace(at, 14, l.jurisdiction);
        }
        if (!p.empty()) {
            l.body.push_back(std::move(p));
        }
        start = end + 2;
    }
    if (!r->finding.empty()) {
        l.body.push_back(fmt::format("Finding: {}.", Humanize(r->finding)));
        if (!r->reasons.empty()) {
            l.body.push_back(r->reasons);
        }
        if (!r->funding_action.empty()) {
            l.body.push_back(fmt::format("Funding action: {} {} of award {}.", r->funding_action,
                                         r->amount ? r->amount->ToString() : "the amount",
                                         r->award));
        }
    }
    for (const auto& cid : n->conditions) {
        if (const auto* c = m.FindCondition(cid)) {
            std::string text = c->summary;
            if (!c->evidence.empty()) {
                text += " Evidence required: " + c->evidence;
            }
            l.conditions.push_back({c->title, c->statute, text});
        }
    }
    // The deadline in force today for this recipient (after any extension).
    std::optional<PartialDate> due = n->deadline;
    for (const auto& a : n->amendments) {
        const bool applies = a.jurisdictions.empty() ||
                             std::find(a.jurisdictions.begin(), a.jurisdictions.end(), geoid) !=
                                 a.jurisdictions.end();
        if (applies && a.kind == "extension" && a.deadline) {
            due = a.deadline;
        }
    }
    l.deadline = due ? LongDate(*due) : "no deadline is set";
    for (auto& body : l.body) {
        for (size_t at; (at = body.find("{deadline}")) != std::string::npos;) {
            body.replace(at, 10, l.deadline);
        }
    }
    l.deliverables = n->deliverables;
    l.respond = {
        fmt::format("Sign in to grantcheck as a certifier for {} and submit a certification for "
                    "notice {}, signed by an official with authority to bind the jurisdiction, "
                    "with your evidence as PDF files. You receive a receipt you can verify.",
                    l.jurisdiction, n->id),
        fmt::format("Scripts may use the API: POST /api/v1/certifications with "
                    "{{\"notice\": \"{}\", \"jurisdiction\": \"{}\", ...}}.",
                    n->id, geoid)};
    const auto comma = n->signer.find(", ");
    l.signer = comma == std::string::npos ? n->signer : n->signer.substr(0, comma);
    l.signer_title = comma == std::string::npos ? "" : n->signer.substr(comma + 2);
    l.document_title = fmt::format("{} — {}", n->title, l.jurisdiction);
    return render::RenderLetterPdf(l);
}

}  // namespace grantcheck::app
