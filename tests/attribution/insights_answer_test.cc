#include "attribution/insights_answer.h"

#include <gtest/gtest.h>

#include "core/money_amount.h"

namespace pal::attribution {
namespace {

using nlohmann::json;

constexpr const char* kContoso = "c0a70500-0000-4000-8000-000000000001";
constexpr const char* kProduction = "5b0a1c3e-0000-4000-8000-000000000101";
constexpr const char* kDevelopment = "5b0a1c3e-0000-4000-8000-000000000102";

json Row(const std::string& month, const std::string& partner, const std::string& subscription,
         const std::string& association, const json& cost, const std::string& currency = "USD") {
  return {{"month", month},
          {"partnerId", partner},
          {"tenantId", kContoso},
          {"customerName", "Contoso (customer)"},
          {"subscriptionId", subscription},
          {"subscriptionName",
           subscription == kProduction ? "Contoso Production" : "Contoso Development"},
          {"association", association},
          {"cost", cost},
          {"currency", currency}};
}

json PowerPlatform(const std::string& month, const std::string& resource, std::uint64_t users) {
  return {{"month", month},
          {"partnerId", "719878"},
          {"tenantId", kContoso},
          {"customerName", "Contoso (customer)"},
          {"resourceId", resource},
          {"product", "CanvasApp"},
          {"metric", "MonthlyActiveUsers"},
          {"value", users},
          {"eligible", true}};
}

json Answer(const std::vector<std::string>& months, json rows, json power_platform = json::array(),
            bool revenue = true) {
  return {{"partnerId", "719878"},
          {"partnerName", "Mekorma"},
          {"organizationId", "4960815"},
          {"roles", revenue ? json::array({"Admin"}) : json::array({"ReportViewer"})},
          {"revenueVisible", revenue},
          {"months", months},
          {"value", std::move(rows)},
          {"powerPlatform", std::move(power_platform)}};
}

std::vector<std::string> Months(int year, int first, size_t count) {
  std::vector<std::string> months;
  for (size_t i = 0; i < count; ++i) {
    const int index = year * 12 + first - 1 + static_cast<int>(i);
    months.push_back(std::to_string(index / 12) + "-" + (index % 12 + 1 < 10 ? "0" : "") +
                     std::to_string(index % 12 + 1));
  }
  return months;
}

TEST(InsightsAnswerTest, RequestsCoverTheMonthsTwelveAtATime) {
  using Pages = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(InsightsRequestMonths({"2026-12"}), (Pages{{"2026-12", "2026-12"}}));
  EXPECT_EQ(InsightsRequestMonths(Months(2026, 1, 12)), (Pages{{"2026-01", "2026-12"}}));
  EXPECT_EQ(InsightsRequestMonths(Months(2025, 11, 14)),
            (Pages{{"2025-11", "2026-10"}, {"2026-11", "2026-12"}}));
  EXPECT_EQ(InsightsRequestMonths(Months(2022, 1, 60)), (Pages{{"2022-01", "2022-12"},
                                                               {"2023-01", "2023-12"},
                                                               {"2024-01", "2024-12"},
                                                               {"2025-01", "2025-12"},
                                                               {"2026-01", "2026-12"}}));
  EXPECT_TRUE(InsightsRequestMonths({}).empty());
}

TEST(InsightsAnswerTest, RowsGoToTheirMonthSortedWithNamesFromTheAnswer) {
  const auto months = Months(2026, 11, 2);
  auto data = InsightsReportFromAnswers(
      {Answer(months, json::array({Row("2026-12", "719878", kDevelopment, "DPOR", "0.250000"),
                                   Row("2026-11", "719878", kDevelopment, "PAL", "1.000000"),
                                   Row("2026-12", "719878", kProduction, "PAL", "2.500000")}))},
      months, "719878");
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->months, months);
  EXPECT_EQ(data->partner, "719878");
  ASSERT_EQ(data->rows.size(), 2u);
  ASSERT_EQ(data->rows[0].size(), 1u);
  EXPECT_EQ(data->rows[0][0].cost, kNanosPerUnit);
  ASSERT_EQ(data->rows[1].size(), 2u);
  // Sorted as pal attribute sorts its rows (month, partner, tenant, subscription, ...).
  EXPECT_EQ(data->rows[1][0].subscription_id, kProduction);
  EXPECT_EQ(data->rows[1][0].cost, 2 * kNanosPerUnit + kNanosPerUnit / 2);
  EXPECT_EQ(data->rows[1][1].subscription_id, kDevelopment);
  EXPECT_EQ(data->rows[1][1].association, "DPOR");
  EXPECT_EQ(data->rows[1][1].cost, kNanosPerUnit / 4);
  EXPECT_EQ(data->names.partners.at("719878"), "Mekorma");
  EXPECT_EQ(data->names.customers.at(kContoso), "Contoso (customer)");
  EXPECT_EQ(data->names.subscriptions.at(kProduction), "Contoso Production");
  ASSERT_TRUE(data->power_platform.has_value());
  EXPECT_TRUE(data->power_platform->empty());
}

TEST(InsightsAnswerTest, CostsAreParsedExactlyAndSummedExactly) {
  // 9007199254.740993 is not a double; 0.1 + 0.2 is not 0.3 in doubles.
  const std::vector<std::string> months = {"2026-12"};
  auto data = InsightsReportFromAnswers(
      {Answer(months,
              json::array({Row("2026-12", "719878", kProduction, "PAL", "9007199254.740993"),
                           Row("2026-12", "719878", kDevelopment, "PAL", "9007199254.740993"),
                           Row("2026-12", "719878", kProduction, "DPOR", "0.100000", "EUR"),
                           Row("2026-12", "719878", kDevelopment, "DPOR", "0.200000", "EUR"),
                           Row("2026-12", "719878", kDevelopment, "DPOR", "-0.000001", "GBP")}))},
      months, "");
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(data->rows[0].back().cost, 9'007'199'254'740'993'000LL);
  const std::string html = RenderInsightsHtml(*data);
  EXPECT_NE(html.find(">18014398509.481986 USD</li>"), std::string::npos) << html;
  EXPECT_NE(html.find(">0.300000 EUR</li>"), std::string::npos);
  EXPECT_NE(html.find(">-0.000001 GBP</li>"), std::string::npos);
  EXPECT_NE(html.find("data-cost=\"9007199254.740993\""), std::string::npos);
}

TEST(InsightsAnswerTest, PagesAreJoinedAndPowerPlatformIsTheLastMonths) {
  const auto months = Months(2025, 11, 14);
  const std::vector<std::string> first(months.begin(), months.begin() + 12),
      second(months.begin() + 12, months.end());
  auto data = InsightsReportFromAnswers(
      {Answer(first, json::array({Row("2025-11", "719878", kProduction, "PAL", "3.000000")}),
              json::array({PowerPlatform("2026-10", "old-app", 4)})),
       Answer(second, json::array({Row("2026-12", "719879", kProduction, "PAL", "4.000000")}),
              json::array({PowerPlatform("2026-11", "app-nov", 2),
                           PowerPlatform("2026-12", "app-dec", 3)}))},
      months, "");
  ASSERT_TRUE(data.ok()) << data.error().message;
  ASSERT_EQ(data->rows.size(), 14u);
  EXPECT_EQ(data->rows.front().size(), 1u);
  EXPECT_EQ(data->rows.back().size(), 1u);
  for (size_t m = 1; m + 1 < 14; ++m) EXPECT_TRUE(data->rows[m].empty()) << m;
  ASSERT_EQ(data->power_platform->size(), 1u);
  EXPECT_EQ(data->power_platform->front().resource_id, "app-dec");
  EXPECT_EQ(data->power_platform->front().value, 3u);
  EXPECT_TRUE(data->power_platform->front().eligible);
  // Every id of the answers is the organisation's: named after it.
  EXPECT_EQ(InsightsPartners(*data), (std::vector<std::string>{"719878", "719879"}));
  EXPECT_EQ(data->names.partners.at("719879"), "Mekorma");
}

TEST(InsightsAnswerTest, TheSameRowsRenderTheSamePageAsOffline) {
  // What pal report renders from a state (names from it, costs in nanos) and from the answer the
  // server gives for the same rows (costs as 6-decimal text) are the same page.
  InsightsReportData offline;
  offline.months = {"2026-11", "2026-12"};
  offline.partner = "719878";
  offline.names.partners = {{"719878", "Mekorma"}, {"1234567", "Northwind Traders"}};
  offline.names.customers = {{kContoso, "Contoso (customer)"}};
  offline.names.subscriptions = {{kProduction, "Contoso Production"},
                                 {kDevelopment, "Contoso Development"}};
  auto row = [](std::string month, std::string partner, std::string subscription,
                std::string association, NanosSum cost) {
    return AttributionRow{std::move(month),        std::move(partner),     "",   kContoso,
                          std::move(subscription), std::move(association), cost, "USD"};
  };
  offline.rows = {{row("2026-11", "719878", kProduction, "PAL", 1'234'567'000)},
                  {row("2026-12", "1234567", kDevelopment, "PAL", 5'000'000'000),
                   row("2026-12", "719878", kProduction, "PAL", 987'654'321'000),
                   row("2026-12", "719878", kDevelopment, "DPOR", 10'370'000'000)}};
  offline.power_platform = std::vector<PowerPlatformRow>{
      {"2026-12", "719878", "", kContoso, "contoso-production/canvasapps/field-inspections",
       "CanvasApp", "MonthlyActiveUsers", 1, true}};

  json rows = json::array(), power_platform = json::array();
  // In another order than the engine's: the page does not depend on the answer's order.
  for (auto month_rows = offline.rows.rbegin(); month_rows != offline.rows.rend(); ++month_rows) {
    for (const auto& r : *month_rows) {
      if (r.partner_id != "719878") continue;  // the server answers only the caller's organisation
      rows.push_back(
          Row(r.month, r.partner_id, r.subscription_id, r.association, FormatCost6(r.cost)));
    }
  }
  for (const auto& r : *offline.power_platform)
    power_platform.push_back(PowerPlatform(r.month, r.resource_id, r.value));
  auto live = InsightsReportFromAnswers({Answer(offline.months, rows, power_platform)},
                                        offline.months, "719878");
  ASSERT_TRUE(live.ok()) << live.error().message;
  EXPECT_EQ(RenderInsightsHtml(*live), RenderInsightsHtml(offline));
}

TEST(InsightsAnswerTest, AReportViewerIsRefusedBecauseTheReportIsAboutRevenue) {
  const std::vector<std::string> months = {"2026-12"};
  const json viewer =
      Answer(months, json::array({Row("2026-12", "719878", kProduction, "PAL", nullptr)}),
             json::array(), false);
  auto checked = CheckInsightsRevenueVisible(viewer);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(checked.error().code, "RevenueNotVisible");
  EXPECT_NE(checked.error().message.find("Admin or Executive report viewer"), std::string::npos);
  EXPECT_EQ(checked.error().message.find('\n'), std::string::npos);
  auto data = InsightsReportFromAnswers({viewer}, months, "");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().code, "RevenueNotVisible");
  EXPECT_TRUE(CheckInsightsRevenueVisible(Answer(months, json::array())).ok());
}

TEST(InsightsAnswerTest, AnswersNotAsDocumentedAreBadResponses) {
  const std::vector<std::string> months = {"2026-12"};
  auto bad = [&](const json& answer) {
    auto data = InsightsReportFromAnswers({answer}, months, "");
    if (data.ok()) return std::string("accepted");
    return data.error().code;
  };
  EXPECT_EQ(bad(json::array()), "BadResponse");
  EXPECT_EQ(bad(json::object()), "BadResponse");
  json answer = Answer(months, json::array());
  answer.erase("value");
  EXPECT_EQ(bad(answer), "BadResponse");
  // A null cost where revenue is visible, a cost that is not a decimal, a number for text.
  EXPECT_EQ(
      bad(Answer(months, json::array({Row("2026-12", "719878", kProduction, "PAL", nullptr)}))),
      "BadResponse");
  EXPECT_EQ(
      bad(Answer(months, json::array({Row("2026-12", "719878", kProduction, "PAL", "12,5")}))),
      "BadResponse");
  EXPECT_EQ(bad(Answer(months, json::array({Row("2026-12", "719878", kProduction, "PAL", 12.5)}))),
            "BadResponse");
  // A month not asked for.
  EXPECT_EQ(
      bad(Answer(months, json::array({Row("2026-11", "719878", kProduction, "PAL", "1.000000")}))),
      "BadResponse");
  json pp = Answer(months, json::array(), json::array({PowerPlatform("2026-12", "app", 1)}));
  pp["powerPlatform"][0]["value"] = -1;
  EXPECT_EQ(bad(pp), "BadResponse");
  // Pages about different organisations.
  json other = Answer(months, json::array());
  other["organizationId"] = "1234567";
  auto mixed = InsightsReportFromAnswers({Answer(months, json::array()), other}, months, "");
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, "BadResponse");
}

}  // namespace
}  // namespace pal::attribution
