#include "cli/managed_services_commands.h"

#include <fmt/format.h>

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
    auto role = RoleId(o.role);
    if (!role.ok()) return role.error();
    nlohmann::json authorization = {{"principalId", o.principal_id}, {"roleDefinitionId", *role}};
    if (!o.principal_name.empty()) authorization["principalIdDisplayName"] = o.principal_name;
    // The roles a User Access Administrator authorization may assign (the server checks them).
    if (!o.delegated_roles.empty()) {
      nlohmann::json delegated = nlohmann::json::array();
      for (const auto& name : o.delegated_roles) {
        auto id = RoleId(name);
        if (!id.ok()) return id.error();
        delegated.push_back(*id);
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

}  // namespace pal::cli
