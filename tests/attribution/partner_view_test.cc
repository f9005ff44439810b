#include "attribution/partner_view.h"

#include <gtest/gtest.h>

#include "attribution_fixture.h"
#include "core/civil_date.h"

namespace pal::attribution {
namespace {

using testing::CaseBuilder;
using testing::kS1;
using testing::kS2;
using testing::kS3;
using testing::kSp;
using testing::kT1;
using testing::kT2;
using testing::kU1;
using testing::kU2;

const std::string kEarly = "2026-01-01T00:00:00Z";
const std::string kApp =
    "/subscriptions/" + kS1 + "/resourceGroups/web/providers/Microsoft.Web/sites/app0";
const std::string kOtherApp =
    "/subscriptions/" + kS2 + "/resourceGroups/web/providers/Microsoft.Web/sites/app9";

ExplainUsage Usage(const std::vector<std::tuple<int, std::string, std::string, double>>& rows) {
  ExplainUsage usage;
  for (const auto& [day, sub, resource, cost] : rows) {
    auto& sum = usage[{sub, NormaliseResourceId(resource),
                       *ParseUsageDay(fmt::format("2026-10-{:02}", day)), "USD"}];
    sum.cost += static_cast<NanosSum>(cost * 1e9);
    ++sum.rows;
  }
  return usage;
}

Explanation ExplainTenant(const Dataset& d, const std::string& partner, const ExplainUsage& usage) {
  auto x = ExplainAttribution(d, *ParseAttributionMonth("2026-10"), *Guid::Parse(kT1), partner,
                              std::nullopt, usage);
  EXPECT_TRUE(x.ok()) << x.error().message;
  return *x;
}

std::vector<std::string> Ids(const Explanation& x) {
  std::vector<std::string> ids;
  for (const auto& s : x.subscriptions) ids.push_back(s.subscription_id);
  return ids;
}

TEST(PartnerView, KeepsOnlySubscriptionsThePartnerHasAPartInWithoutUsageTotals) {
  // 719878: a grant on S1 of a linked principal. 111111: a grant on S2 of another principal.
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1 + "/resourceGroups/web", kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Grant("/subscriptions/" + kS2, kU2, kEarly)
                     .Link(kT1, kU2, "111111", kEarly)
                     .Build();
  const auto usage = Usage({{5, kS1, kApp, 1}, {5, kS2, kOtherApp, 999}});
  auto full = ExplainTenant(d, "719878", usage);
  EXPECT_EQ(full.subscriptions.size(), 3u) << "the operator's view has every subscription";
  RestrictToPartnerView(full);
  EXPECT_EQ(Ids(full), std::vector<std::string>{kS1});
  EXPECT_EQ(full.subscriptions[0].usage_rows, 0u);
  EXPECT_TRUE(full.subscriptions[0].usage_cost.empty());
  EXPECT_EQ(MoneyText(full.subscriptions[0].pal_cost), "1.000000 USD");
  auto other = ExplainTenant(d, "111111", usage);
  RestrictToPartnerView(other);
  EXPECT_EQ(Ids(other), std::vector<std::string>{kS2});
}

TEST(PartnerView, AFailedRuleSaysNoAmountOfUsageOutsideTheCredit) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1 + "/resourceGroups/db", kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  auto x = ExplainTenant(d, "719878", Usage({{5, kS1, kApp, 1234.5}}));
  RestrictToPartnerView(x);
  ASSERT_EQ(Ids(x), std::vector<std::string>{kS1});
  ASSERT_EQ(x.subscriptions[0].reasons.size(), 1u);
  const auto& reason = x.subscriptions[0].reasons[0];
  EXPECT_EQ(reason.code, "NoGrantContainsResource");
  EXPECT_EQ(reason.message.find("1234"), std::string::npos) << reason.message;
  EXPECT_NE(reason.message.find("/resourceGroups/db"), std::string::npos) << reason.message;
}

TEST(PartnerView, PartnerOfRecordAndLapsedGrantsCountOnlyWithinTheMonth) {
  // DPOR on S1 during the month; a grant on S2 that ended before it.
  const auto d = CaseBuilder()
                     .PartnerOfRecord(kS1, "719878", "2026-10-10T00:00:00Z")
                     .Grant("/subscriptions/" + kS2, kU1, kEarly, "2026-09-01T00:00:00Z")
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  auto x = ExplainTenant(d, "719878", {});
  RestrictToPartnerView(x);
  EXPECT_EQ(Ids(x), std::vector<std::string>{kS1});
}

TEST(PartnerView, NothingLeftMeansTheTenantIsNotShown) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS3, kU1, kEarly)
                     .Link(kT1, kU1, "111111", kEarly)
                     .Build();
  auto x = ExplainTenant(d, "719878", {});
  RestrictToPartnerView(x);
  EXPECT_TRUE(PartnerViewIsEmpty(x, nullptr));
  (void)kSp;
  (void)kT2;
}

TEST(PartnerView, PowerPlatformKeepsThePartnersOwnUsersAndNoOtherPartner) {
  PowerPlatformExplanation x;
  x.partner_id = "719878";
  PowerPlatformResourceExplanation mine;
  mine.resource_id = "mine";
  mine.credited_partner_id = "719878";
  mine.value = 4;
  mine.users = {
      {"u1", "", "", "owner", std::nullopt, 1, "719878", "Contoso Partner", 0, std::nullopt},
      {"u2", "", "", "active user", std::nullopt, 0, "", "", 0, std::nullopt}};
  PowerPlatformResourceExplanation outranked;
  outranked.resource_id = "outranked";
  outranked.credited_partner_id = "111111";
  outranked.credited_partner_name = "Fabrikam";
  outranked.credited_through = "u9";
  outranked.value = 7;
  outranked.users = {
      {"u9", "", "", "owner", std::nullopt, 1, "111111", "Fabrikam", 0, std::nullopt},
      {"u1", "", "", "co-owner", std::nullopt, 2, "719878", "Contoso Partner", 0, std::nullopt}};
  outranked.reasons = {{"B3", "OutrankedByLatestPartner",
                        "The resource is credited to partner 111111 (Fabrikam): ...",
                        "The resource is credited to another partner."}};
  PowerPlatformResourceExplanation unrelated;
  unrelated.resource_id = "unrelated";
  unrelated.credited_partner_id = "111111";
  unrelated.users = {
      {"u9", "", "", "owner", std::nullopt, 1, "111111", "Fabrikam", 0, std::nullopt}};
  x.resources = {mine, outranked, unrelated};
  RestrictToPartnerView(x);
  ASSERT_EQ(x.resources.size(), 2u);
  EXPECT_EQ(x.resources[0].resource_id, "mine");
  EXPECT_EQ(x.resources[0].users.size(), 1u);
  EXPECT_EQ(x.resources[0].value, 4u);
  const auto& o = x.resources[1];
  EXPECT_EQ(o.resource_id, "outranked");
  EXPECT_TRUE(o.credited_partner_id.empty() && o.credited_partner_name.empty() &&
              o.credited_through.empty());
  EXPECT_EQ(o.value, 0u);
  ASSERT_EQ(o.users.size(), 1u);
  EXPECT_EQ(o.users[0].user_id, "u1");
  EXPECT_EQ(o.reasons[0].message.find("111111"), std::string::npos);
  EXPECT_EQ(o.reasons[0].message.find("Fabrikam"), std::string::npos);
}

}  // namespace
}  // namespace pal::attribution
