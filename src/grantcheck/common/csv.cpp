#include "grantcheck/common/csv.hpp"

#include "grantcheck/common/error.hpp"

namespace grantcheck {

std::vector<CsvRow> ParseCsv(std::string_view text, std::string_view file) {
    std::vector<CsvRow> rows;
    size_t line = 1;
    size_t i = 0;
    if (text.starts_with("\xEF\xBB\xBF")) {
        i = 3;  // UTF-8 byte order mark
    }
    while (i < text.size()) {
        if (text[i] == '\n' || text[i] == '\r') {  // blank line
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            ++i;
            ++line;
            continue;
        }
        CsvRow row;
        row.line = line;
        std::string field;
        bool done = false;
        while (!done) {
            if (i < text.size() && text[i] == '"') {
                const size_t start_line = line;
                ++i;
                for (;;) {
                    if (i >= text.size()) {
                        throw InvalidInput("{}:{}: unterminated quoted field", file, start_line);
                    }
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n') {
                        ++line;
                    }
                    field += text[i++];
                }
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    throw InvalidInput("{}:{}: unexpected character after a closing quote", file,
                                       line);
                }
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
                    if (text[i] == '"') {
                        throw InvalidInput(
                            "{}:{}: a quote inside an unquoted field (quote the whole field and "
                            "double the quote)",
                            file, line);
                    }
                    field += text[i++];
                }
            }
            row.fields.push_back(std::move(field));
            field.clear();
            if (i >= text.size()) {
                done = true;
            } else if (text[i] == ',') {
                ++i;
            } else {
                if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                    ++i;
                }
                ++i;
                ++line;
                done = true;
            }
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string CsvLine(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        const auto& f = fields[i];
        if (f.find_first_of(",\"\r\n") == std::string::npos) {
            out += f;
            continue;
        }
        out += '"';
        for (char c : f) {
            if (c == '"') {
                out += '"';
            }
            out += c;
        }
        out += '"';
    }
    out += "\r\n";
    return out;
}

}  // namespace grantcheck
