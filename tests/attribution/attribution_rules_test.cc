// Rules A1-A9 of docs/attribution-rules.md, each at its boundaries, on hand-made data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "attribution_fixture.h"

namespace pal::attribution {
namespace {

using testing::Attribute;
using testing::CaseBuilder;
using testing::CostExport;
using testing::kS1;
using testing::kS2;
using testing::kS3;
using testing::kSp;
using testing::kT1;
using testing::kT2;
using testing::kU1;
using testing::kU2;
using Rows = std::vector<std::string>;

const std::string kApp =
    "/subscriptions/" + kS1 + "/resourceGroups/web/providers/Microsoft.Web/sites/app0";
const std::string kEarly = "2026-01-01T00:00:00Z";

std::string Row(const std::string& day, const std::string& sub, const std::string& resource,
                const std::string& cost) {
  return fmt::format("2026-10-{},{},{},{}", day, sub, resource, cost);
}

TEST(AttributionRules, A1RowsOfOneDaySubscriptionAndResourceMaySplitOrSum) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  const Rows split =
      Attribute(d, "2026-10",
                CostExport({Row("10", kS1, kApp, "1.25"), Row("10", kS1, kApp, "2.50"),
                            Row("11", kS1, kApp, "0.000001")}));
  const Rows summed = Attribute(
      d, "2026-10", CostExport({Row("10", kS1, kApp, "3.75"), Row("11", kS1, kApp, "0.000001")}));
  EXPECT_EQ(split, (Rows{"719878," + kS1 + ",PAL,3.750001,USD"}));
  EXPECT_EQ(split, summed);
}

TEST(AttributionRules, A2EveryRoleCountsAndLighthouseDelegationsAreGrants) {
  // Reader through a role assignment; Contributor through Lighthouse, linked in the managing
  // tenant.
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Delegate("/subscriptions/" + kS2, kSp, kEarly)
                     .Link(kT2, kSp, "111111", kEarly)
                     .Build();
  EXPECT_EQ(
      Attribute(d, "2026-10", CostExport({Row("10", kS1, kApp, "5"), Row("10", kS2, "", "7")})),
      (Rows{"111111," + kS2 + ",PAL,7.000000,USD", "719878," + kS1 + ",PAL,5.000000,USD"}));
}

TEST(AttributionRules, A3AGrantEndingAtTheDaysLastSecondIsNotInForceThatDay) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly, "2026-10-10T23:59:59Z")
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  // Day 9 is credited (23:59:59 < end); day 10 is not (end <= 23:59:59).
  EXPECT_EQ(
      Attribute(d, "2026-10", CostExport({Row("09", kS1, kApp, "1"), Row("10", kS1, kApp, "2")})),
      (Rows{"719878," + kS1 + ",PAL,1.000000,USD"}));
  // One second later, day 10 counts too; a grant starting exactly at D 23:59:59Z counts on D.
  const auto later = CaseBuilder()
                         .Grant("/subscriptions/" + kS1, kU1, kEarly, "2026-10-11T00:00:00Z")
                         .Grant("/subscriptions/" + kS2, kU1, "2026-10-20T23:59:59Z")
                         .Link(kT1, kU1, "719878", kEarly)
                         .Build();
  EXPECT_EQ(Attribute(later, "2026-10",
                      CostExport({Row("09", kS1, kApp, "1"), Row("10", kS1, kApp, "2"),
                                  Row("19", kS2, "", "4"), Row("20", kS2, "", "8")})),
            (Rows{"719878," + kS1 + ",PAL,3.000000,USD", "719878," + kS2 + ",PAL,8.000000,USD"}));
}

TEST(AttributionRules, A3ALinkSwitchedMidDayCreditsThePartnerLinkedAtTheDaysEnd) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly)
                     .Link(kT1, kU1, "111111", kEarly, "2026-10-15T12:00:00Z")
                     .Link(kT1, kU1, "719878", "2026-10-15T12:00:00Z")
                     .Build();
  EXPECT_EQ(Attribute(d, "2026-10",
                      CostExport({Row("14", kS1, kApp, "1"), Row("15", kS1, kApp, "2"),
                                  Row("16", kS1, kApp, "4")})),
            (Rows{"111111," + kS1 + ",PAL,1.000000,USD", "719878," + kS1 + ",PAL,6.000000,USD"}));
}

