#include "cli/report_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "attribution/attribution_run.h"
#include "attribution/html_report.h"
#include "attribution/insights_answer.h"
#include "cli/arm_client.h"
#include "cli/attribute_command.h"
#include "cli/output_format.h"
#include "core/number_format.h"
#include "core/partner.h"

namespace pal::cli {

using attribution::AttributionMonth;
using attribution::AttributionRunOptions;
using attribution::CheckInsightsRevenueVisible;
using attribution::InsightsNamesOf;
using attribution::InsightsPartners;
using attribution::InsightsReportData;
using attribution::InsightsReportFromAnswers;
using attribution::InsightsRequestMonths;
using attribution::LoadAttributionInputs;
using attribution::ParseAttributionMonth;
using attribution::RenderInsightsHtml;
using attribution::RunAttributionMonth;

namespace {

constexpr unsigned kMaxMonths = 60;
constexpr int kMonthsPerYear = 12;

// The `count` months ending at `last` ("YYYY-MM", already valid), oldest first.
std::vector<std::string> MonthsEndingAt(const std::string& last, unsigned count) {
  const int year = std::stoi(last.substr(0, 4));
  const int month = std::stoi(last.substr(5, 2));
  std::vector<std::string> months;
  for (int back = static_cast<int>(count) - 1; back >= 0; --back) {
    const int index = year * kMonthsPerYear + (month - 1) - back;
    months.push_back(
        fmt::format("{:04d}-{:02d}", index / kMonthsPerYear, index % kMonthsPerYear + 1));
  }
  return months;
}

// --live: the months' insights from the `pal login` profile's server, at most 12 months per
// request; the server decides what the caller may see.
int RunLiveReport(const ReportOptions& options, const std::vector<AttributionMonth>& months) {
  if (!options.partner.empty()) {
    if (auto syntax = ValidatePartnerIdSyntax(options.partner); !syntax.ok())
      return PrintCliError(syntax.error());
  }
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::string> month_texts;
  for (const auto& month : months) month_texts.push_back(month.text);
  std::vector<nlohmann::json> answers;
  for (const auto& [from, to] : InsightsRequestMonths(month_texts)) {
    auto answer = client->Get(
        fmt::format("/providers/Pal.Insights/attribution?api-version=2026-12-01&from={}&to={}{}",
                    from, to, options.partner.empty() ? "" : "&partnerId=" + options.partner));
    if (!answer.ok()) return PrintCliError(answer.error());
    // A Report viewer is refused at the first answer, before asking for more.
    if (auto visible = CheckInsightsRevenueVisible(*answer); !visible.ok())
      return PrintCliError(visible.error());
    answers.push_back(std::move(*answer));
  }
  auto data = InsightsReportFromAnswers(answers, month_texts, options.partner);
  if (!data.ok()) return PrintCliError(data.error());
  if (auto written = WriteOutputFile(options.html, RenderInsightsHtml(*data)); !written.ok()) {
    return PrintCliError(written.error());
  }
  const size_t partners = InsightsPartners(*data).size();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(
      stderr,
      "pal report %s (live, %s): %zu month%s (%s to %s), %zu partner%s; %zu request%s; %.2f s.\n",
      month_texts.back().c_str(), client->profile().server.c_str(), month_texts.size(),
      month_texts.size() == 1 ? "" : "s", month_texts.front().c_str(), month_texts.back().c_str(),
      partners, partners == 1 ? "" : "s", answers.size(), answers.size() == 1 ? "" : "s", seconds);
  return 0;
}

}  // namespace

int RunReport(const ReportOptions& given) {
  ReportOptions options = given;
  if (options.live) {
    // Offline inputs mean the operator's own data: never mixed with what the server shows.
    for (const auto& [given_option, name] : {std::pair{!options.dataset_dir.empty(), "--dataset"},
                                             std::pair{!options.data_dir.empty(), "--data"},
                                             std::pair{!options.usage.empty(), "--usage"},
                                             std::pair{options.threads != 0, "--threads"}}) {
      if (!given_option) continue;
      return PrintCliError(Error::InvalidArgument(
          "InvalidArgument",
          fmt::format(
              "--live reads the insights the server shows you; it cannot be combined with {} (the "
              "offline report of a data set or data directory).",
              name)));
    }
  }
  if (options.html.empty())
    return PrintCliError(
        Error::InvalidArgument("InvalidArgument", "Name the file with --html FILE."));
  if (options.months < 1 || options.months > kMaxMonths) {
    return PrintCliError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("--months must be 1 to {}.", kMaxMonths)));
  }
  auto last = ParseAttributionMonth(options.month);
  if (!last.ok()) return PrintCliError(last.error());
  std::vector<AttributionMonth> months;
  for (const auto& text : MonthsEndingAt(last->text, options.months)) {
    auto month = ParseAttributionMonth(text);
    if (!month.ok()) return PrintCliError(month.error());  // before year 1 or after 9999
    months.push_back(*month);
  }
  if (options.live) return RunLiveReport(options, months);
  auto inputs = LoadAttributionInputs(options.dataset_dir, options.data_dir, options.usage);
  if (!inputs.ok()) return PrintAttributionInputsError(inputs.error());
  if (!options.partner.empty() &&
      std::none_of(inputs->state.partners.begin(), inputs->state.partners.end(),
                   [&](const DatasetPartner& p) { return p.partner_id == options.partner; })) {
    return PrintCliError(Error::NotFound(
        "PartnerNotFound",
        fmt::format("Partner {} is not in the data set's partners.", options.partner)));
  }
  AttributionRunOptions run_options;
  run_options.usage = options.usage;
  run_options.threads = options.threads;
  run_options.progress = options.progress;
  run_options.from_store = !options.data_dir.empty();
  InsightsReportData data;
  data.names = InsightsNamesOf(inputs->state);
  data.partner = options.partner;
  std::uint64_t usage_rows = 0;
  double seconds = 0;
  for (const auto& month : months) {
    auto run = RunAttributionMonth(*inputs, month, run_options);
    if (!run.ok()) return PrintCliError(run.error());
    usage_rows = run->scan.rows;
    seconds += run->scan.seconds + run->index_seconds;
    data.months.push_back(month.text);
    data.rows.push_back(std::move(run->rows));
    data.power_platform = std::move(run->power_platform);  // the last month's is kept
  }
  if (auto written = WriteOutputFile(options.html, RenderInsightsHtml(data)); !written.ok()) {
    return PrintCliError(written.error());
  }
  const size_t partners = InsightsPartners(data).size();
  std::fprintf(stderr,
               "pal report %s: %u month%s (%s to %s), %zu partner%s; %s usage rows read per month; "
               "%.2f s.\n",
               last->text.c_str(), options.months, options.months == 1 ? "" : "s",
               data.months.front().c_str(), data.months.back().c_str(), partners,
               partners == 1 ? "" : "s", FormatThousands(usage_rows).c_str(), seconds);
  return 0;
}

