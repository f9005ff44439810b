#include "attribution/attribution_explanation.h"

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

// Usage rows (day of October 2026, subscription, resource, cost in USD).
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

SubscriptionExplanation Explain(const Dataset& d, const std::string& partner,
                                const std::string& sub, const ExplainUsage& usage) {
  auto x = ExplainAttribution(d, *ParseAttributionMonth("2026-10"), *Guid::Parse(kT1), partner,
                              Guid::Parse(sub), usage);
  EXPECT_TRUE(x.ok()) << x.error().message;
  EXPECT_EQ(x->subscriptions.size(), 1u);
  return x->subscriptions.at(0);
}

std::vector<std::string> Codes(const SubscriptionExplanation& s) {
  std::vector<std::string> codes;
  for (const auto& r : s.reasons) codes.push_back(r.rule + " " + r.code);
  return codes;
}

TEST(Explain, CreditedThroughPrincipalGrantAndLinkWithTheirDates) {
  const auto d = CaseBuilder()
                     .Delegate("/subscriptions/" + kS1 + "/resourceGroups/web", kSp, kEarly)
                     .Link(kT2, kSp, "719878", "2026-10-03T10:00:00Z")
                     .PartnerOfRecord(kS1, "719878", kEarly)
                     .Build();
  const auto s =
      Explain(d, "719878", kS1,
              Usage({{2, kS1, kApp, 1}, {3, kS1, kApp, 2}, {4, kS1, kApp + "/slots/x", 4}}));
  EXPECT_EQ(s.verdict, "credited");
  EXPECT_TRUE(s.reasons.empty());
  EXPECT_EQ(MoneyText(s.pal_cost), "6.000000 USD");
  EXPECT_EQ(MoneyText(s.partner_of_record_cost),
            "1.000000 USD");  // day 2: the link was not made yet
  ASSERT_EQ(s.credits.size(), 2u);
  const auto& pal = s.credits[1].association == "PAL" ? s.credits[1] : s.credits[0];
  EXPECT_EQ(pal.principal_id, kSp);
  EXPECT_EQ(pal.principal_tenant, kT2);
  EXPECT_EQ(pal.grant_kind, "Lighthouse delegation");
  EXPECT_EQ(pal.role, "Contributor");
  EXPECT_EQ(FormatDatasetTime(pal.link_from), "2026-10-03T10:00:00Z");
  EXPECT_EQ(FormatDay(pal.first_day), "2026-10-03");
  EXPECT_EQ(FormatDay(pal.last_day), "2026-10-04");
}

TEST(Explain, InactiveSubscription) {
  const auto d = CaseBuilder().Grant("/", kU1, kEarly).Link(kT1, kU1, "719878", kEarly).Build();
  const auto s = Explain(d, "719878", kS3, Usage({{5, kS3, "", 1}}));
  EXPECT_EQ(s.verdict, "not credited");
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"A8 SubscriptionInactive"}));
  EXPECT_NE(s.reasons[0].message.find("Disabled"), std::string::npos);
}

TEST(Explain, NoUsageInTheMonth) {
  const auto d = CaseBuilder().Grant("/", kU1, kEarly).Link(kT1, kU1, "719878", kEarly).Build();
  EXPECT_EQ(Codes(Explain(d, "719878", kS2, Usage({{5, kS1, kApp, 1}}))),
            (std::vector<std::string>{"A1 NoUsage"}));
}

TEST(Explain, NoPrincipalLinkedToThePartner) {
  const auto d = CaseBuilder().Grant("/", kU1, kEarly).Link(kT1, kU1, "111111", kEarly).Build();
  EXPECT_EQ(Codes(Explain(d, "719878", kS1, Usage({{5, kS1, kApp, 1}}))),
            (std::vector<std::string>{"A5 NoLinkedPrincipal"}));
}

TEST(Explain, LinkedPrincipalHasNoGrantContainingTheResource) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1 + "/resourceGroups/db", kU1, kEarly)
                     .Link(kT1, kU1, "719878", kEarly)
                     .Link(kT1, kU2, "719878", kEarly)  // linked, but holds no role at all
                     .Build();
  const auto s = Explain(d, "719878", kS1, Usage({{5, kS1, kApp, 1}}));
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"A4 NoGrantContainsResource"}));
  EXPECT_NE(s.reasons[0].message.find("/resourceGroups/db"), std::string::npos)
      << s.reasons[0].message;
  EXPECT_NE(s.reasons[0].message.find("1.000000 USD"), std::string::npos);
}

TEST(Explain, GrantOrLinkNotInForceOnTheDayWithDates) {
  const auto d = CaseBuilder()
                     .Grant("/subscriptions/" + kS1, kU1, kEarly, "2026-10-05T23:59:59Z")
                     .Link(kT1, kU1, "719878", kEarly)
                     .Build();
  const auto s = Explain(d, "719878", kS1, Usage({{4, kS1, kApp, 1}, {5, kS1, kApp, 2}}));
  EXPECT_EQ(s.verdict, "partly credited");
  EXPECT_EQ(MoneyText(s.pal_cost), "1.000000 USD");
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"A3 NotInForce"}));
  EXPECT_NE(s.reasons[0].message.find("2026-10-05 at 23:59:59Z"), std::string::npos)
      << s.reasons[0].message;
  EXPECT_NE(s.reasons[0].message.find("2026-01-01T00:00:00Z – 2026-10-05T23:59:59Z"),
            std::string::npos);
}

TEST(Explain, PartnerOfRecordOnANonEaSubscriptionAndOutOfForce) {
  const auto d = CaseBuilder()
                     .PartnerOfRecord(kS2, "719878", kEarly)
                     .PartnerOfRecord(kS1, "719878", "2026-10-20T00:00:00Z")
                     .Build();
  const auto plan = Explain(d, "719878", kS2, Usage({{5, kS2, "", 1}}));
  EXPECT_EQ(Codes(plan),
            (std::vector<std::string>{"A5 NoLinkedPrincipal", "A7 DporNotEnterpriseAgreement"}));
  EXPECT_NE(plan.reasons[1].message.find("AzurePlan"), std::string::npos);
  const auto ea = Explain(d, "719878", kS1, Usage({{5, kS1, kApp, 1}, {25, kS1, kApp, 2}}));
  EXPECT_EQ(ea.verdict, "partly credited");
  EXPECT_EQ(MoneyText(ea.partner_of_record_cost), "2.000000 USD");
  EXPECT_EQ(Codes(ea), (std::vector<std::string>{"A5 NoLinkedPrincipal", "A3 NotInForce"}));
  EXPECT_NE(ea.reasons[1].message.find("2026-10-20T00:00:00Z"), std::string::npos);
}

TEST(Explain, UnknownNamesAreErrors) {
  const auto d = CaseBuilder().Build();
  const auto month = *ParseAttributionMonth("2026-10");
  EXPECT_EQ(
      ExplainAttribution(d, month, *Guid::Parse(kS1), "719878", std::nullopt, {}).error().code,
      "TenantNotFound");
  EXPECT_EQ(ExplainAttribution(d, month, *Guid::Parse(kT1), "42", std::nullopt, {}).error().code,
            "PartnerNotFound");
  EXPECT_EQ(
      ExplainAttribution(d, month, *Guid::Parse(kT1), "719878", Guid::Parse(kU1), {}).error().code,
      "SubscriptionNotFound");
  auto all = ExplainAttribution(d, month, *Guid::Parse(kT1), "719878", std::nullopt, {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->subscriptions.size(), 3u);
}

}  // namespace
}  // namespace pal::attribution
