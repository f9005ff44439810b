#pragma once

#include <string>
#include <vector>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal role assignment create|list|delete` and `pal role definition list`, shaped like
// `az role ...`, as clients of a running `pal serve` (signed in with `pal login`).
struct RoleAssignmentOptions {
  std::string assignee;      // principal object id
  std::string role;          // role name or id (GUID or full role definition id)
  std::string scope;         // ARM scope
  std::string subscription;  // shorthand for --scope /subscriptions/{id}
  std::string description;
  std::string assignee_principal_type;
  std::vector<std::string> ids;  // delete: full role assignment ids
  bool include_inherited = false;
  bool all = false;
  OutputFormat output = OutputFormat::kJson;
};

int RunRoleAssignmentCreate(const RoleAssignmentOptions& options);
int RunRoleAssignmentList(const RoleAssignmentOptions& options);
int RunRoleAssignmentDelete(const RoleAssignmentOptions& options);
// Role definitions at --scope (default `/`), optionally only the one named --name.
int RunRoleDefinitionList(const std::string& name, const std::string& scope, OutputFormat output);

// Registers role assignment create|list|delete and role definition list.
void RegisterRoleCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
