#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pal {

// ASCII case-insensitive equality (ARM names and paths compare this way).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);
std::string ToLowerAscii(std::string_view text);
// `text` without any trailing '/' characters (URLs compare this way).
std::string_view TrimTrailingSlashes(std::string_view text);
// Without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view text);
// When `text` starts with `keyword` (ASCII case-insensitively), removes it and the spaces and
// tabs around what is left (the tokens of an OData $filter); otherwise false, `text` untouched.
bool ConsumeKeyword(std::string_view& text, std::string_view keyword);
// The parts of `text` between '/' characters, inner empty ones included ("a//b" -> a, "", b);
// a trailing '/' adds no empty part, and an empty text has none.
std::vector<std::string_view> SplitOnSlash(std::string_view text);
// The non-empty segments of a URL path: doubled, leading and trailing slashes ignored.
std::vector<std::string_view> PathSegments(std::string_view path);
// The value of a hexadecimal digit (either case), or -1.
int HexDigitValue(char c);
// A non-negative decimal integer (digits only, no sign, at most 18 digits), or nullopt.
std::optional<std::uint64_t> ParseUnsigned(std::string_view text);

}  // namespace pal
