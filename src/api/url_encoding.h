#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pal::api {

// Decodes %XX escapes (and '+' as space when `plus_is_space`). nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space = false);
// Encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view text);
// Splits "a=1&b=2" (query strings and x-www-form-urlencoded bodies) into decoded pairs;
// malformed escapes are kept verbatim.
std::vector<std::pair<std::string, std::string>> ParseFormEncoded(std::string_view text);
// The first name given twice in "a=1&b=2&A=3" (a query string or a form body), compared
// decoded and ASCII case-insensitively ("A" here), or nullopt when every name is given once.
std::optional<std::string> RepeatedName(std::string_view text);

}  // namespace pal::api
