#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "grantcheck/rules/status.hpp"

namespace grantcheck::rules {

// One dated change in a jurisdiction's status, derived by evaluating the status before and after
// each date on which something about it happens: a timeline never disagrees with the status.
struct Change {
    enum class Kind {
        kListed,
        kDelisted,
        kConditionApplies,
        kConditionEnds,
        kNoticeReceived,
        kDeadline,
        kDeadlineExtended,
        kObligationMet,
        kObligationMetLate,
        kObligationMissed,
        kObligationNotRecorded,
        kNoticeWithdrawn,
        kDetermination,
        kEnjoined,
        kEnforceableAgain,
        kProtectionUncertain,
        kAssessmentChanged,
    };
    Date date;
    Kind kind;
    const model::Condition* condition = nullptr;
    const model::DesignationList* list = nullptr;
    const model::Notice* notice = nullptr;
    const model::CourtOrder* order = nullptr;
    const model::Case* kase = nullptr;
    std::string text;  // one sentence for people
};

std::string_view ToString(Change::Kind k);

// Evaluates conditions, obligations and court orders against the data, for any jurisdiction and
// date. Pure: no I/O, no clock. Built once per snapshot (it compiles the rules, policies and
// orders into indexed form) and immutable afterwards, so any number of threads may use it.
// `data` must outlive the engine and everything it returns.
class Engine {
public:
    static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

    explicit Engine(const model::Dataset& data);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Everything about `j` on `as_of`, with reasons. Conditions in the data's order.
    Status Evaluate(const model::Jurisdiction& j, Date as_of) const;

    // The compact answer for jurisdiction `j` (index into data.jurisdictions) and condition
    // `c` (index into data.conditions), without reasons: what maps and bulk tables use.
    Summary Summarize(uint32_t j, uint32_t c, Date as_of) const;

    // One condition's status for `j`, with reasons, as Evaluate gives it. Both must be records
    // of the engine's data.
    ConditionStatus EvaluateCondition(const model::Jurisdiction& j,
                                      const model::Condition& c,
                                      Date as_of) const;

    // Every dated change of `j`'s status, oldest first.
    std::vector<Change> History(const model::Jurisdiction& j) const;

    // The index of a jurisdiction in data.jurisdictions, or kNone.
    uint32_t IndexOf(std::string_view geoid) const;

    // The first day the data says anything dated (the earliest list, notice, order or condition).
    Date earliest() const { return earliest_; }

private:
    struct Provision {
        const model::Policy* policy;
        const model::Provision* provision;
        uint32_t type_bit;
        uint64_t exceptions;
        int32_t from;      // first day it is certainly in force
        bool from_known;   // false when only in_force_by is known
        int32_t repealed;  // first day it may be repealed (max when never)
    };
    struct PolicyInfo {
        const model::Policy* policy;
        int32_t from;      // first day it is certainly in force
        bool from_known;   // false when only in_force_by is known
        int32_t repealed;  // first day it may be repealed (max when never)
    };
    struct Clause {
        uint32_t type_bit;
        uint64_t unless;
    };
    struct Scope {
        model::ScopeKind kind;
        std::vector<uint32_t> jurisdictions;  // sorted indices
        std::vector<uint64_t> members;        // the same as a bit set, for O(1) tests
        bool Has(uint32_t j) const {
            return j != kNone && (j >> 6) < members.size() &&
                   ((members[j >> 6] >> (j & 63)) & 1) != 0;
        }
    };
    struct Order {
        const model::Case* kase;
        const model::CourtOrder* order;
        int32_t first;
        int32_t last;
        bool confirmed;
        Scope scope;
        std::vector<uint32_t> affected_by;  // indices of orders that replace its scope, by date
    };
    struct Condition {
        const model::Condition* condition;
        uint32_t kinds;  // bit per JurisdictionKind
        int32_t from_first;
        int32_t from_last;
        int32_t until;  // first day it no longer applies (max when never)
        std::vector<Clause> breach;
        uint64_t breach_types;
        uint64_t comply_types;
        std::vector<uint32_t> orders;  // orders that cover it
        // The same orders, split so that one jurisdiction looks only at those that may reach
        // it: `everywhere` may reach any jurisdiction (a nationwide or association scope, now or
        // after a stay); the others are listed under each jurisdiction (or state) that one of
        // their scopes names (CSR layout: reach_orders[reach_offsets[j] .. reach_offsets[j+1])).
        std::vector<uint32_t> everywhere;
        std::vector<uint32_t> reach_offsets;
        std::vector<uint32_t> reach_orders;
    };
    struct Addressed {
        const model::Notice* notice;
        const model::NoticeRecipient* recipient;
    };
    enum class Cover { kNo, kMaybe, kYes };

    void IndexReach(Condition& c, uint32_t jurisdictions) const;
    Cover Covers(const Scope& scope, uint32_t j) const;
    Cover OrderCovers(const Order& o, uint32_t j, int32_t day, const Order** scope_by) const;
    template <bool kWithReasons>
    void Assess(const Condition& c,
                uint32_t j,
                int32_t day,
                ConditionStatus* out,
                Assessment* assessment) const;
    void Candidates(const Condition& c, uint32_t j, std::vector<uint32_t>* out) const;
    template <bool kWithReasons>
    void Enforce(const Condition& c,
                 uint32_t j,
                 int32_t day,
                 ConditionStatus* out,
                 bool* enforceable,
                 bool* certain) const;
    Obligation Oblige(const model::Notice& n, const model::Jurisdiction& j, int32_t day) const;
    ConditionStatus EvaluateCondition(uint32_t ci, uint32_t j, Date as_of) const;
    std::vector<int32_t> Ancestry(uint32_t j) const;

    const model::Dataset& data_;
    Date earliest_;
    std::unordered_map<std::string_view, uint32_t> index_;
    std::vector<uint32_t> state_of_;
    std::vector<uint32_t> county_of_;
    std::vector<std::vector<uint32_t>> provisions_of_;  // own provisions, by jurisdiction
    std::vector<std::vector<PolicyInfo>> policies_of_;
    std::vector<uint32_t> kind_bits_;  // KindBit of each jurisdiction, kept dense for the hot path
    std::vector<Provision> provisions_;
    std::vector<Condition> conditions_;
    std::vector<Order> orders_;
    std::vector<std::vector<Addressed>> addressed_;  // notices to each jurisdiction, by date
    std::unordered_map<std::string, const model::Response*> responses_;  // "notice\x1fgeoid"
    std::vector<std::vector<const model::Award*>> awards_of_;
};

}  // namespace grantcheck::rules
