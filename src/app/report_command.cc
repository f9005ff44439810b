#include "app/report_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "app/arm_client.h"
#include "app/attribute_command.h"
#include "app/attribution_run.h"
#include "app/html_report.h"
#include "app/output_format.h"

namespace pal::app {
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
    months.push_back(fmt::format("{:04d}-{:02d}", index / kMonthsPerYear, index % kMonthsPerYear + 1));
  }
  return months;
}

}  // namespace

int RunReport(const ReportOptions& given) {
  ReportOptions options = given;
  if (options.html.empty()) return PrintCliError(Error::InvalidArgument("InvalidArgument", "Name the file with --html FILE."));
  if (options.months < 1 || options.months > kMaxMonths) {
    return PrintCliError(Error::InvalidArgument("InvalidArgument", fmt::format("--months must be 1 to {}.", kMaxMonths)));
  }
  auto last = ParseAttributionMonth(options.month);
  if (!last.ok()) return PrintCliError(last.error());
  std::vector<AttributionMonth> months;
  for (const auto& text : MonthsEndingAt(last->text, options.months)) {
    auto month = ParseAttributionMonth(text);
    if (!month.ok()) return PrintCliError(month.error());  // before year 1 or after 9999
    months.push_back(*month);
  }
  auto inputs = LoadAttributionInputs(options.dataset_dir, options.data_dir, options.usage);
  if (!inputs.ok()) return PrintAttributionInputsError(inputs.error());
  if (!options.partner.empty() &&
      std::none_of(inputs->state.partners.begin(), inputs->state.partners.end(),
                   [&](const DatasetPartner& p) { return p.partner_id == options.partner; })) {
    return PrintCliError(Error::NotFound("PartnerNotFound",
                                         fmt::format("Partner {} is not in the data set's partners.", options.partner)));
  }
  AttributionRunOptions run_options;
  run_options.usage = options.usage;
  run_options.threads = options.threads;
  run_options.progress = options.progress;
  run_options.from_store = !options.data_dir.empty();
  InsightsReportData data;
  data.state = &inputs->state;
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
  std::fprintf(stderr, "pal report %s: %u month%s (%s to %s), %zu partner%s; %s usage rows read per month; %.2f s.\n",
               last->text.c_str(), options.months, options.months == 1 ? "" : "s", data.months.front().c_str(),
               data.months.back().c_str(), partners, partners == 1 ? "" : "s", FormatThousands(usage_rows).c_str(),
               seconds);
  return 0;
}

}  // namespace pal::app
