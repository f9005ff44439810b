#include "cli/role_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "api/url_encoding.h"
#include "cli/arm_client.h"
#include "core/guid.h"
#include "core/resource_id.h"
#include "core/role_definition.h"
#include "core/text.h"
#include "identity/random.h"

namespace pal::cli {
namespace {

constexpr std::string_view kVersion = "api-version=2022-04-01";
constexpr std::string_view kAssignments = "/providers/Microsoft.Authorization/roleAssignments";
constexpr std::string_view kDefinitions = "/providers/Microsoft.Authorization/roleDefinitions";

// The scope named by --scope or --subscription, normalised; `/` when neither is given and the
// scope is not `required`.
Result<ResourceId> ScopeOption(const RoleAssignmentOptions& options, bool required) {
  if (!options.scope.empty() && !options.subscription.empty()) {
    return Error::InvalidArgument("InvalidArgument", "Give --scope or --subscription, not both.");
  }
  if (!options.subscription.empty()) {
    auto id = Guid::Parse(options.subscription);
    if (!id) {
      return Error::InvalidArgument(
          "InvalidArgument", fmt::format("--subscription '{}' is not a subscription id (a GUID).",
                                         options.subscription));
    }
    return ResourceId::Parse("/subscriptions/" + id->ToString());
  }
  if (options.scope.empty()) {
    if (required) {
      return Error::InvalidArgument("InvalidArgument", "--scope (or --subscription) is required.");
    }
    return ResourceId::Parse("/");
  }
  return ResourceId::Parse(options.scope);
}

// The path prefix of a scope: "" for the root, else its id.
std::string ScopePath(const ResourceId& scope) {
  return scope.level() == ScopeLevel::kRoot ? std::string() : scope.ToString();
}

// The GUID at the end of a role definition id.
std::string RoleGuidOf(std::string_view role_definition_id) {
  const size_t slash = role_definition_id.rfind('/');
  return ToLowerAscii(slash == std::string_view::npos ? role_definition_id
                                                      : role_definition_id.substr(slash + 1));
}

// A role given by name, GUID or full id, resolved against the server's role definitions.
Result<std::string> ResolveRole(const ArmClient& client, const std::string& role) {
  if (role.empty()) return Error::InvalidArgument("InvalidArgument", "--role is required.");
  if (Guid::Parse(RoleGuidOf(role)) && (role.find('/') != std::string::npos || Guid::Parse(role))) {
    return RoleGuidOf(role);
  }
  PAL_ASSIGN_OR_RETURN(
      auto found, client.ListAll(fmt::format("{}?{}&$filter={}", kDefinitions, kVersion,
                                             api::PercentEncode("roleName eq '" + role + "'"))));
  if (found.empty()) {
    return Error::NotFound("RoleNotFound", fmt::format("Role '{}' doesn't exist.", role));
  }
  return found.front().value("name", "");
}

// az's view of an assignment: properties at the top level plus the role's name.
nlohmann::json AssignmentView(const nlohmann::json& assignment) {
  nlohmann::json flat = FlattenProperties(assignment);
  auto role = Guid::Parse(RoleGuidOf(flat.value("roleDefinitionId", "")));
  const RoleDefinition* known = role ? FindBuiltInRoleById(*role) : nullptr;
  flat["roleDefinitionName"] = known ? nlohmann::json(known->role_name) : nlohmann::json(nullptr);
  return flat;
}

Result<std::string> AssigneeObjectId(const std::string& assignee) {
  auto id = Guid::Parse(assignee);
  if (!id) {
    return Error::InvalidArgument(
        "InvalidArgument",
        fmt::format("--assignee '{}' must be the principal's object id (a GUID).", assignee));
  }
  return id->ToString();
}

// The assignments at `scope` matching --assignee / --role; only those exactly at the scope
// unless --include-inherited (and above) or --all (and above and below).
Result<std::vector<nlohmann::json>> MatchingAssignments(const ArmClient& client,
                                                        const RoleAssignmentOptions& options,
                                                        const ResourceId& scope) {
  std::vector<std::string> filters;
  if (!options.all) filters.push_back("atScope()");
  if (!options.assignee.empty()) {
    PAL_ASSIGN_OR_RETURN(auto object_id, AssigneeObjectId(options.assignee));
    filters.push_back(fmt::format("principalId eq '{}'", object_id));
  }
  std::string role_guid;
  if (!options.role.empty()) {
    PAL_ASSIGN_OR_RETURN(auto role, ResolveRole(client, options.role));
    role_guid = role;
  }
  std::string query = fmt::format("{}{}?{}", ScopePath(scope), kAssignments, kVersion);
  if (!filters.empty()) {
    std::string filter = filters.front();
    for (size_t i = 1; i < filters.size(); ++i) filter += " and " + filters[i];
    query += "&$filter=" + api::PercentEncode(filter);
  }
  PAL_ASSIGN_OR_RETURN(auto listed, client.ListAll(query));
  std::vector<nlohmann::json> out;
  for (auto& a : listed) {
    const auto& properties = a["properties"];
    if (!role_guid.empty() && RoleGuidOf(properties.value("roleDefinitionId", "")) != role_guid) {
      continue;
    }
    if (!options.all && !options.include_inherited) {
      auto at = ResourceId::Parse(properties.value("scope", ""));
      if (!at.ok() || !(*at == scope)) continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

int PrintList(const std::vector<nlohmann::json>& items, OutputFormat output) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& item : items) array.push_back(AssignmentView(item));
  std::fputs(FormatOutput(array, output).c_str(), stdout);
  return 0;
}

}  // namespace

int RunRoleAssignmentCreate(const RoleAssignmentOptions& options) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (options.assignee.empty()) {
    return PrintCliError(Error::InvalidArgument("InvalidArgument", "--assignee is required."));
  }
  auto object_id = AssigneeObjectId(options.assignee);
  if (!object_id.ok()) return PrintCliError(object_id.error());
  auto scope = ScopeOption(options, /*required=*/true);
  if (!scope.ok()) return PrintCliError(scope.error());
  auto role = ResolveRole(*client, options.role);
  if (!role.ok()) return PrintCliError(role.error());
  nlohmann::json properties = {
      {"roleDefinitionId", fmt::format("{}{}/{}", ScopePath(*scope), kDefinitions, *role)},
      {"principalId", *object_id}};
  if (!options.description.empty()) properties["description"] = options.description;
  if (!options.assignee_principal_type.empty()) {
    properties["principalType"] = options.assignee_principal_type;
  }
  const nlohmann::json body = {{"properties", properties}};
  auto created = client->Send("PUT",
                              fmt::format("{}{}/{}?{}", ScopePath(*scope), kAssignments,
                                          identity::NewGuid().ToString(), kVersion),
                              &body);
  if (!created.ok()) return PrintCliError(created.error());
  std::fputs(FormatOutput(AssignmentView(*created), options.output).c_str(), stdout);
  return 0;
}

int RunRoleAssignmentList(const RoleAssignmentOptions& options) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  auto scope = ScopeOption(options, /*required=*/true);
  if (!scope.ok()) return PrintCliError(scope.error());
  auto matching = MatchingAssignments(*client, options, *scope);
  if (!matching.ok()) return PrintCliError(matching.error());
  return PrintList(*matching, options.output);
}

