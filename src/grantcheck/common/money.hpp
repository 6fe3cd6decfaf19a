#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grantcheck {

// An amount of U.S. dollars in integer cents. No floating point anywhere near money.
class Money {
public:
    constexpr Money() = default;
    constexpr explicit Money(int64_t cents) : cents_(cents) {}

    // Accepts "1234", "1234.5", "1234.56", "$1,234.56" (commas only as thousands separators).
    // Returns nullopt for anything else, including more than two decimals and negative amounts.
    static std::optional<Money> Parse(std::string_view text);

    constexpr int64_t cents() const { return cents_; }
    std::string ToString() const;  // "$1,234.56"
    std::string ToPlain() const;   // "1234.56", as in CSV and JSON strings

    friend constexpr auto operator<=>(const Money&, const Money&) = default;
    friend constexpr Money operator+(Money a, Money b) { return Money(a.cents_ + b.cents_); }

private:
    int64_t cents_ = 0;
};

}  // namespace grantcheck
