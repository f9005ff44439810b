#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "cli/output_format.h"
#include "core/result.h"

namespace pal::cli {

// The Power Platform client commands, over the Pal.PowerPlatform API (docs/api.md) of a running
// `pal serve`, signed in with `pal login`:
//   pal powerplatform environment create|list|show|update|delete, ... member add|remove|list
//   pal powerplatform resource create|show|delete|list|history, ... resource owner set
//   pal powerplatform activity add, pal powerplatform profiles add   (data set CSV files)
//   pal powerapp owner set, pal powerapp coowner add|remove          (like Set-AdminPowerAppOwner)
//   pal flow owner set                                               (like Set-AdminFlowOwnerRole)
//   pal solution export|import                                       (like pac solution ...)
//   pal powerbi publish, pal powerbi dataset owner set
struct PowerPlatformOptions {
  std::string environment;
  std::string name;  // environment, resource, app, flow or dataset name
  std::string display_name;
  std::string type;  // environment type
  std::optional<bool> paid;
  std::string product;   // CanvasApp, ModelDrivenApp, Flow, Dataset, Bot, CustomerInsightsInstance
  std::string assignee;  // member or co-owner object id
  std::string role;      // EnvironmentAdmin or EnvironmentMaker
  std::string owner;     // new owner's object id
  std::string channel;   // gui, powershell, pp-cli, devops
  std::string file;      // activity or profiles CSV
  // solutions
  std::string solution_version = "1.0.0.0";
  bool managed = false;                 // pac's default: unmanaged
  std::vector<std::string> components;  // "{collection}/{name}" or resource ids
  std::string path;
  bool overwrite = false;
  OutputFormat output = OutputFormat::kJson;
};

enum class EnvironmentVerb { kCreate, kList, kShow, kUpdate, kDelete };
enum class MemberVerb { kAdd, kRemove, kList };
enum class ResourceVerb {
  kCreate,
  kShow,
  kDelete,
  kList,
  kHistory,
  kSetOwner,
  kAddCoOwner,
  kRemoveCoOwner
};
enum class UsageFileKind { kActivity, kProfiles };

int RunEnvironment(EnvironmentVerb verb, const PowerPlatformOptions& options);
int RunEnvironmentMember(MemberVerb verb, const PowerPlatformOptions& options);
// `options.product` names the collection (kList: all products when empty).
int RunResource(ResourceVerb verb, const PowerPlatformOptions& options);
int RunUsageFile(UsageFileKind kind, const PowerPlatformOptions& options);
int RunSolutionExport(const PowerPlatformOptions& options);
int RunSolutionImport(const PowerPlatformOptions& options);

// Shared by the commands: "?api-version=2026-12-01", and the API path of an environment (the
// name percent-encoded).
extern const char kPowerPlatformVersion[];
std::string PowerPlatformEnvironmentPath(const std::string& environment);
// The contents of a regular file; InvalidArgument "Cannot read the file '…'." otherwise.
Result<std::string> ReadInputFile(const std::string& path);

// Registers the powerplatform, powerapp, flow, powerbi and solution command trees
// (power_platform_command_tree.cc).
void RegisterPowerPlatformCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
