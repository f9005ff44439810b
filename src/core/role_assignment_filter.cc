#include "core/role_assignment_filter.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/text.h"

namespace pal {
namespace {

// Reads a single-quoted value from the front of `text`.
std::optional<std::string> QuotedValue(std::string_view& text) {
  if (text.empty() || text.front() != '\'') return std::nullopt;
  const size_t end = text.find('\'', 1);
  if (end == std::string_view::npos) return std::nullopt;
  std::string value(text.substr(1, end - 1));
  text.remove_prefix(end + 1);
  text = Trim(text);
  return value;
}

// Reads a bare value, up to the next space, from the front of `text` (Azure documents
// `principalId eq {id}` without quotes, and takes both forms).
std::optional<std::string> BareValue(std::string_view& text) {
  const size_t end = std::min(text.find(' '), text.size());
  if (end == 0 || text.substr(0, end).find_first_of("'()") != std::string_view::npos) {
    return std::nullopt;
  }
  std::string value(text.substr(0, end));
  text.remove_prefix(end);
  text = Trim(text);
  return value;
}

}  // namespace

Result<RoleAssignmentFilter> RoleAssignmentFilter::Parse(std::string_view text) {
  const Error unsupported = Error::InvalidArgument(
      "InvalidFilter",
      fmt::format("The $filter '{}' is not supported. Use atScope(), principalId eq {{id}}, "
                  "assignedTo('{{id}}'), or atScope() and one of the other two.",
                  text));
  RoleAssignmentFilter filter;
  std::string_view rest = Trim(text);
  bool expect_clause = true;
  while (!rest.empty()) {
    if (!expect_clause) {
      if (!ConsumeKeyword(rest, "and ")) return unsupported;
      expect_clause = true;
      continue;
    }
    std::optional<std::string> id;
    if (ConsumeKeyword(rest, "atScope()")) {
      if (filter.at_scope_only) return unsupported;
      filter.at_scope_only = true;
    } else if (ConsumeKeyword(rest, "principalId")) {
      if (!ConsumeKeyword(rest, "eq ")) return unsupported;
      id = !rest.empty() && rest.front() == '\'' ? QuotedValue(rest) : BareValue(rest);
      if (!id) return unsupported;
    } else if (ConsumeKeyword(rest, "assignedTo(")) {
      id = QuotedValue(rest);
      if (!id || !ConsumeKeyword(rest, ")")) return unsupported;
    } else {
      return unsupported;
    }
    if (id) {
      if (filter.principal_id) return unsupported;
      auto guid = Guid::Parse(*id);
      if (!guid) {
        return Error::InvalidArgument(
            "InvalidPrincipalId",
            fmt::format("The Principal ID '{}' is not valid. Principal ID must be a GUID.", *id));
      }
      filter.principal_id = *guid;
    }
    expect_clause = false;
  }
  if (expect_clause && !Trim(text).empty()) return unsupported;  // dangling "and"
  return filter;
}

std::vector<const RoleAssignment*> SelectRoleAssignments(
    const Guid& tenant_id, const ResourceId& scope, const RoleAssignmentFilter& filter,
    const std::vector<RoleAssignment>& assignments, const ScopeHierarchy& hierarchy) {
  std::set<std::string> above;
  for (const auto& ancestor : hierarchy.AncestorsAndSelf(scope)) above.insert(ancestor.Key());
  std::vector<const RoleAssignment*> selected;
  for (const auto& assignment : assignments) {
    if (!(assignment.principal.tenant_id == tenant_id)) continue;
    if (filter.principal_id && !(assignment.principal.object_id == *filter.principal_id)) continue;
    bool include = above.count(assignment.scope.Key()) > 0;
    if (!include && !filter.at_scope_only && scope.level() != ScopeLevel::kRoot) {
      // Below: the list's scope is one of the assignment scope's ancestors.
      for (const auto& ancestor : hierarchy.AncestorsAndSelf(assignment.scope)) {
        if (ancestor == scope) {
          include = true;
          break;
        }
      }
    } else if (!include && !filter.at_scope_only) {
      include = true;  // everything of the tenant lies below its root
    }
    if (include) selected.push_back(&assignment);
  }
  return selected;
}

}  // namespace pal
