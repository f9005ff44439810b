#include <gtest/gtest.h>

#include "attribution_fixture.h"

namespace pal::attribution {
namespace {

using testing::Attribute;
using testing::CaseBuilder;
using testing::kS1;
using testing::kT1;
using testing::kU1;
using Rows = std::vector<std::string>;

TEST(UsageLayouts, DetectedFromTheHeader) {
  auto cost = DetectUsageLayout(
      {"\xEF\xBB\xBFSubscriptionId", "ResourceId", " date ", "PreTaxCost"}, "old.csv");
  ASSERT_TRUE(cost.ok());
  EXPECT_EQ(cost->kind, UsageLayoutKind::kCostExport);
  EXPECT_EQ(cost->cost_column, "PreTaxCost");
  EXPECT_EQ(cost->date, 2u);
  auto focus = DetectUsageLayout(
      {"BillingCurrency", "EffectiveCost", "ChargePeriodStart", "ResourceId", "SubAccountId"},
      "f.csv");
  ASSERT_TRUE(focus.ok());
  EXPECT_EQ(focus->kind, UsageLayoutKind::kFocus);
  EXPECT_EQ(focus->subscription, 4u);
  auto missing = DetectUsageLayout({"SubAccountId", "ResourceId"}, "f.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidUsageFile");
  EXPECT_NE(missing.error().message.find("ChargePeriodStart, EffectiveCost"), std::string::npos)
      << missing.error().message;
}

// The same usage in every layout and date form gives the same rows.
TEST(UsageLayouts, CostExportFocusAndBothDateFormsAttributeIdentically) {
  const auto d =
      CaseBuilder()
          .Grant("/subscriptions/" + kS1 + "/resourceGroups/web", kU1, "2026-01-01T00:00:00Z")
          .Link(kT1, kU1, "719878", "2026-01-01T00:00:00Z")
          .Build();
  const std::string app =
      "/subscriptions/" + kS1 + "/resourceGroups/web/providers/Microsoft.Web/sites/app0";
  const std::string iso =
      "Date,SubscriptionId,ResourceGroup,ResourceId,CostInBillingCurrency,BillingCurrencyCode,"
      "Tags\r\n"
      "2026-10-04," +
      kS1 + ",web," + app +
      ",1.5,USD,\"{\"\"a\"\": \"\"x,\ny\"\"}\"\r\n"
      "2026-10-05," +
      kS1 + ",db,/subscriptions/" + kS1 + "/resourceGroups/db,2,USD,\r\n";
  const std::string us =
      "\xEF\xBB\xBF"
      "Date,SubscriptionId,ResourceGroup,ResourceId,Cost,BillingCurrencyCode,Tags\n"
      "10/04/2026," +
      kS1 + ",web," + app +
      ",1.5,USD,\"{\"\"a\"\": \"\"x,\ny\"\"}\"\n"
      "10/05/2026," +
      kS1 + ",db,/subscriptions/" + kS1 + "/resourceGroups/db,2,USD,\n";
  const std::string focus =
      "SubAccountId,ResourceId,ChargePeriodStart,EffectiveCost,BillingCurrency,Tags\n"
      "/subscriptions/" +
      kS1 + "," + app +
      ",2026-10-04T00:00:00Z,1.5,USD,\"{}\"\n"
      "/subscriptions/" +
      kS1 + ",/subscriptions/" + kS1 + "/resourceGroups/db,2026-10-05T00:00:00Z,2,USD,\n";
  const Rows expected = {"719878," + kS1 + ",PAL,1.500000,USD"};
  EXPECT_EQ(Attribute(d, "2026-10", iso), expected);
  EXPECT_EQ(Attribute(d, "2026-10", us), expected);
  EXPECT_EQ(Attribute(d, "2026-10", focus), expected);
}

struct Collected {
  std::vector<UsageRow> rows;
  std::vector<std::pair<UsageProblem, size_t>> problems;
  std::vector<std::string> resources;
  void Row(const UsageRow& r) {
    rows.push_back(r);
    resources.emplace_back(r.resource_id);
  }
  void Problem(UsageProblem p, size_t offset) { problems.push_back({p, offset}); }
};

TEST(UsageRowParser, CountsRowsThatCannotBeAttributedByReasonWithTheirOffsets) {
  auto layout = DetectUsageLayout(
      {"SubscriptionId", "ResourceId", "Date", "CostInBillingCurrency", "Tags"}, "u.csv");
  ASSERT_TRUE(layout.ok());
  UsageRowParser parser(*layout);
  Collected c;
  const std::string text =
      "s1,\"/r/\"\"quoted\"\"\",2026-10-01,1,\"t,1\"\n"  // 0: a row (escaped quotes in a needed
                                                         // column)
      ",/r,2026-10-01,1,\n"                              // no subscription
      "s1,/r,someday,1,\n"                               // bad date
      "s1,/r,2026-10-01,one,\n"                          // bad cost
      "s1,/r\n"                                          // too few fields
      "\n"                                               // blank: skipped
      "s1,\"/r\"x,2026-10-01,1,\n"                       // text after a closing quote
      "s1,/r,2026-10-01,2,\"open";                       // unterminated quote
  parser.Parse(text, c);
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.resources[0], "/r/\"quoted\"");
  EXPECT_EQ(c.rows[0].cost, 1'000'000'000);
  const std::vector<UsageProblem> expected = {
      UsageProblem::kNoSubscription, UsageProblem::kBadDate,      UsageProblem::kBadCost,
      UsageProblem::kMalformedRow,   UsageProblem::kMalformedRow, UsageProblem::kMalformedRow};
  ASSERT_EQ(c.problems.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(c.problems[i].first, expected[i]) << i;
  EXPECT_EQ(text.substr(c.problems[0].second, 4), ",/r,");
  EXPECT_EQ(text.substr(c.problems[1].second, 13), "s1,/r,someday");
}

}  // namespace
}  // namespace pal::attribution
