// `pal solution export|import`, like `pac solution export|import`: a solution document carried
// from one environment to another through a file.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "cli/arm_client.h"
#include "cli/power_platform_commands.h"
#include "store/data_directory.h"

namespace pal::cli {

int RunSolutionExport(const PowerPlatformOptions& o) {
  // Refuse before anything is sent: the file is where the export goes.
  std::error_code ec;
  if (o.path.empty())
    return PrintCliError(Error::InvalidArgument("InvalidArgument", "--path is required."));
  if (!o.overwrite && std::filesystem::exists(o.path, ec)) {
    return PrintCliError(Error::InvalidArgument(
        "InvalidArgument",
        fmt::format("'{}' already exists; give --overwrite to replace it.", o.path)));
  }
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  const nlohmann::json body = {{"solutionName", o.name},
                               {"version", o.solution_version},
                               {"managed", o.managed},
                               {"components", o.components}};
  auto document = client->Send(
      "POST",
      PowerPlatformEnvironmentPath(o.environment) + "/exportSolution" + kPowerPlatformVersion,
      &body);
  if (!document.ok()) return PrintCliError(document.error());
  if (!document->is_object()) {
    return PrintCliError(
        Error{ErrorKind::kInternal, "BadResponse", "The server's solution is not a JSON object."});
  }
  auto written = store::WriteFileAtomically(o.path, document->dump(2) + "\n", 0644);
  if (!written.ok()) {
    return PrintCliError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("Cannot write '{}': {}", o.path, written.error().message)));
  }
  nlohmann::json summary = *document;
  summary["path"] = o.path;
  std::fputs(FormatOutput(summary, o.output).c_str(), stdout);
  return 0;
}

int RunSolutionImport(const PowerPlatformOptions& o) {
  auto text = ReadInputFile(o.path);
  if (!text.ok()) return PrintCliError(text.error());
  const auto document = nlohmann::json::parse(*text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return PrintCliError(Error::InvalidArgument(
        "InvalidSolutionFile",
        fmt::format("'{}' is not a solution document (a JSON object).", o.path)));
  }
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  auto imported = client->Send(
      "POST",
      PowerPlatformEnvironmentPath(o.environment) + "/importSolution" + kPowerPlatformVersion,
      &document);
  if (!imported.ok()) return PrintCliError(imported.error());
  nlohmann::json out = *imported;
  if (out.is_object() && out.contains("components") && out["components"].is_array()) {
    for (auto& component : out["components"]) component = FlattenProperties(component);
  }
  std::fputs(FormatOutput(out, o.output).c_str(), stdout);
  return 0;
}

}  // namespace pal::cli
