#pragma once

#include <string>
#include <vector>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal managedservices definition|assignment ...` (Azure Lighthouse), shaped like
// `az managedservices ...`, as clients of a running `pal serve`. Scopes default to
// `/subscriptions/{--subscription}`.
struct ManagedServicesOptions {
  std::string subscription;
  std::string resource_group;
  std::string name;  // definition: display name; also the id of show/delete
  std::string id;    // definition or assignment id (GUID); new one if empty
  std::string description;
  std::string managed_by_tenant;  // --tenant-id in az
  std::string principal_id;
  std::string principal_name;
  std::string role;                          // role definition id (GUID) or built-in name
  std::vector<std::string> delegated_roles;  // delegatedRoleDefinitionIds: ids or built-in names
  std::string definition;                    // assignment create: definition id or full id
  OutputFormat output = OutputFormat::kJson;
};

enum class ManagedServicesVerb { kCreate, kList, kShow, kDelete };
int RunManagedServicesDefinition(ManagedServicesVerb verb, const ManagedServicesOptions& options);
int RunManagedServicesAssignment(ManagedServicesVerb verb, const ManagedServicesOptions& options);

// Registers managedservices definition|assignment create|list|show|delete.
void RegisterManagedServicesCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
