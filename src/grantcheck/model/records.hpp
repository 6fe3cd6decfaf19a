#pragma once

// The value types of grantcheck's world: jurisdictions, the lists that name them, programs and
// their conditions, notices, court cases and orders, awards, and the sources every fact cites.
// Plain data with no I/O; invariants are checked by model::Validate (dataset.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grantcheck/common/date.hpp"
#include "grantcheck/common/money.hpp"

namespace grantcheck::model {

// How sure the sources are of a record. kConflict: sources disagree and the alternatives are kept
// beside the record; kUnconfirmed: no source confirms it (FACTS.md section 6).
enum class Confidence { kConfirmed, kUnconfirmed, kConflict };

// A value that another source gives for one field of a record, kept rather than resolved.
struct Alternative {
    std::string field;
    std::string value;
    std::vector<std::string> sources;
    std::string note;
    friend bool operator==(const Alternative&, const Alternative&) = default;
};

// Where a record comes from and how sure that is. Every record has one, with at least one source.
struct Provenance {
    std::vector<std::string> sources;  // Source ids
    Confidence confidence = Confidence::kConfirmed;
    std::string note;
    std::vector<Alternative> alternatives;
    friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct Source {
    std::string id;
    std::string url;
    std::string title;
    std::string publisher;
    std::optional<PartialDate> date;
    std::string reliability;  // "primary", "secondary" or "low" (FACTS.md 6.15)
    friend bool operator==(const Source&, const Source&) = default;
};

enum class JurisdictionKind { kNation, kState, kDistrict, kTerritory, kCounty, kCity };

struct Jurisdiction {
    // Census GEOID: 2 digits for a state, D.C. or territory; 5 for a county (state + county);
    // 7 for a place (state + place). The nation is "US".
    std::string geoid;
    JurisdictionKind kind = JurisdictionKind::kCounty;
    std::string name;          // "Chicago", "Cook County", "Illinois"
    std::string state_geoid;   // the enclosing state's GEOID (itself for a state)
    std::string county_geoid;  // for a place, the county it lies in (its principal one)
    std::string usps;          // the state's postal code, "IL"
    std::string ocd_id;        // Open Civic Data division id, where known
    Provenance provenance;
    friend bool operator==(const Jurisdiction&, const Jurisdiction&) = default;
};

// One jurisdiction on a designation list, as the list named it.
struct ListMember {
    std::string jurisdiction;             // GEOID; empty when the name does not resolve
    std::string as_named;                 // how the list wrote it: "Middlesex, New Jersey"
    std::vector<std::string> candidates;  // GEOIDs it might mean, when unresolved or disputed
    Provenance provenance;
    friend bool operator==(const ListMember&, const ListMember&) = default;
};

struct ListVersion {
    int version = 1;
    PartialDate published;
    std::optional<PartialDate> withdrawn;
    std::string note;
    std::vector<ListMember> members;
    friend bool operator==(const ListVersion&, const ListVersion&) = default;
};

struct DesignationList {
    std::string id;
    std::string title;
    std::string issuer;
    std::string basis;  // what the issuer said the list means
    std::optional<int>
        stated_count;  // the count the issuer or press gave, to check members against
    std::vector<ListVersion> versions;  // ascending by version
    Provenance provenance;
    friend bool operator==(const DesignationList&, const DesignationList&) = default;
};

struct Program {
    std::string id;                  // "byrne-jag"
    std::string name;                // "Edward Byrne Memorial Justice Assistance Grant"
    std::string agency;              // "DOJ Office of Justice Programs, BJA"
    std::string assistance_listing;  // "16.738"
    std::string description;
    Provenance provenance;
    friend bool operator==(const Program&, const Program&) = default;
};

// One clause of a condition's rule: a provision of this type breaches the condition unless the
// provision keeps one of the listed exceptions.
struct RuleClause {
    std::string provision;            // provision type id (vocabulary)
    std::vector<std::string> unless;  // exception ids (vocabulary)
    friend bool operator==(const RuleClause&, const RuleClause&) = default;
};

// What would breach a condition, over provision types and exceptions (data/README.md).
struct ConditionRule {
    std::vector<RuleClause> breached_by;
    std::vector<std::string> complied_by;  // provision types that show compliance
    friend bool operator==(const ConditionRule&, const ConditionRule&) = default;
};

struct Condition {
    std::string id;  // "jag-2017-access"
    std::string program;
    std::vector<int> fiscal_years;
    // When the condition starts and stops applying to the program's recipients.
    std::optional<PartialDate> applies_from;
    std::optional<PartialDate> applies_until;
    std::vector<JurisdictionKind> recipient_kinds;  // who receives the program
    ConditionRule rule;
    std::string title;
    std::string summary;
    std::string statute;          // "8 U.S.C. § 1373(a), (b)"
    std::string evidence;         // what the recipient must deliver
    std::string award_condition;  // the condition numbers in the award document, where known
    Provenance provenance;
    friend bool operator==(const Condition&, const Condition&) = default;
};

// One addressee of a notice, with what the notice found about it when it is a determination.
struct NoticeRecipient {
    std::string jurisdiction;  // GEOID
    std::string addressee;     // official or office addressed, where known
    std::string finding;       // for determination letters: e.g. "preliminary_noncompliance"
    Provenance provenance;
    // For a determination recorded in grantcheck: why, the records relied on (provision ids,
    // evidence SHA-256s, response ids), and what it does to the money.
    std::string reasons{};
    std::vector<std::string> relied_on{};
    std::string funding_action{};  // "", "hold", "withhold", "release" or "reallocate"
    std::string award{};           // Award id the action is against
    std::optional<Money> amount{};
    friend bool operator==(const NoticeRecipient&, const NoticeRecipient&) = default;
};

enum class NoticeKind { kGuidance, kReminder, kDetermination, kDocumentDemand, kOther };

// A later change to a notice: its deadline extended, or the notice withdrawn, for all its
// recipients or the listed ones. Never an overwrite: the notice keeps its first deadline.
struct NoticeAmendment {
    PartialDate date;
    std::string kind;                        // "extension" or "withdrawal"
    std::optional<PartialDate> deadline;     // the new deadline, for an extension
    std::vector<std::string> jurisdictions;  // empty: every recipient
    std::string note;
    std::vector<std::string> sources;
    friend bool operator==(const NoticeAmendment&, const NoticeAmendment&) = default;
};

struct Notice {
    std::string id;
    NoticeKind kind = NoticeKind::kOther;
    PartialDate date;
    std::string sender;
    std::string signer;
    std::string program;
    std::string title;
    std::string summary;
    std::optional<PartialDate> deadline;
    std::vector<std::string> deliverables;  // "documentation", "legal opinion", ...
    std::vector<std::string> conditions;    // Condition ids
    std::vector<NoticeRecipient> recipients;
    std::vector<NoticeAmendment> amendments;
    // Whether every response to this notice is recorded: only then does a deadline passed without
    // a response count as missed (bundled historical notices are "partial").
    bool responses_complete = true;
    Provenance provenance;
    friend bool operator==(const Notice&, const Notice&) = default;
};

// What a jurisdiction delivered in answer to a notice: a certification, a legal opinion,
// documents, a response to a finding.
struct Response {
    std::string id;
    std::string jurisdiction;
    std::string notice;
    PartialDate date;
    std::string kind;
    std::string summary;
    Provenance provenance;
    // For a certification submitted in grantcheck: who signed it, and its evidence files.
    std::string signer{};
    std::string signer_title{};
    std::vector<std::string> evidence{};  // SHA-256 (hex) of each file, in order
    friend bool operator==(const Response&, const Response&) = default;
};

// A typed clause of a policy (data/vocabulary.yaml lists the types and exceptions).
struct Provision {
    std::string id;
    std::string type;
    std::vector<std::string> exceptions;
    std::string summary;
    std::string citation;
    Provenance provenance;
    friend bool operator==(const Provision&, const Provision&) = default;
};

// An ordinance, statute, executive order or police/sheriff policy of a jurisdiction.
struct Policy {
    std::string id;
    std::string jurisdiction;
    std::string kind;  // "ordinance", "statute", "executive_order", "police_policy", ...
    std::string title;
    std::string citation;
    std::optional<PartialDate> adopted;
    std::optional<PartialDate> effective;
    std::optional<PartialDate> repealed;
    // When neither adopted nor effective is known: the policy was in force no later than this
    // (e.g. the date of a letter that cites it). Before it, whether it applied is unknown.
    std::optional<PartialDate> in_force_by;
    // Whether the provisions below come from the text itself; if not, they are what sources
    // say about it, and a policy without a known breach says nothing about compliance.
    bool text_in_hand = false;
    std::string summary;
    std::vector<Provision> provisions;
    Provenance provenance;
    friend bool operator==(const Policy&, const Policy&) = default;
};

// A provision type or an exception that rules and provisions may name.
struct Term {
    std::string id;
    std::string kind;  // "provision" or "exception"
    std::string description;
    friend bool operator==(const Term&, const Term&) = default;
};

enum class OrderKind {
    kTro,
    kPreliminaryInjunction,
    kPermanentInjunction,
    kJudgment,
    kStay,
    kLiftStay,
    kVacatur,
    kAppellateRuling,
    kClarification,
    kDismissal,
    kOther,
};

enum class ScopeKind {
    kNationwide,  // every jurisdiction
    kParties,     // the named plaintiffs (jurisdictions below)
    kMembers,     // the members of an association (association below) and the parties named
    kState,       // a state and every jurisdiction in it (jurisdictions below: state GEOIDs)
    kNone,        // the order protects no one (a dismissal, a ruling for the government)
};

struct OrderScope {
    ScopeKind kind = ScopeKind::kNone;
    std::vector<std::string> jurisdictions;
    std::string association;
    std::string description;
    friend bool operator==(const OrderScope&, const OrderScope&) = default;
};

struct CourtOrder {
    std::string id;
    PartialDate date;
    OrderKind kind = OrderKind::kOther;
    std::string court;
    std::string summary;
    std::string citation;                 // reporter citation or docket entry
    std::vector<std::string> conditions;  // Condition ids it covers
    OrderScope scope;
    std::string affects;  // the id of an earlier order this one stays, narrows, lifts or vacates
    Provenance provenance;
    friend bool operator==(const CourtOrder&, const CourtOrder&) = default;
};

struct CaseParty {
    std::string jurisdiction;  // GEOID, empty for a non-jurisdiction party
    std::string name;
    std::string role;  // "plaintiff", "defendant", "intervenor", "appellee", ...
    friend bool operator==(const CaseParty&, const CaseParty&) = default;
};

struct Case {
    std::string id;
    std::string title;
    std::string court;
    std::string docket;
    std::string judge;
    std::optional<PartialDate> filed;
    std::string outcome;
    std::vector<CaseParty> parties;
    std::vector<CourtOrder> orders;  // ascending by date
    Provenance provenance;
    friend bool operator==(const Case&, const Case&) = default;
};

struct Award {
    std::string id;
    std::string program;
    int fiscal_year = 0;
    std::string jurisdiction;     // GEOID; "US" for a program-wide figure
    std::optional<Money> amount;  // empty when unknown: never guessed
    bool approximate = false;     // the source gives a rounded figure ("$4.3M")
    std::string amount_text;      // the amount as the source wrote it
    std::string kind;             // "eligible_local", "state_total", "direct", "subgrant", ...
    std::string description;
    Provenance provenance;
    friend bool operator==(const Award&, const Award&) = default;
};

std::string_view ToString(Confidence c);
std::string_view ToString(JurisdictionKind k);
std::string_view ToString(NoticeKind k);
std::string_view ToString(OrderKind k);
std::string_view ToString(ScopeKind k);
std::optional<Confidence> ParseConfidence(std::string_view s);
std::optional<JurisdictionKind> ParseJurisdictionKind(std::string_view s);
std::optional<NoticeKind> ParseNoticeKind(std::string_view s);
std::optional<OrderKind> ParseOrderKind(std::string_view s);
std::optional<ScopeKind> ParseScopeKind(std::string_view s);

// The words each enum accepts, for error messages and the OpenAPI document.
std::vector<std::string_view> ConfidenceNames();
std::vector<std::string_view> JurisdictionKindNames();
std::vector<std::string_view> NoticeKindNames();
std::vector<std::string_view> OrderKindNames();
std::vector<std::string_view> ScopeKindNames();

// "Chicago, IL", "Cook County, IL", "Illinois".
std::string DisplayName(const Jurisdiction& j);

}  // namespace grantcheck::model
