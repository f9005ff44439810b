#include "core/resource_group_filter.h"

#include <fmt/format.h>

#include "core/text.h"

namespace pal {
namespace {

// Reads an OData string literal ('...', with '' for a quote) from the front of `text`.
std::optional<std::string> Literal(std::string_view& text) {
  if (text.empty() || text.front() != '\'') return std::nullopt;
  std::string value;
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] != '\'') {
      value += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\'') {
      value += '\'';
      ++i;
    } else {
      text.remove_prefix(i + 1);
      text = Trim(text);
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<ResourceGroupFilter> ResourceGroupFilter::Parse(std::string_view text) {
  const Error unsupported = Error::InvalidArgument(
      "InvalidFilter",
      fmt::format("The $filter '{}' is not supported. Resource groups are filtered with "
                  "tagName eq '{{name}}', optionally followed by and tagValue eq '{{value}}'.",
                  text));
  ResourceGroupFilter filter;
  std::string_view rest = Trim(text);
  if (rest.empty()) return filter;
  if (!ConsumeKeyword(rest, "tagName") || !ConsumeKeyword(rest, "eq")) return unsupported;
  filter.tag_name = Literal(rest);
  if (!filter.tag_name) return unsupported;
  if (!rest.empty()) {
    if (!ConsumeKeyword(rest, "and") || !ConsumeKeyword(rest, "tagValue") ||
        !ConsumeKeyword(rest, "eq")) {
      return unsupported;
    }
    filter.tag_value = Literal(rest);
    if (!filter.tag_value || !rest.empty()) return unsupported;
  }
  return filter;
}

bool ResourceGroupFilter::Matches(
    const std::vector<std::pair<std::string, std::string>>& tags) const {
  if (!tag_name) return true;
  for (const auto& [name, value] : tags) {
    if (EqualsIgnoreCase(name, *tag_name) && (!tag_value || value == *tag_value)) return true;
  }
  return false;
}

}  // namespace pal