void RegisterReportCommand(CLI::App& app, CommandContext& context) {
  auto& report = context.Hold<ReportOptions>();
  auto* report_cmd = app.add_subcommand(
      "report",
      "Write the partner insights (revenue per month, customer and subscription) as an HTML file");
  report_cmd->add_flag(
      "--live", report.live,
      "Read the insights from the pal login server, as your Partner Center role in the partner's "
      "organisation shows them (Admin or Executive report viewer), instead of local data");
  report_cmd->add_option("--dataset", report.dataset_dir,
                         "Data set folder (state tables; DIR/usage.csv)");
  report_cmd->add_option("--data", report.data_dir,
                         "Read the state and history of this pal data directory instead");
  report_cmd->add_option("--month", report.month, "The report's month, YYYY-MM")->required();
  report_cmd
      ->add_option("--months", report.months,
                   "Months in the revenue chart, ending at --month (default 6)")
      ->check(CLI::Range(1, 60));
  report_cmd->add_option("--usage", report.usage,
                         "Usage files (cost export or FOCUS; .gz accepted)");
  report_cmd->add_option(
      "--partner", report.partner,
      "Only this partner (MPN) ID (--live: one of your organisation's, needed when you hold "
      "roles in several)");
  report_cmd->add_option("--html", report.html, "Write the HTML report to this file")->required();
  report_cmd->add_option("--threads", report.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  report_cmd->add_flag("!--no-progress", report.progress, "No progress bar on a terminal");
  context.OnChosen(report_cmd, [&report] { return RunReport(report); });
}

}  // namespace pal::cli