int RunRoleAssignmentDelete(const RoleAssignmentOptions& options) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  std::vector<std::string> ids;
  if (!options.ids.empty()) {
    if (!options.scope.empty() || !options.assignee.empty() || !options.role.empty()) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidArgument", "Give --ids, or --scope with --assignee and/or --role, not both."));
    }
    for (const auto& id : options.ids) {
      auto parsed = ResourceId::Parse(id);
      if (!parsed.ok()) return PrintCliError(parsed.error());
      ids.push_back(parsed->ToString());
    }
  } else {
    auto scope = ScopeOption(options, /*required=*/true);
    if (!scope.ok()) return PrintCliError(scope.error());
    if (options.assignee.empty() && options.role.empty()) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidArgument",
          "Name what to delete: --ids, or --assignee and/or --role at the --scope."));
    }
    auto matching = MatchingAssignments(*client, options, *scope);
    if (!matching.ok()) return PrintCliError(matching.error());
    for (const auto& a : *matching) ids.push_back(a.value("id", ""));
  }
  if (ids.empty()) {
    std::fputs("No matched assignments were found to delete.\n", stderr);
    return 0;
  }
  for (const auto& id : ids) {
    auto deleted = client->Send("DELETE", fmt::format("{}?{}", id, kVersion));
    if (!deleted.ok()) return PrintCliError(deleted.error());
  }
  return 0;
}

