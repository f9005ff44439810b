#include "cli/managed_services_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/arm_client.h"
#include "core/guid.h"
#include "core/role_definition.h"
#include "identity/random.h"

namespace pal::cli {
namespace {

constexpr std::string_view kVersion = "api-version=2022-10-01";

Result<std::string> Scope(const ManagedServicesOptions& o) {
  auto sub = Guid::Parse(o.subscription);
  if (!sub) {
    return Error::InvalidArgument("InvalidArgument",
                                  "--subscription (the customer's subscription id) is required.");
  }
  std::string scope = "/subscriptions/" + sub->ToString();
  if (!o.resource_group.empty()) scope += "/resourceGroups/" + o.resource_group;
  return scope;
}

// A built-in role by id (GUID, kept as given) or by name.
Result<std::string> RoleId(const std::string& role) {
  if (Guid::Parse(role)) return role;
  const RoleDefinition* known = FindBuiltInRoleByName(role);
  if (!known) return Error::NotFound("RoleNotFound", fmt::format("Role '{}' doesn't exist.", role));
  return known->id.ToString();
}

int Print(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

int Run(std::string_view kind, ManagedServicesVerb verb, const ManagedServicesOptions& o,
        const std::function<Result<nlohmann::json>()>& body) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  auto scope = Scope(o);
  if (!scope.ok()) return PrintCliError(scope.error());
  const std::string base = fmt::format("{}/providers/Microsoft.ManagedServices/{}", *scope, kind);
  if (verb == ManagedServicesVerb::kList) {
    auto items = client->ListAll(fmt::format("{}?{}", base, kVersion));
    if (!items.ok()) return PrintCliError(items.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : *items) out.push_back(FlattenProperties(item));
    return Print(out, o.output);
  }
  std::string id = o.id;
  if (id.empty() && verb == ManagedServicesVerb::kCreate) id = identity::NewGuid().ToString();
  if (!Guid::Parse(id)) {
    return PrintCliError(Error::InvalidArgument("InvalidArgument", "--id must be a GUID."));
  }
  const std::string path = fmt::format("{}/{}?{}", base, id, kVersion);
  if (verb == ManagedServicesVerb::kDelete) {
    auto deleted = client->Send("DELETE", path);
    return deleted.ok() ? 0 : PrintCliError(deleted.error());
  }
  if (verb == ManagedServicesVerb::kShow) {
    auto got = client->Get(path);
    return got.ok() ? Print(FlattenProperties(*got), o.output) : PrintCliError(got.error());
  }
  auto json = body();
  if (!json.ok()) return PrintCliError(json.error());
  auto created = client->Send("PUT", path, &*json);
  return created.ok() ? Print(FlattenProperties(*created), o.output)
                      : PrintCliError(created.error());
}

}  // namespace

int RunManagedServicesDefinition(ManagedServicesVerb verb, const ManagedServicesOptions& o) {
  return Run("registrationDefinitions", verb, o, [&]() -> Result<nlohmann::json> {
    if (o.name.empty() || o.managed_by_tenant.empty() || o.principal_id.empty() || o.role.empty()) {
      return Error::InvalidArgument("InvalidArgument",
                                    "--name, --tenant-id, --principal-id and --role are required.");
    }
    PAL_ASSIGN_OR_RETURN(auto role, RoleId(o.role));
    nlohmann::json authorization = {{"principalId", o.principal_id}, {"roleDefinitionId", role}};
    if (!o.principal_name.empty()) authorization["principalIdDisplayName"] = o.principal_name;
    // The roles a User Access Administrator authorization may assign (the server checks them).
    if (!o.delegated_roles.empty()) {
      nlohmann::json delegated = nlohmann::json::array();
      for (const auto& name : o.delegated_roles) {
        PAL_ASSIGN_OR_RETURN(auto id, RoleId(name));
        delegated.push_back(id);
      }
      authorization["delegatedRoleDefinitionIds"] = delegated;
    }
    return nlohmann::json{{"properties",
                           {{"registrationDefinitionName", o.name},
                            {"description", o.description},
                            {"managedByTenantId", o.managed_by_tenant},
                            {"authorizations", nlohmann::json::array({authorization})}}}};
  });
}

int RunManagedServicesAssignment(ManagedServicesVerb verb, const ManagedServicesOptions& o) {
  return Run("registrationAssignments", verb, o, [&]() -> Result<nlohmann::json> {
    if (o.definition.empty()) {
      return Error::InvalidArgument("InvalidArgument", "--definition is required.");
    }
    std::string definition = o.definition;
    if (definition.find('/') == std::string::npos) {
      definition = fmt::format(
          "/subscriptions/{}/providers/Microsoft.ManagedServices/"
          "registrationDefinitions/{}",
          o.subscription, o.definition);
    }
    return nlohmann::json{{"properties", {{"registrationDefinitionId", definition}}}};
  });
}

namespace {

void AddManagedServicesVerbs(CLI::App* kind, bool is_definition, ManagedServicesOptions& options,
                             CommandContext& context) {
  for (const auto& [verb_name, verb] : {std::pair{"create", ManagedServicesVerb::kCreate},
                                        std::pair{"list", ManagedServicesVerb::kList},
                                        std::pair{"show", ManagedServicesVerb::kShow},
                                        std::pair{"delete", ManagedServicesVerb::kDelete}}) {
    auto* cmd =
        kind->add_subcommand(verb_name, std::string(verb_name) + " " + kind->get_name() + "s");
    cmd->add_option("--subscription", options.subscription, "The customer's subscription id")
        ->required();
    cmd->add_option("-g,--resource-group", options.resource_group, "A resource group of it");
    if (verb != ManagedServicesVerb::kList) {
      auto* id = cmd->add_option("--id", options.id, "Id (GUID; create picks one if absent)");
      if (verb != ManagedServicesVerb::kCreate) id->required();
    }
    if (verb == ManagedServicesVerb::kCreate && is_definition) {
      cmd->add_option("--name", options.name, "Display name of the offer")->required();
      cmd->add_option("--description", options.description, "Description");
      cmd->add_option("--tenant-id", options.managed_by_tenant, "The managing tenant")->required();
      cmd->add_option("--principal-id", options.principal_id, "Principal of the managing tenant")
          ->required();
      cmd->add_option("--principal-id-display-name", options.principal_name, "Its display name");
      cmd->add_option("--role-definition-id,--role", options.role, "Built-in role (id or name)")
          ->required();
      cmd->add_option(
          "--delegated-role-definition-ids,--delegated-role", options.delegated_roles,
          "With User Access Administrator: a role it may assign to the customer's managed "
          "identities (id or name; repeat for several)");
    }
    if (verb == ManagedServicesVerb::kCreate && !is_definition) {
      cmd->add_option("--definition", options.definition, "Registration definition (id or full id)")
          ->required();
    }
    context.AddOutputOption(cmd);
    const ManagedServicesVerb chosen = verb;
    context.OnChosen(cmd, [&options, &context, chosen, is_definition] {
      options.output = context.Format();
      return is_definition ? RunManagedServicesDefinition(chosen, options)
                           : RunManagedServicesAssignment(chosen, options);
    });
  }
}

}  // namespace

void RegisterManagedServicesCommands(CLI::App& app, CommandContext& context) {
  auto& options = context.Hold<ManagedServicesOptions>();
  auto* ms_cmd = app.add_subcommand("managedservices", "Azure Lighthouse delegations");
  ms_cmd->require_subcommand(1);
  for (const bool is_definition : {true, false}) {
    auto* kind =
        ms_cmd->add_subcommand(is_definition ? "definition" : "assignment",
                               is_definition ? "Registration definitions (the offer)"
                                             : "Registration assignments (the delegation)");
    kind->require_subcommand(1);
    AddManagedServicesVerbs(kind, is_definition, options, context);
  }
}

}  // namespace pal::cli
