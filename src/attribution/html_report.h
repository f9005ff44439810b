#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attribution/attribution_report.h"
#include "attribution/power_platform_attribution.h"
#include "dataset/dataset.h"

namespace pal::attribution {

// The display names the page shows over ids (an id without one is shown alone).
struct InsightsNames {
  std::map<std::string, std::string> partners;       // partner id -> name
  std::map<std::string, std::string> customers;      // customer tenant id -> display name
  std::map<std::string, std::string> subscriptions;  // subscription id -> display name
};

// The names of a state's partners, tenants and subscriptions (`pal report` offline).
InsightsNames InsightsNamesOf(const Dataset& state);

// What the partner insights page shows: several months of attribution, from a state read
// offline or from the insights API's answers (`pal report --live`).
struct InsightsReportData {
  InsightsNames names;
  // The months, oldest first; the last is the report's month (the tables' month).
  std::vector<std::string> months;
  std::vector<std::vector<AttributionRow>> rows;  // per month in `months`: rules A1-A9, sorted
  // Rules B1-B5 of the last month; none when the state has no Power Platform data.
  std::optional<std::vector<PowerPlatformRow>> power_platform;
  std::string partner;  // only this partner's section; empty: every partner with attribution
};

// The partners the page has a section for: `data.partner` alone, or every partner with an Azure
// row in any month or a Power Platform row in the last month, by id.
std::vector<std::string> InsightsPartners(const InsightsReportData& data);

// The partner insights as one self-contained HTML page (inline CSS, inline SVG charts, a small
// inline script that only adds sorting; it refers to nothing outside itself). Per partner of
// InsightsPartners, a section with the revenue per month (a bar chart, `role="img"` named
// "Attributed revenue per month", and the same figures as a table), the totals of the last month
// per currency (`data-testid="total"`, text "1234.560000 USD") and per association, its rows by
// customer and subscription and its Power Platform resources. Rows carry `data-month`,
// `data-partner`, `data-tenant`, `data-subscription` (or `data-resource`), `data-association`,
// `data-cost` and `data-currency`. Costs are printed as `pal attribute` prints them; totals are
// exact sums of the printed (6-decimal) costs.
std::string RenderInsightsHtml(const InsightsReportData& data);

}  // namespace pal::attribution
