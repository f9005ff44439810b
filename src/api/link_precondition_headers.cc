#include "api/link_precondition_headers.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace pal::api {
namespace {

// Every value of the header `name` (a client may send it more than once).
std::vector<std::string_view> HeaderValues(const HttpRequest& request, std::string_view name) {
  std::vector<std::string_view> values;
  for (const auto& [key, value] : request.headers) {
    if (EqualsIgnoreCase(key, name)) values.emplace_back(value);
  }
  return values;
}

// The value as it may be quoted in a message: printable ASCII, bounded, because it is the
// client's bytes and ends up in a JSON string and in logs.
std::string Printable(std::string_view value) {
  constexpr size_t kMax = 64;
  std::string out;
  for (char c : value.substr(0, kMax)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (value.size() > kMax) out += "...";
  return out;
}

// `5`, `"5"` or `W/"5"` -> 5; nullopt for anything else.
std::optional<std::int64_t> ParseVersionTag(std::string_view tag) {
  if (tag.starts_with("W/")) {
    tag.remove_prefix(2);
    if (!tag.starts_with('"')) return std::nullopt;  // W/ only qualifies a quoted tag
  }
  if (tag.starts_with('"')) {
    if (tag.size() < 2 || !tag.ends_with('"')) return std::nullopt;
    tag = tag.substr(1, tag.size() - 2);
  }
  auto number = ParseUnsigned(tag);  // at most 18 digits, so it fits
  if (!number) return std::nullopt;
  return static_cast<std::int64_t>(*number);
}

Error InvalidIfMatch(std::string_view value, std::string_view why) {
  return Error::InvalidArgument(
      "InvalidIfMatch",
      fmt::format("The If-Match header '{}' is not valid: {}. Send the link's etag (for example "
                  "5, \"5\" or W/\"5\") or *.",
                  Printable(value), why));
}

Error InvalidIfNoneMatch(std::string_view value, std::string_view why) {
  return Error::InvalidArgument(
      "InvalidIfNoneMatch",
      fmt::format("The If-None-Match header '{}' is not valid: {}. The only value supported is * "
                  "(write only if the caller has no link).",
                  Printable(value), why));
}

}  // namespace

Result<LinkPrecondition> ParseLinkPreconditionHeaders(const HttpRequest& request) {
  LinkPrecondition precondition;
  const auto if_match = HeaderValues(request, "If-Match");
  if (if_match.size() > 1) {
    return InvalidIfMatch(if_match[1], "it was sent more than once; send one etag");
  }
  if (!if_match.empty()) {
    const std::string_view value = Trim(if_match[0]);
    if (value.empty()) return InvalidIfMatch(value, "it is empty");
    if (value.find(',') != std::string_view::npos) {
      return InvalidIfMatch(value, "a list of etags is not supported; send one");
    }
    if (value == "*") {
      precondition.if_match_any = true;
    } else if (auto version = ParseVersionTag(value)) {
      precondition.if_match_version = *version;
    } else {
      return InvalidIfMatch(value, "this API's etags are non-negative integers");
    }
  }
  const auto if_none_match = HeaderValues(request, "If-None-Match");
  if (if_none_match.size() > 1) {
    return InvalidIfNoneMatch(if_none_match[1], "it was sent more than once");
  }
  if (!if_none_match.empty()) {
    const std::string_view value = Trim(if_none_match[0]);
    if (value != "*") return InvalidIfNoneMatch(value, "it is not *");
    precondition.if_none_match_any = true;
  }
  return precondition;
}

std::string LinkEtagHeader(std::int64_t version) { return fmt::format("\"{}\"", version); }

}  // namespace pal::api