TEST(AttributionRules, A4ANestedChildResourceIsInsideAResourceScopedGrant) {
  const auto d = CaseBuilder().Grant(kApp, kU1, kEarly).Link(kT1, kU1, "719878", kEarly).Build();
  const Rows rows = Attribute(
      d, "2026-10",
      CostExport(
          {Row("10", kS1, kApp + "/slots/staging", "1"),   // child: in
           Row("10", kS1, kApp + "/slots/staging/", "2"),  // trailing slash: in
           Row("10", kS1, kApp, "4"),                      // itself: in
           Row("10", kS1, kApp + "x", "8"),                // app0x: out
           Row("10", kS1, "/subscriptions/" + kS1 + "/resourceGroups/web", "16"),  // parent: out
           Row("10", kS1, "", "32")}));  // no resource: out
  EXPECT_EQ(rows, (Rows{"719878," + kS1 + ",PAL,7.000000,USD"}));
}

TEST(AttributionRules, A4IdsCompareCaseInsensitively) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1 + "/resourceGroups/Web", kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  std::string upper = kApp;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string sub_upper = kS1;
  for (auto& c : sub_upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(Attribute(d, "2026-10", CostExport({Row("10", sub_upper, upper, "3")})),
            (Rows{"719878," + kS1 + ",PAL,3.000000,USD"}));
}

