#pragma once

#include <string>
#include <vector>

#include "cli/command_context.h"

namespace pal::cli {

struct ReportOptions {
  // --live: the insights of the `pal login` profile's server (Pal.Insights/attribution), as the
  // caller's Partner Center roles let it see them; excludes --dataset, --data, --usage, --threads.
  bool live = false;
  std::string dataset_dir;         // --dataset DIR: the data set's state tables (and DIR/usage.csv)
  std::string data_dir;            // --data DIR: a store's state and history instead
  std::string month;               // --month YYYY-MM: the report's month
  unsigned months = 6;             // --months N: the chart's months, ending at --month
  std::vector<std::string> usage;  // --usage FILE ... (default DIR/usage.csv)
  std::string partner;             // --partner P: only this partner
  std::string html;                // --html FILE
  unsigned threads = 0;            // 0: one per core
  bool progress = true;            // a progress bar when stderr is a terminal
};

// `pal report`: the partner insights (revenue per month, per customer and subscription, totals
// per currency and association, Power Platform resources) as one self-contained HTML file,
// written beside and renamed into place. Offline, from a data set or data directory (its
// reader is the operator); with `live`, from the server, which shows a caller only its own
// organisation's insights (a Report viewer is refused: the page is about revenue). One summary
// line on stderr; 1 with a one-line message, and no file written, on any error.
int RunReport(const ReportOptions& options);

// Registers `pal report`.
void RegisterReportCommand(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
