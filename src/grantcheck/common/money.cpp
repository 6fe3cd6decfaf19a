#include "grantcheck/common/money.hpp"

#include <limits>

#include <fmt/format.h>

namespace grantcheck {

std::optional<Money> Money::Parse(std::string_view text) {
    if (!text.empty() && text.front() == '$') {
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    const size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    if (whole.empty() || (dot != std::string_view::npos && (frac.empty() || frac.size() > 2))) {
        return std::nullopt;
    }
    // Commas must group thousands exactly: 1,234,567.
    const bool has_commas = whole.find(',') != std::string_view::npos;
    int64_t dollars = 0;
    size_t since_comma = 0;
    bool first_group = true;
    for (size_t i = 0; i < whole.size(); ++i) {
        const char c = whole[i];
        if (c == ',') {
            if ((first_group && (since_comma == 0 || since_comma > 3)) ||
                (!first_group && since_comma != 3)) {
                return std::nullopt;
            }
            first_group = false;
            since_comma = 0;
            continue;
        }
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        if (dollars > (std::numeric_limits<int64_t>::max() / 100 - 9) / 10) {
            return std::nullopt;
        }
        dollars = dollars * 10 + (c - '0');
        ++since_comma;
    }
    if (has_commas && since_comma != 3) {
        return std::nullopt;
    }
    int64_t cents = 0;
    for (size_t i = 0; i < 2; ++i) {
        const char c = i < frac.size() ? frac[i] : '0';
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        cents = cents * 10 + (c - '0');
    }
    return Money(dollars * 100 + cents);
}

std::string Money::ToPlain() const {
    const int64_t abs = cents_ < 0 ? -cents_ : cents_;
    return fmt::format("{}{}.{:02}", cents_ < 0 ? "-" : "", abs / 100, abs % 100);
}

std::string Money::ToString() const {
    const int64_t abs = cents_ < 0 ? -cents_ : cents_;
    std::string digits = std::to_string(abs / 100);
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            grouped += ',';
        }
        grouped += digits[i];
    }
    return fmt::format("{}${}.{:02}", cents_ < 0 ? "-" : "", grouped, abs % 100);
}

}  // namespace grantcheck