TEST(AttributionRules, A4AManagementGroupThreeLevelsUpAndTheRootContainTheSubscription) {
  // S1 sits in mg-c < mg-b < mg-a < root; S2 directly under the root.
  const auto d = CaseBuilder()
                     .Grant("/providers/Microsoft.Management/managementGroups/mg-a", kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Grant("/", kU2, kEarly)
                     .Link(kT1, kU2, "111111", kEarly)
                     .Build();
  EXPECT_EQ(
      Attribute(d, "2026-10", CostExport({Row("10", kS1, kApp, "1"), Row("10", kS2, "", "2")})),
      (Rows{"111111," + kS1 + ",PAL,1.000000,USD", "111111," + kS2 + ",PAL,2.000000,USD",
            "719878," + kS1 + ",PAL,1.000000,USD"}));
}

TEST(AttributionRules, A5LighthousePrincipalIsLinkedInItsOwnTenant) {
  // The delegated principal's link lives in the managing tenant T2; a link in no tenant would not
  // count.
  const auto linked = CaseBuilder()
                          .Delegate("/subscriptions/" + kS1 + "/resourceGroups/web", kSp, kEarly)
                          .Link(kT2, kSp, "719878", kEarly)
                          .Build();
  EXPECT_EQ(
      Attribute(linked, "2026-10",
                CostExport({Row("10", kS1, kApp, "5"),
                            Row("10", kS1, "/subscriptions/" + kS1 + "/resourceGroups/db", "6")})),
      (Rows{"719878," + kS1 + ",PAL,5.000000,USD"}));
  const auto unlinked = CaseBuilder().Delegate("/subscriptions/" + kS1, kSp, kEarly).Build();
  EXPECT_TRUE(Attribute(unlinked, "2026-10", CostExport({Row("10", kS1, kApp, "5")})).empty());
}

TEST(AttributionRules, A6EachCreditedPartnerGetsTheFullCostOnce) {
  // Two principals and two scopes reach 719878; a third principal reaches 111111.
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly)
                     .Grant(kApp, kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Delegate("/subscriptions/" + kS1, kSp, kEarly)
                     .Link(kT2, kSp, "719878", kEarly)
                     .Grant("/subscriptions/" + kS1 + "/resourceGroups/web", kU2, kEarly)
                     .Link(kT1, kU2, "111111", kEarly)
                     .Build();
  EXPECT_EQ(Attribute(d, "2026-10", CostExport({Row("10", kS1, kApp, "10")})),
            (Rows{"111111," + kS1 + ",PAL,10.000000,USD", "719878," + kS1 + ",PAL,10.000000,USD"}));
}

TEST(AttributionRules, A7PartnerOfRecordOnEnterpriseAgreementUnlessPalCreditsTheSamePartner) {
  const auto d = CaseBuilder()
                     .Grant(kApp, kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .PartnerOfRecord(kS1, "719878", kEarly)
                     .PartnerOfRecord(kS2, "111111", kEarly)  // S2 is an Azure plan: no DPOR credit
                     .Build();
  // Same row, PAL and DPOR for one partner: one PAL row. Other resources: DPOR.
  EXPECT_EQ(
      Attribute(d, "2026-10",
                CostExport({Row("10", kS1, kApp, "1"),
                            Row("10", kS1, "/subscriptions/" + kS1 + "/resourceGroups/db", "2"),
                            Row("10", kS2, "", "4")})),
      (Rows{"719878," + kS1 + ",DPOR,2.000000,USD", "719878," + kS1 + ",PAL,1.000000,USD"}));
  // A partner of record removed at D 23:59:59Z is not in force on D; another partner's PAL does not
  // hide it.
  const auto changed = CaseBuilder()
                           .Grant("/subscriptions/" + kS1, kU1, kEarly)
                           .Link(kT1, kU1, "111111", kEarly)
                           .PartnerOfRecord(kS1, "719878", kEarly, "2026-10-10T23:59:59Z")
                           .Build();
  EXPECT_EQ(Attribute(changed, "2026-10",
                      CostExport({Row("09", kS1, kApp, "1"), Row("10", kS1, kApp, "2")})),
            (Rows{"111111," + kS1 + ",PAL,3.000000,USD", "719878," + kS1 + ",DPOR,1.000000,USD"}));
}

TEST(AttributionRules, A8DisabledAndDeletedSubscriptionsAreNotAttributedButWarnedIs) {
  const auto d = CaseBuilder().Grant("/", kU1, kEarly).Link(kT1, kU1, "719878", kEarly).Build();
  UsageCounts counts;
  EXPECT_EQ(Attribute(d, "2026-10", CostExport({Row("10", kS3, "", "1"), Row("10", kS2, "", "2")}),
                      &counts),
            (Rows{"719878," + kS2 + ",PAL,2.000000,USD"}));
  EXPECT_EQ(counts.inactive, 1u);
  EXPECT_EQ(counts.placed, 1u);
}

TEST(AttributionRules, A9SumsPerMonthAndCurrencyNeverAcross) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  const std::string usage =
      "Date,SubscriptionId,ResourceId,CostInBillingCurrency,BillingCurrencyCode\n"
      "2026-10-01," +
      kS1 + "," + kApp +
      ",1.1234565,USD\n"
      "2026-10-02," +
      kS1 + "," + kApp +
      ",2,EUR\n"
      "2026-10-31," +
      kS1 + "," + kApp +
      ",-0.5,USD\n"
      "2026-11-01," +
      kS1 + "," + kApp + ",100,USD\n";
  UsageCounts counts;
  EXPECT_EQ(Attribute(d, "2026-10", usage, &counts),
            (Rows{"719878," + kS1 + ",PAL,0.623457,USD", "719878," + kS1 + ",PAL,2.000000,EUR"}));
  EXPECT_EQ(counts.other_month, 1u);
}

TEST(AttributionRules, ShardsPartitionTenantsAndTogetherGiveTheWhole) {
  const auto d = CaseBuilder().Grant("/", kU1, kEarly).Link(kT1, kU1, "719878", kEarly).Build();
  const std::string usage = CostExport({Row("10", kS1, kApp, "1"), Row("10", kS2, "", "2")});
  const auto whole = Attribute(d, "2026-10", usage);
  std::vector<std::string> joined;
  for (std::uint32_t i = 0; i < 3; ++i) {
    UsageCounts counts;
    for (auto& r : Attribute(d, "2026-10", usage, &counts, {i, 3})) joined.push_back(r);
    EXPECT_EQ(counts.placed + counts.other_shard, 2u);
  }
  std::sort(joined.begin(), joined.end());
  EXPECT_EQ(joined, whole);
  EXPECT_LT(ShardOfTenant(*Guid::Parse(kT1), 3), 3u);
  EXPECT_EQ(ParseTenantShard("3/3").error().code, "InvalidShard");
  EXPECT_EQ(ParseTenantShard("1/4")->count, 4u);
}

}  // namespace
}  // namespace pal::attribution
