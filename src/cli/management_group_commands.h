#pragma once

#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal group ...` (management groups, like `az account management-group ...`), as a client of a
// running `pal serve`.
struct GroupOptions {
  std::string name;  // the group id
  std::string display_name;
  std::string parent;        // parent group id (or its full id)
  std::string subscription;  // for `group subscription add|remove`
  bool expand = false;       // show: include children
  bool recurse = false;      // show: the whole subtree
  OutputFormat output = OutputFormat::kJson;
};

enum class GroupVerb {
  kCreate,
  kUpdate,
  kShow,
  kList,
  kDelete,
  kAddSubscription,
  kRemoveSubscription
};
int RunGroup(GroupVerb verb, const GroupOptions& options);
void RegisterManagementGroupCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
