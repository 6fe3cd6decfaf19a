#pragma once

// What grantcheck answers for a jurisdiction on a date: the lists naming it, and per condition
// whether it applies, whether the jurisdiction's law likely complies, what it owes by when,
// what the agency decided, and whether the condition is enforceable against it or blocked by a
// court order. Every conclusion carries the reasons that drive it, as pointers to the records
// (the Dataset the Engine was built from must outlive the results).

#include <optional>
#include <string>
#include <vector>

#include "grantcheck/model/dataset.hpp"

namespace grantcheck::rules {

enum class Assessment { kLikelyCompliant, kLikelyBreach, kUnknown };
enum class ObligationState { kOpen, kExtended, kMet, kMetLate, kMissed, kNotRecorded, kWithdrawn };
// Whether a conclusion is certain, or depends on a date or scope the sources do not pin down.
enum class Certainty { kCertain, kUncertain };

std::string_view ToString(Assessment a);
std::string_view ToString(ObligationState s);

// Why a conclusion holds. `code` says what kind of reason; the pointers name the records.
struct Reason {
    enum class Code {
        kListed,                // member: the jurisdiction is on a list version
        kRecipient,             // condition applies: the program's recipients include its kind
        kNotRecipient,          // condition does not apply to this kind of jurisdiction
        kNotYetApplies,         // condition: before applies_from
        kNoLongerApplies,       // condition: after applies_until
        kAppliesDateUncertain,  // condition: applies_from is not pinned to a day
        kBreach,                // provision breaches the condition's rule
        kSavedByException,      // provision would breach but keeps an exception the rule accepts
        kShowsCompliance,       // provision is one the rule counts as compliance
        kTextInHand,            // the policies' full text is in hand and nothing breaches
        kTextNotInHand,         // policy known only from what sources say
        kNotYetInForce,         // policy: only known to be in force from a later date
        kNoPolicy,              // no policy of the jurisdiction (or its state/county) in the data
        kNoRule,                // the condition has no rule over policies
        kBlockedBy,             // order covers the condition for the jurisdiction
        kMaybeBlockedBy,        // order may cover it (uncertain date or membership)
        kUnconfirmedOrder,      // the blocking order's facts are unconfirmed
        kNoteOrder,             // an order covers the condition but not this jurisdiction
    };
    Code code;
    const model::Policy* policy = nullptr;
    const model::Provision* provision = nullptr;
    const model::Case* kase = nullptr;
    const model::CourtOrder* order = nullptr;
    const model::Notice* notice = nullptr;
    const model::DesignationList* list = nullptr;
};

// The code's snake_case name ("saved_by_exception"), for JSON and test cases.
std::string_view ToString(Reason::Code code);

// Describes a reason in one sentence for people (the record names, dates and why).
std::string Describe(const Reason& reason, const model::Jurisdiction& j);

struct ListNaming {
    const model::DesignationList* list;
    const model::ListVersion* version;
    const model::ListMember* member;
    Certainty certainty;  // kUncertain when the version's date is not pinned to a day
};

struct Obligation {
    const model::Notice* notice;
    PartialDate due;                      // the deadline in force on the date (after extensions)
    std::optional<PartialDate> original;  // the first deadline, when extended
    ObligationState state;
    const model::Response* response = nullptr;
    Certainty certainty = Certainty::kCertain;
};

struct Determination {
    const model::Notice* notice;
    const model::NoticeRecipient* recipient;  // recipient->finding is the outcome
};

struct Block {
    const model::Case* kase;
    const model::CourtOrder* order;     // the order that protects
    const model::CourtOrder* scope_by;  // the order whose scope is in force (itself, or a stay...)
    Certainty certainty;
};

struct ConditionStatus {
    const model::Condition* condition;
    bool applies = false;
    Certainty applies_certainty = Certainty::kCertain;
    std::vector<Reason> applies_reasons;
    Assessment assessment = Assessment::kUnknown;
    std::vector<Reason> reasons;
    std::vector<Obligation> obligations;
    std::optional<Determination> determination;
    bool enforceable = true;
    Certainty enforceable_certainty = Certainty::kCertain;
    std::vector<Block> blocked_by;
    std::vector<Reason> enforceable_reasons;
    std::vector<const model::Award*> awards;  // at stake: the program's awards in its years
};

struct Status {
    const model::Jurisdiction* jurisdiction;
    Date as_of;
    std::vector<ListNaming> lists;
    std::vector<ConditionStatus> conditions;
};

// Money at stake: the known amounts of some awards summed, the awards counted, and those with no
// known amount counted apart (never guessed).
struct Stake {
    Money known;
    int awards = 0;
    int unknown = 0;
};
// The awards of one condition's status.
Stake StakeOf(const ConditionStatus& c);
// The awards of every condition that applies, each award once (one award is often at stake
// under several conditions of its program and year).
Stake StakeOf(const Status& s);

// The few facts of a (jurisdiction, condition) pair that maps and tables need, computed without
// reasons: the fast path for every jurisdiction at once.
struct Summary {
    bool applies;
    Assessment assessment;
    bool enforceable;
    bool certain;  // enforceability certain
    bool has_obligation;
    ObligationState obligation;  // the most pressing one, when has_obligation
    bool has_determination;
    // The latest determination's outcome (recipient->finding), when has_determination.
    const model::NoticeRecipient* determination;
    // Money at stake: the program's awards in the condition's fiscal years.
    Stake stake;
};

}  // namespace grantcheck::rules
