#include "cli/attribute_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "attribution/attribution_report.h"
#include "attribution/attribution_run.h"
#include "cli/arm_client.h"
#include "cli/output_format.h"
#include "core/number_format.h"

namespace pal::cli {

using attribution::AttributionCsv;
using attribution::AttributionRow;
using attribution::AttributionRunOptions;
using attribution::kUsageProblemCount;
using attribution::LoadAttributionInputs;
using attribution::ParseAttributionMonth;
using attribution::ParseTenantShard;
using attribution::PowerPlatformCsv;
using attribution::RunAttributionMonth;
using attribution::TenantShard;
using attribution::UsageCounts;
using attribution::UsageProblem;
using attribution::UsageProblemText;
using attribution::UsageScanResult;

namespace {

namespace fs = std::filesystem;

std::string Render(const std::vector<AttributionRow>& rows, const std::string& format) {
  if (format == "csv") return AttributionCsv(rows);
  if (format == "table") {
    // The columns in the output's order, costs right-aligned.
    std::vector<std::vector<std::string>> cells = {{"Month", "PartnerId", "PartnerName", "TenantId",
                                                    "SubscriptionId", "Association", "Cost",
                                                    "Currency"}};
    for (const auto& r : rows) {
      cells.push_back({r.month, r.partner_id, r.partner_name, r.tenant_id, r.subscription_id,
                       r.association, FormatCost6(r.cost), r.currency});
    }
    std::vector<size_t> width(cells[0].size(), 0);
    for (const auto& line : cells) {
      for (size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
    }
    std::string out;
    for (size_t n = 0; n < cells.size(); ++n) {
      std::string line;
      for (size_t i = 0; i < cells[n].size(); ++i) {
        if (i > 0) line.append("  ");
        const std::string pad(width[i] - cells[n][i].size(), ' ');
        if (i == 6 && n > 0)
          line.append(pad).append(cells[n][i]);
        else
          line.append(cells[n][i]).append(i + 1 < cells[n].size() ? pad : "");
      }
      out.append(line).push_back('\n');
      if (n == 0) {
        std::string rule;
        for (size_t i = 0; i < width.size(); ++i)
          rule.append(i > 0 ? "  " : "").append(width[i], '-');
        out.append(rule).push_back('\n');
      }
    }
    return out;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : rows) {
    list.push_back({{"month", r.month},
                    {"partnerId", r.partner_id},
                    {"partnerName", r.partner_name},
                    {"tenantId", r.tenant_id},
                    {"subscriptionId", r.subscription_id},
                    {"association", r.association},
                    {"cost", std::stod(FormatCost6(r.cost))},
                    {"currency", r.currency}});
  }
  std::string text = list.dump(2);
  text.push_back('\n');
  return text;
}

void PrintSummary(const AttributeOptions& options, const UsageScanResult& scan,
                  const UsageCounts& counts, unsigned threads, std::uint64_t uncredited) {
  std::string line = fmt::format(
      "pal attribute {}: {} usage rows ({:.1f} MB in {} file{}) in {:.2f} s on {} thread{}; "
      "{} in the month",
      options.month, FormatThousands(scan.rows), static_cast<double>(scan.bytes) / 1e6,
      options.usage.size(), options.usage.size() == 1 ? "" : "s", scan.seconds, threads,
      threads == 1 ? "" : "s", FormatThousands(counts.placed));
  if (uncredited) line += fmt::format(" ({} credited to no partner)", FormatThousands(uncredited));
  if (counts.other_month)
    line += fmt::format(", {} of other months", FormatThousands(counts.other_month));
  if (counts.inactive)
    line += fmt::format(", {} of Disabled or Deleted subscriptions (A8)",
                        FormatThousands(counts.inactive));
  if (counts.other_shard)
    line += fmt::format(", {} of other shards", FormatThousands(counts.other_shard));
  std::fprintf(stderr, "%s.\n", line.c_str());
  if (counts.ProblemTotal() != 0) {
    std::string problems;
    for (size_t i = 0; i < kUsageProblemCount; ++i) {
      if (counts.problems[i] == 0) continue;
      problems +=
          fmt::format("{}{} {}", problems.empty() ? "" : ", ", FormatThousands(counts.problems[i]),
                      UsageProblemText(static_cast<UsageProblem>(i)));
    }
    std::fprintf(stderr, "pal attribute: rows not attributed: %s (--strict names the first).\n",
                 problems.c_str());
  }
}

}  // namespace

Result<void> WriteOutputFile(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return {};
  }
  // Written beside, then renamed: nobody reads half a report.
  const fs::path target(path);
  const fs::path temporary =
      target.parent_path() / fmt::format(".{}.tmp", target.filename().string());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      return Error::InvalidArgument("CannotWrite", fmt::format("Cannot write '{}'.", path));
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec)
    return Error::InvalidArgument("CannotWrite",
                                  fmt::format("Cannot write '{}': {}.", path, ec.message()));
  return {};
}

