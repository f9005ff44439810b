#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "attribution/html_report.h"
#include "core/result.h"

// `pal report --live`: the partner insights page from the server's answers to
// GET /providers/Pal.Insights/attribution (docs/api.md, "Partner organisations"), without I/O.

namespace pal::attribution {

// The most months one attribution request may ask for.
constexpr size_t kInsightsMonthsPerRequest = 12;

// The (from, to) of each request that together cover `months` (consecutive "YYYY-MM", oldest
// first): runs of at most kInsightsMonthsPerRequest, oldest first.
std::vector<std::pair<std::string, std::string>> InsightsRequestMonths(
    const std::vector<std::string>& months);

// Forbidden RevenueNotVisible when `answer` says the caller may not see revenue
// (`revenueVisible` false: a Report viewer): the report is about revenue.
Result<void> CheckInsightsRevenueVisible(const nlohmann::json& answer);

// The page's data from the answers of the requests InsightsRequestMonths gave for `months`:
// each month's Azure rows (sorted as `pal attribute` sorts them, costs parsed exactly from their
// 6-decimal text), the last month's Power Platform rows, and the names of partners, customers
// and subscriptions the answers carry (a partner id is shown with the name of the organisation
// the answer is about). `partner`: only that partner's section (InsightsReportData::partner).
// Errors: RevenueNotVisible (above); BadResponse when an answer is not what the API documents
// (a missing or mistyped field, a month not asked for, a cost that is not a decimal).
Result<InsightsReportData> InsightsReportFromAnswers(const std::vector<nlohmann::json>& answers,
                                                     const std::vector<std::string>& months,
                                                     const std::string& partner);

}  // namespace pal::attribution
