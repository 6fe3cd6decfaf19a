#include "grantcheck/model/records.hpp"

#include <array>
#include <utility>

namespace grantcheck::model {
namespace {

template <typename E, size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Confidence, 3> kConfidence{{
    {Confidence::kConfirmed, "confirmed"},
    {Confidence::kUnconfirmed, "unconfirmed"},
    {Confidence::kConflict, "conflict"},
}};
constexpr Names<JurisdictionKind, 6> kJurisdictionKind{{
    {JurisdictionKind::kNation, "nation"},
    {JurisdictionKind::kState, "state"},
    {JurisdictionKind::kDistrict, "district"},
    {JurisdictionKind::kTerritory, "territory"},
    {JurisdictionKind::kCounty, "county"},
    {JurisdictionKind::kCity, "city"},
}};
constexpr Names<NoticeKind, 5> kNoticeKind{{
    {NoticeKind::kGuidance, "guidance"},
    {NoticeKind::kReminder, "reminder"},
    {NoticeKind::kDetermination, "determination"},
    {NoticeKind::kDocumentDemand, "document_demand"},
    {NoticeKind::kOther, "other"},
}};
constexpr Names<OrderKind, 11> kOrderKind{{
    {OrderKind::kTro, "tro"},
    {OrderKind::kPreliminaryInjunction, "preliminary_injunction"},
    {OrderKind::kPermanentInjunction, "permanent_injunction"},
    {OrderKind::kJudgment, "judgment"},
    {OrderKind::kStay, "stay"},
    {OrderKind::kLiftStay, "lift_stay"},
    {OrderKind::kVacatur, "vacatur"},
    {OrderKind::kAppellateRuling, "appellate_ruling"},
    {OrderKind::kClarification, "clarification"},
    {OrderKind::kDismissal, "dismissal"},
    {OrderKind::kOther, "other"},
}};
constexpr Names<ScopeKind, 5> kScopeKind{{
    {ScopeKind::kNationwide, "nationwide"},
    {ScopeKind::kParties, "parties"},
    {ScopeKind::kMembers, "members"},
    {ScopeKind::kState, "state"},
    {ScopeKind::kNone, "none"},
}};

template <typename E, size_t N>
std::string_view Find(const Names<E, N>& names, E e) {
    for (const auto& [k, v] : names) {
        if (k == e) {
            return v;
        }
    }
    return "unknown";
}

template <typename E, size_t N>
std::optional<E> Parse(const Names<E, N>& names, std::string_view s) {
    for (const auto& [k, v] : names) {
        if (v == s) {
            return k;
        }
    }
    return std::nullopt;
}

template <typename E, size_t N>
std::vector<std::string_view> All(const Names<E, N>& names) {
    std::vector<std::string_view> out;
    for (const auto& entry : names) {
        out.push_back(entry.second);
    }
    return out;
}

}  // namespace

std::string_view ToString(Confidence c) {
    return Find(kConfidence, c);
}
std::string_view ToString(JurisdictionKind k) {
    return Find(kJurisdictionKind, k);
}
std::string_view ToString(NoticeKind k) {
    return Find(kNoticeKind, k);
}
std::string_view ToString(OrderKind k) {
    return Find(kOrderKind, k);
}
std::string_view ToString(ScopeKind k) {
    return Find(kScopeKind, k);
}
std::optional<Confidence> ParseConfidence(std::string_view s) {
    return Parse(kConfidence, s);
}
std::optional<JurisdictionKind> ParseJurisdictionKind(std::string_view s) {
    return Parse(kJurisdictionKind, s);
}
std::optional<NoticeKind> ParseNoticeKind(std::string_view s) {
    return Parse(kNoticeKind, s);
}
std::optional<OrderKind> ParseOrderKind(std::string_view s) {
    return Parse(kOrderKind, s);
}
std::optional<ScopeKind> ParseScopeKind(std::string_view s) {
    return Parse(kScopeKind, s);
}
std::vector<std::string_view> ConfidenceNames() {
    return All(kConfidence);
}
std::vector<std::string_view> JurisdictionKindNames() {
    return All(kJurisdictionKind);
}
std::vector<std::string_view> NoticeKindNames() {
    return All(kNoticeKind);
}
std::vector<std::string_view> OrderKindNames() {
    return All(kOrderKind);
}
std::vector<std::string_view> ScopeKindNames() {
    return All(kScopeKind);
}

std::string DisplayName(const Jurisdiction& j) {
    switch (j.kind) {
        case JurisdictionKind::kCounty:
        case JurisdictionKind::kCity:
            return j.usps.empty() ? j.name : j.name + ", " + j.usps;
        default:
            return j.name;
    }
}

}  // namespace grantcheck::model
