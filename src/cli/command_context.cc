#include "cli/command_context.h"

#include <CLI/CLI.hpp>

#include "cli/arm_client.h"
#include "store/data_directory_store.h"

namespace pal::cli {

void CommandContext::AddOutputOption(CLI::App* command) {
  command->add_option("-o,--output", output, "Output format: json, table or tsv")
      ->check(CLI::IsMember({"json", "table", "tsv"}));
}

void CommandContext::AddDataDirectoryOptions(CLI::App* command) {
  command->add_option("--data", data_dir, "Data directory (default ./.pal)");
  command->add_option(
      "--store", store_url,
      "Bind the data directory to this PostgreSQL database (see pal serve --store)");
  AddOutputOption(command);
}

OutputFormat CommandContext::Format() const {
  return ParseOutputFormat(output).value_or(OutputFormat::kJson);
}

void CommandContext::OnChosen(CLI::App* command, std::function<int()> run) {
  command->callback([this, run = std::move(run)] { action_ = run; });
}

int CommandContext::RunChosenCommand() {
  if (!action_) return 2;
  if (!store_url.empty()) {
    if (auto bound = store::ApplyStoreOption(data_dir, store_url); !bound.ok()) {
      return PrintCliError(bound.error());
    }
  }
  return action_();
}

}  // namespace pal::cli
