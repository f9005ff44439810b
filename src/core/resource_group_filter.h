#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pal {

// The `$filter` of a resource-group list, as Microsoft.Resources documents it:
//   (none)                                   every group
//   tagName eq '{name}'                      the groups with that tag
//   tagName eq '{name}' and tagValue eq '{value}'   ... with that value
// Keywords are case-insensitive and extra spaces are allowed; a quote inside a value is written
// twice (''), as in OData. Anything else is refused rather than ignored.
struct ResourceGroupFilter {
  std::optional<std::string> tag_name;
  std::optional<std::string> tag_value;

  // Errors: kInvalidArgument "InvalidFilter" naming the supported forms.
  static Result<ResourceGroupFilter> Parse(std::string_view text);

  // Whether a group with `tags` (name, value) passes: the tag name compares case-insensitively
  // (Azure's tag names do), the value exactly.
  bool Matches(const std::vector<std::pair<std::string, std::string>>& tags) const;
};

}  // namespace pal
