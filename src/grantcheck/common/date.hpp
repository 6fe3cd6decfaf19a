#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grantcheck {

// A civil (proleptic Gregorian) calendar date with no time zone, stored as days since 1970-01-01.
// Cheap to copy and compare.
class Date {
public:
    constexpr Date() = default;
    static constexpr Date FromDays(int32_t days) { return Date(days); }

    // Parses exactly "YYYY-MM-DD" with a real month and day (2017-02-29 is rejected).
    // Returns nullopt for anything else.
    static std::optional<Date> Parse(std::string_view text);
    // REQUIRES: a valid year/month/day.
    static Date FromYmd(int year, unsigned month, unsigned day);

    int32_t days() const { return days_; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    std::string ToString() const;  // "YYYY-MM-DD"

    Date AddDays(int32_t n) const { return Date(days_ + n); }
    friend constexpr auto operator<=>(const Date&, const Date&) = default;

private:
    explicit constexpr Date(int32_t days) : days_(days) {}
    int32_t days_ = 0;
};

// A date as the sources give it: to the day, the month or the year, possibly approximate
// ("~May 2017", "early Aug 2017"). `first` is the earliest day it can mean and `last` the latest,
// so an as-of comparison can tell "certainly", "certainly not" and "cannot tell".
struct PartialDate {
    enum class Precision { kDay, kMonth, kYear };

    Date first;
    Date last;
    Precision precision = Precision::kDay;
    bool approximate = false;

    // Accepts "YYYY-MM-DD", "YYYY-MM" or "YYYY", optionally prefixed by "~" (approximate).
    static std::optional<PartialDate> Parse(std::string_view text);
    static PartialDate Exact(Date d) { return PartialDate{d, d, Precision::kDay, false}; }
    std::string ToString() const;  // round-trips through Parse
    bool exact() const { return precision == Precision::kDay && !approximate; }
    friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

}  // namespace grantcheck
