#include <algorithm>

#include <fmt/format.h>

#include "grantcheck/common/text.hpp"
#include "grantcheck/rules/engine.hpp"

namespace grantcheck::rules {
namespace {

std::string PolicyName(const model::Policy& p) {
    return p.citation.empty() ? p.title : fmt::format("{} ({})", p.title, p.citation);
}

std::string ScopeText(const model::CourtOrder& o) {
    switch (o.scope.kind) {
        case model::ScopeKind::kNationwide:
            return "nationwide";
        case model::ScopeKind::kParties:
            return "for the parties named";
        case model::ScopeKind::kMembers:
            return fmt::format("for members of {}", o.scope.association);
        case model::ScopeKind::kState:
            return "within the state";
        case model::ScopeKind::kNone:
            return "for no one";
    }
    return "";
}

std::string OrderName(const model::CourtOrder& o) {
    return fmt::format("the {} of {}", Humanize(model::ToString(o.kind)), o.date.ToString());
}

}  // namespace

std::string Sentence(const Reason& r, const model::Jurisdiction& j);

std::string_view ToString(Reason::Code code) {
    using C = Reason::Code;
    switch (code) {
        case C::kListed:
            return "listed";
        case C::kRecipient:
            return "recipient";
        case C::kNotRecipient:
            return "not_recipient";
        case C::kNotYetApplies:
            return "not_yet_applies";
        case C::kNoLongerApplies:
            return "no_longer_applies";
        case C::kAppliesDateUncertain:
            return "applies_date_uncertain";
        case C::kBreach:
            return "breach";
        case C::kSavedByException:
            return "saved_by_exception";
        case C::kShowsCompliance:
            return "shows_compliance";
        case C::kTextInHand:
            return "text_in_hand";
        case C::kTextNotInHand:
            return "text_not_in_hand";
        case C::kNotYetInForce:
            return "not_yet_in_force";
        case C::kNoPolicy:
            return "no_policy";
        case C::kNoRule:
            return "no_rule";
        case C::kBlockedBy:
            return "blocked_by";
        case C::kMaybeBlockedBy:
            return "maybe_blocked_by";
        case C::kUnconfirmedOrder:
            return "unconfirmed_order";
        case C::kNoteOrder:
            return "order_does_not_reach";
    }
    return "";
}

std::string Describe(const Reason& r, const model::Jurisdiction& j) {
    std::string text = Sentence(r, j);
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

std::string Sentence(const Reason& r, const model::Jurisdiction& j) {
    using C = Reason::Code;
    switch (r.code) {
        case C::kListed:
            return fmt::format("Named on {}.", r.list != nullptr ? r.list->title : "a list");
        case C::kRecipient:
            return fmt::format("The program's recipients include this kind of jurisdiction ({}).",
                               model::ToString(j.kind));
        case C::kNotRecipient:
            return fmt::format("The program's recipients do not include a {}.",
                               model::ToString(j.kind));
        case C::kNotYetApplies:
            return "The condition did not apply yet on this date.";
        case C::kNoLongerApplies:
            return "The condition no longer applied on this date.";
        case C::kAppliesDateUncertain:
            return "When the condition began to apply is known only to the month or year: on this "
                   "date it may not have applied yet.";
        case C::kBreach:
            return fmt::format("{}: {} No exception the rule accepts.", PolicyName(*r.policy),
                               r.provision->summary);
        case C::kSavedByException: {
            std::string exceptions;
            for (const auto& e : r.provision->exceptions) {
                exceptions += (exceptions.empty() ? "" : ", ") + e;
            }
            return fmt::format(
                "{}: {} It keeps an exception the rule accepts ({}), so it is not a "
                "breach.",
                PolicyName(*r.policy), r.provision->summary, exceptions);
        }
        case C::kShowsCompliance:
            return fmt::format("{}: {}", PolicyName(*r.policy), r.provision->summary);
        case C::kTextInHand:
            return "The full text of the policies in force is in hand and no provision breaches "
                   "the rule.";
        case C::kTextNotInHand:
            return fmt::format(
                "{} is known only from what sources say about it, not from its "
                "text: other provisions may exist.",
                PolicyName(*r.policy));
        case C::kNotYetInForce:
            return fmt::format("{} is known to be in force only from {}.", PolicyName(*r.policy),
                               r.policy->in_force_by->ToString());
        case C::kNoPolicy:
            return fmt::format("No policy of {} (or of its county or state) is in the data.",
                               model::DisplayName(j));
        case C::kNoRule:
            return "The condition has no rule over policies: it is met by delivering what the "
                   "notices ask for.";
        case C::kBlockedBy:
            return fmt::format("{} in {} covers this condition {}.", OrderName(*r.order),
                               r.kase->title, ScopeText(*r.order));
        case C::kMaybeBlockedBy:
            return fmt::format(
                "{} in {} may cover {} ({}): its date or its reach to {} is not "
                "certain.",
                OrderName(*r.order), r.kase->title, model::DisplayName(j), ScopeText(*r.order),
                model::DisplayName(j));
        case C::kUnconfirmedOrder:
            return fmt::format("The facts of {} in {} are not confirmed by the sources: {}",
                               OrderName(*r.order), r.kase->title, r.order->provenance.note);
        case C::kNoteOrder:
            return fmt::format("{} in {} does not reach {}.", OrderName(*r.order), r.kase->title,
                               model::DisplayName(j));
    }
    return "";
}

}  // namespace grantcheck::rules
