#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace grantcheck {

// One CSV record with the line it starts on (1-based), for error messages.
struct CsvRow {
    size_t line = 0;
    std::vector<std::string> fields;
};

// Parses RFC 4180 CSV: comma-separated, fields optionally in double quotes, "" for a quote inside
// quotes, newlines allowed inside quotes, CRLF or LF line ends. Blank lines are skipped.
// Throws AppError(kInvalidInput) naming `file:line` for an unterminated quote or a stray quote.
std::vector<CsvRow> ParseCsv(std::string_view text, std::string_view file);

// Formats one CSV record (quotes a field only when needed), with "\r\n" at the end as RFC 4180
// says.
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace grantcheck