int RunRoleDefinitionList(const std::string& name, const std::string& scope_text,
                          OutputFormat output) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  auto scope = ResourceId::Parse(scope_text.empty() ? "/" : scope_text);
  if (!scope.ok()) return PrintCliError(scope.error());
  std::string query = fmt::format("{}{}?{}", ScopePath(*scope), kDefinitions, kVersion);
  if (!name.empty()) {
    query += "&$filter=" + api::PercentEncode("roleName eq '" + name + "'");
  }
  auto listed = client->ListAll(query);
  if (!listed.ok()) return PrintCliError(listed.error());
  nlohmann::json array = nlohmann::json::array();
  for (const auto& item : *listed) array.push_back(FlattenProperties(item));
  std::fputs(FormatOutput(array, output).c_str(), stdout);
  return 0;
}

void RegisterRoleCommands(CLI::App& app, CommandContext& context) {
  auto& ra = context.Hold<RoleAssignmentOptions>();
  auto& definition_name = context.Hold<std::string>();
  auto& definition_scope = context.Hold<std::string>();
  auto* role_cmd = app.add_subcommand("role", "Role assignments and role definitions");
  role_cmd->require_subcommand(1);
  auto* ra_cmd = role_cmd->add_subcommand("assignment", "Role assignments");
  ra_cmd->require_subcommand(1);
  auto add_scope = [&](CLI::App* cmd) {
    cmd->add_option("--scope", ra.scope, "ARM scope, e.g. /subscriptions/{id}/resourceGroups/{rg}");
    cmd->add_option("--subscription", ra.subscription, "Shorthand for --scope /subscriptions/{id}");
    context.AddOutputOption(cmd);
  };
  const auto choose = [&ra, &context](CLI::App* cmd, int (*run)(const RoleAssignmentOptions&)) {
    context.OnChosen(cmd, [&ra, &context, run] {
      ra.output = context.Format();
      return run(ra);
    });
  };
  auto* ra_create = ra_cmd->add_subcommand("create", "Grant a role to a principal at a scope");
  add_scope(ra_create);
  ra_create->add_option("--assignee", ra.assignee, "Object id of the user or service principal")
      ->required();
  ra_create->add_option("--role", ra.role, "Role name (e.g. Reader) or id")->required();
  ra_create->add_option("--description", ra.description, "Description of the assignment");
  ra_create
      ->add_option("--assignee-principal-type", ra.assignee_principal_type,
                   "User or ServicePrincipal")
      ->check(CLI::IsMember({"User", "ServicePrincipal"}));
  choose(ra_create, RunRoleAssignmentCreate);
  auto* ra_list = ra_cmd->add_subcommand("list", "List role assignments at a scope");
  add_scope(ra_list);
  ra_list->add_option("--assignee", ra.assignee, "Only this principal's (object id)");
  ra_list->add_option("--role", ra.role, "Only this role (name or id)");
  ra_list->add_flag("--include-inherited", ra.include_inherited,
                    "Also those inherited from above the scope");
  ra_list->add_flag("--all", ra.all, "Also those above and below the scope");
  choose(ra_list, RunRoleAssignmentList);
  auto* ra_delete = ra_cmd->add_subcommand("delete", "Remove role assignments");
  add_scope(ra_delete);
  ra_delete->add_option("--ids", ra.ids, "Full role assignment ids");
  ra_delete->add_option("--assignee", ra.assignee, "The principal's (object id) at --scope");
  ra_delete->add_option("--role", ra.role, "That role's (name or id) at --scope");
  choose(ra_delete, RunRoleAssignmentDelete);
  auto* rd_cmd = role_cmd->add_subcommand("definition", "Role definitions");
  rd_cmd->require_subcommand(1);
  auto* rd_list = rd_cmd->add_subcommand("list", "List role definitions");
  rd_list->add_option("--name", definition_name, "Only the role with this name");
  rd_list->add_option("--scope", definition_scope, "Scope to list at (default /)");
  context.AddOutputOption(rd_list);
  context.OnChosen(rd_list, [&definition_name, &definition_scope, &context] {
    return RunRoleDefinitionList(definition_name, definition_scope, context.Format());
  });
}

}  // namespace pal::cli