int PrintAttributionInputsError(const Error& error) {
  if (error.code != "InvalidDataset") return PrintCliError(error);
  std::fprintf(stderr, "(InvalidDataset) The data set cannot be read:\n%s\n",
               error.message.c_str());
  return 1;
}

int RunAttribute(const AttributeOptions& given) {
  AttributeOptions options = given;
  if (options.format != "csv" && options.format != "json" && options.format != "table") {
    return PrintCliError(
        Error::InvalidArgument("InvalidArgument", "-o must be csv, json or table."));
  }
  auto month = ParseAttributionMonth(options.month);
  if (!month.ok()) return PrintCliError(month.error());
  TenantShard shard;
  if (!options.shard.empty()) {
    auto parsed = ParseTenantShard(options.shard);
    if (!parsed.ok()) return PrintCliError(parsed.error());
    shard = *parsed;
  }
  const auto started = std::chrono::steady_clock::now();
  auto inputs = LoadAttributionInputs(options.dataset_dir, options.data_dir, options.usage);
  if (!inputs.ok()) return PrintAttributionInputsError(inputs.error());
  const double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  AttributionRunOptions run_options;
  run_options.usage = options.usage;
  run_options.threads = options.threads;
  run_options.strict = options.strict;
  run_options.progress = options.progress;
  run_options.shard = shard;
  run_options.from_store = !options.data_dir.empty();
  auto run = RunAttributionMonth(*inputs, *month, run_options);
  if (!run.ok()) {
    if (run.error().code != "UnattributableUsageRow") return PrintCliError(run.error());
    return PrintCliError(Error::InvalidArgument(
        "UnattributableUsageRow",
        fmt::format("{} (--strict; nothing was written).", run.error().message)));
  }
  const auto& rows = run->rows;
  const auto& power_platform = run->power_platform;
  if (!options.power_platform_out.empty() && !power_platform) {
    return PrintCliError(Error::InvalidArgument(
        "NoPowerPlatformData",
        "--power-platform-out needs a data set with powerplatform_resources.csv."));
  }
  if (auto written = WriteOutputFile(options.out, Render(rows, options.format)); !written.ok())
    return PrintCliError(written.error());
  if (!options.power_platform_out.empty()) {
    if (auto written =
            WriteOutputFile(options.power_platform_out, PowerPlatformCsv(*power_platform));
        !written.ok()) {
      return PrintCliError(written.error());
    }
  }
  PrintSummary(options, run->scan, run->counts, run->threads, run->uncredited_rows);
  if (power_platform && (!power_platform->empty() || !options.power_platform_out.empty())) {
    std::fprintf(
        stderr, "pal attribute: %zu Power Platform and Customer Insights rows%s.\n",
        power_platform->size(),
        options.power_platform_out.empty() ? " (write them with --power-platform-out FILE)" : "");
  }
  std::fprintf(stderr, "pal attribute: state tables read and indexed in %.2f s (index %.2f s).\n",
               load_seconds + run->index_seconds, run->index_seconds);
  return 0;
}

void RegisterAttributeCommand(CLI::App& app, CommandContext& context) {
  auto& attribute = context.Hold<AttributeOptions>();
  auto* attribute_cmd = app.add_subcommand(
      "attribute", "Attribute a month's Azure usage to partners through PAL links and DPOR");
  attribute_cmd->add_option("--dataset", attribute.dataset_dir,
                            "Data set folder (state tables; DIR/usage.csv)");
  attribute_cmd->add_option("--data", attribute.data_dir,
                            "Read the state and history of this pal data directory instead");
  attribute_cmd->add_option("--month", attribute.month, "Month to attribute, YYYY-MM")->required();
  attribute_cmd->add_option("--usage", attribute.usage,
                            "Usage files (cost export or FOCUS; .gz accepted)");
  attribute_cmd->add_option("--out", attribute.out, "Write the rows to this file (default stdout)");
  attribute_cmd->add_option(
      "--power-platform-out", attribute.power_platform_out,
      "Write the Power Platform and Customer Insights rows (CSV) to this file");
  attribute_cmd->add_option("-o,--output", attribute.format, "Output format: csv, json or table")
      ->check(CLI::IsMember({"csv", "json", "table"}));
  attribute_cmd
      ->add_option("--threads", attribute.threads,
                   "Worker threads (default: one per core; each keeps its own slot sums)")
      ->check(CLI::Range(1, 256));
  attribute_cmd->add_option("--shard", attribute.shard,
                            "Attribute only the customer tenants of shard I of N (I/N)");
  attribute_cmd->add_flag("--strict", attribute.strict,
                          "Fail at the first usage row that cannot be attributed");
  attribute_cmd->add_flag("!--no-progress", attribute.progress, "No progress bar on a terminal");
  context.OnChosen(attribute_cmd, [&attribute] { return RunAttribute(attribute); });
}

}  // namespace pal::cli
