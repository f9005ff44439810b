#pragma once

#include <string>
#include <vector>

#include "cli/command_context.h"

namespace pal::cli {

struct ExplainOptions {
  std::string dataset_dir;   // --dataset DIR (state tables; DIR/usage.csv)
  std::string data_dir;      // --data DIR: a store's state and history instead
  std::string tenant;        // --tenant T
  std::string partner;       // --partner P
  std::string month;         // --month YYYY-MM
  std::string subscription;  // --subscription S (optional)
  std::string resource;  // --resource R: a Power Platform or Customer Insights resource (optional)
  std::vector<std::string> usage;  // --usage FILE ...
  std::string format = "text";     // -o text|json
  bool partner_view = false;       // --partner-view: what the partner itself is shown (JSON)
  unsigned threads = 0;
};

// `pal explain`: for each subscription of the tenant, whether the partner is credited in the
// month, through which principal, grant and link (or as partner of record), and if not, the
// first rule that failed, with the dates involved; then the same for each Power Platform and
// Customer Insights resource of the tenant (rules B1-B5). --subscription alone shows only that
// subscription, --resource alone only that resource, both show both.
int RunExplain(const ExplainOptions& options);

// Registers `pal explain`.
void RegisterExplainCommand(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
