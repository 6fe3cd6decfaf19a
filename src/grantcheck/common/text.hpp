#pragma once

#include <string>
#include <string_view>

namespace grantcheck {

// Escapes text for a JSON string (without the quotes): '"', '\' and control characters, the
// latter as \n, \r, \t or \u00XX. Bytes >= 0x80 pass through (UTF-8 stays UTF-8).
std::string JsonEscape(std::string_view s);

// The value of a hexadecimal digit (either case), or -1 for any other character.
int HexDigit(char c);

// "preliminary_injunction" -> "preliminary injunction": identifiers shown to people.
std::string Humanize(std::string_view identifier);

}  // namespace grantcheck
