#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grantcheck::http {

// A request as handlers see it: no Beast types, so handlers and their tests stay transport-free.
struct Request {
    std::string method;                             // "GET", "HEAD", ...
    std::string path;                               // percent-decoded path, without the query
    std::multimap<std::string, std::string> query;  // decoded parameters
    std::map<std::string, std::string> headers;     // lower-case names
    std::map<std::string, std::string> params;      // route parameters ("{id}")
    std::string body;
    std::string request_id;

    // The first value of a query parameter, if present.
    std::optional<std::string> Query(std::string_view name) const;
    std::optional<std::string> Header(std::string_view lower_name) const;
    // The value of a cookie the request carries, if any.
    std::optional<std::string> Cookie(std::string_view name) const;
    const std::string& Param(const std::string& name) const { return params.at(name); }
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers

    Response& With(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space). Returns nullopt for a malformed
// percent escape.
std::optional<std::multimap<std::string, std::string>> ParseQuery(std::string_view query);
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);
std::string PercentEncode(std::string_view s);

// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace grantcheck::http
