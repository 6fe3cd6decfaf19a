#include "grantcheck/common/date.hpp"

#include <charconv>

#include <fmt/format.h>

namespace grantcheck {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
constexpr int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

struct Ymd {
    int y;
    unsigned m;
    unsigned d;
};

constexpr Ymd CivilFromDays(int32_t z) {
    z += 719468;
    const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool IsLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned DaysInMonth(int y, unsigned m) {
    constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<unsigned> Digits(std::string_view s, size_t n) {
    if (s.size() != n) {
        return std::nullopt;
    }
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return v;
}

}  // namespace

std::optional<Date> Date::Parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    auto y = Digits(text.substr(0, 4), 4);
    auto m = Digits(text.substr(5, 2), 2);
    auto d = Digits(text.substr(8, 2), 2);
    if (!y || !m || !d || *y < 1 || *m < 1 || *m > 12 || *d < 1 ||
        *d > DaysInMonth(static_cast<int>(*y), *m)) {
        return std::nullopt;
    }
    return FromYmd(static_cast<int>(*y), *m, *d);
}

Date Date::FromYmd(int year, unsigned month, unsigned day) {
    return Date(DaysFromCivil(year, month, day));
}

int Date::year() const {
    return CivilFromDays(days_).y;
}
unsigned Date::month() const {
    return CivilFromDays(days_).m;
}
unsigned Date::day() const {
    return CivilFromDays(days_).d;
}

std::string Date::ToString() const {
    const Ymd ymd = CivilFromDays(days_);
    return fmt::format("{:04}-{:02}-{:02}", ymd.y, ymd.m, ymd.d);
}

std::optional<PartialDate> PartialDate::Parse(std::string_view text) {
    PartialDate out;
    if (!text.empty() && text.front() == '~') {
        out.approximate = true;
        text.remove_prefix(1);
    }
    if (text.size() == 10) {
        auto d = Date::Parse(text);
        if (!d) {
            return std::nullopt;
        }
        out.first = out.last = *d;
        out.precision = Precision::kDay;
        return out;
    }
    if (text.size() == 7 && text[4] == '-') {
        auto y = Digits(text.substr(0, 4), 4);
        auto m = Digits(text.substr(5, 2), 2);
        if (!y || !m || *y < 1 || *m < 1 || *m > 12) {
            return std::nullopt;
        }
        const int year = static_cast<int>(*y);
        out.first = Date::FromYmd(year, *m, 1);
        out.last = Date::FromYmd(year, *m, DaysInMonth(year, *m));
        out.precision = Precision::kMonth;
        return out;
    }
    if (auto y = Digits(text, 4); y && *y >= 1) {
        out.first = Date::FromYmd(static_cast<int>(*y), 1, 1);
        out.last = Date::FromYmd(static_cast<int>(*y), 12, 31);
        out.precision = Precision::kYear;
        return out;
    }
    return std::nullopt;
}

std::string PartialDate::ToString() const {
    std::string s = approximate ? "~" : "";
    const std::string full = first.ToString();
    switch (precision) {
        case Precision::kDay:
            return s + full;
        case Precision::kMonth:
            return s + full.substr(0, 7);
        case Precision::kYear:
            return s + full.substr(0, 4);
    }
    return s + full;
}

}  // namespace grantcheck
