// pal explain's Power Platform part: every reason of rules B1-B5, their boundaries, and
// agreement with AttributePowerPlatform.
#include "attribution/power_platform_explanation.h"

#include <gtest/gtest.h>

#include <random>

#include "attribution/power_platform_attribution.h"
#include "attribution/usage_row.h"
#include "attribution_fixture.h"
#include "core/civil_date.h"
#include "core/text.h"
#include "core/time_format.h"
#include "dataset/power_platform_files.h"

namespace pal::attribution {
namespace {

using testing::CaseBuilder;
using testing::kT1;
using testing::kT2;
using testing::kU1;
using testing::kU2;

const std::string kEarly = "2026-01-01T00:00:00Z";
const std::string kOther = "bbbbbbbb-0000-4000-8000-0000000000ff";  // a user nobody linked

// Power Platform files (resources of tenant T1 unless told).
struct Files {
  std::vector<std::string> resources, activity, profiles;
  Files& Resource(const std::string& id, const std::string& product, const std::string& owners,
                  const std::string& co_owners = "", const std::string& type = "Production",
                  const std::string& paid = "true", const std::string& tenant = kT1) {
    // One environment per tenant, type and paid flag (an environment has one of each).
    resources.push_back(fmt::format("env-{}-{}-{},{},{},{},{},{},{},{}", type, paid,
                                    tenant.substr(0, 8), tenant, type, paid, id, product, owners,
                                    co_owners));
    return *this;
  }
  Files& Active(const std::string& date, const std::string& resource, const std::string& user) {
    activity.push_back(fmt::format("{},{},{}", date, resource, user));
    return *this;
  }
  Files& Active(int day, const std::string& resource, const std::string& user) {
    return Active(fmt::format("2026-10-{:02}", day), resource, user);
  }
  Files& Profiles(const std::string& date, const std::string& resource, int value) {
    profiles.push_back(fmt::format("{},{},{}", date, resource, value));
    return *this;
  }
  PowerPlatformUsage Parse() const {
    auto join = [](std::string text, const std::vector<std::string>& lines) {
      for (const auto& l : lines) text += l + "\n";
      return text;
    };
    auto usage = ParsePowerPlatformUsage(
        {{"powerplatform_resources.csv", join("environment_id,tenant_id,environment_type,paid,"
                                              "resource_id,product,owner_ids,co_owner_ids\n",
                                              resources)},
         {"powerplatform_activity.csv", join("date,resource_id,user_id\n", activity)},
         {"customer_insights_profiles.csv",
          join("date,resource_id,unified_profiles\n", profiles)}});
    EXPECT_TRUE(usage.ok()) << usage.error().message;
    return usage.ok() ? *usage : PowerPlatformUsage{};
  }
};

PowerPlatformExplanation ExplainAll(const Dataset& d, const Files& f,
                                    const std::string& partner = "719878") {
  auto x = ExplainPowerPlatform(d, f.Parse(), *ParseAttributionMonth("2026-10"), *Guid::Parse(kT1),
                                partner, std::nullopt);
  EXPECT_TRUE(x.ok()) << x.error().message;
  return x.ok() ? *x : PowerPlatformExplanation{};
}

PowerPlatformResourceExplanation Explain(const Dataset& d, const Files& f,
                                         const std::string& resource,
                                         const std::string& partner = "719878") {
  auto x = ExplainPowerPlatform(d, f.Parse(), *ParseAttributionMonth("2026-10"), *Guid::Parse(kT1),
                                partner, resource);
  EXPECT_TRUE(x.ok()) << x.error().message;
  if (!x.ok() || x->resources.size() != 1) {
    ADD_FAILURE() << "expected one resource";
    return {};
  }
  return x->resources[0];
}

std::vector<std::string> Codes(const PowerPlatformResourceExplanation& e) {
  std::vector<std::string> codes;
  for (const auto& r : e.reasons) codes.push_back(r.rule + " " + r.code);
  return codes;
}

bool Mentions(const PowerPlatformResourceExplanation& e, size_t reason, const std::string& text) {
  return reason < e.reasons.size() && e.reasons[reason].message.find(text) != std::string::npos;
}

TEST(PowerPlatformExplain, CreditedWithTheUsersRolesLinksAndLastActivity) {
  const auto d = CaseBuilder().Link(kT1, kU1, "719878", "2026-03-04T05:06:07Z").Build();
  Files f;
  f.Resource("app-1", "CanvasApp", kU1, kU2 + ";" + kOther)
      .Active(3, "app-1", kU1)
      .Active(17, "app-1", kU1);
  f.Active(9, "app-1", kOther).Active("2026-11-01", "app-1", kU2);
  const auto e = Explain(d, f, "APP-1");  // resource ids compare case-insensitively
  EXPECT_EQ(e.verdict, "credited");
  EXPECT_TRUE(e.reasons.empty());
  EXPECT_EQ(e.resource_id, "app-1");
  EXPECT_EQ(e.product, "CanvasApp");
  EXPECT_EQ(e.credited_partner_id, "719878");
  EXPECT_EQ(e.credited_partner_name, "Contoso Partner");
  EXPECT_EQ(e.credited_through, kU1);
  EXPECT_EQ(e.metric, "MonthlyActiveUsers");
  EXPECT_EQ(e.value, 2u);  // kU1 and kOther; kU2's activity is in November
  EXPECT_TRUE(e.eligible);
  EXPECT_EQ(e.environment_type, "Production");
  EXPECT_TRUE(e.paid);
  ASSERT_EQ(e.users.size(), 3u);
  EXPECT_EQ(e.users[0].user_id, kU1);
  EXPECT_EQ(e.users[0].role, "owner");
  EXPECT_EQ(e.users[0].rank, 1u);
  EXPECT_EQ(e.users[0].display_name, "ann@customer.example");
  EXPECT_EQ(e.users[0].kind, "User");
  EXPECT_EQ(e.users[0].partner_id, "719878");
  EXPECT_EQ(FormatDatasetTime(e.users[0].linked_at), "2026-03-04T05:06:07Z");
  EXPECT_FALSE(e.users[0].unlinked_at);
  EXPECT_EQ(FormatDay(*e.users[0].last_active), "2026-10-17");
  EXPECT_EQ(e.users[1].role, "co-owner");  // not candidates: unlinked, in B1 order
  EXPECT_EQ(e.users[1].rank, 0u);
  EXPECT_TRUE(e.users[1].partner_id.empty());
  EXPECT_FALSE(e.users[1].last_active);
  EXPECT_EQ(e.users[1].user_id, kU2);
  EXPECT_EQ(e.users[2].user_id, kOther);
  EXPECT_EQ(FormatDay(*e.users[2].last_active), "2026-10-09");
}

TEST(PowerPlatformExplain, NoAttributedUserLinked) {
  const auto d = CaseBuilder().Link(kT2, testing::kSp, "719878", kEarly).Build();
  Files f;
  f.Resource("flow-1", "Flow", kOther).Active(4, "flow-1", kOther);
  f.Resource("flow-2", "Flow", testing::kSp);  // linked, but in another tenant than the resource's
  for (const std::string id : {"flow-1", "flow-2"}) {
    const auto e = Explain(d, f, id);
    EXPECT_EQ(e.verdict, "credited to nobody");
    EXPECT_EQ(Codes(e), (std::vector<std::string>{"B2 NoAttributedUserLinked"})) << id;
    EXPECT_TRUE(Mentions(e, 0, "2026-10-31T23:59:59Z")) << e.reasons[0].message;
    EXPECT_TRUE(Mentions(e, 0, "Its only attributed user (owner ")) << e.reasons[0].message;
    EXPECT_TRUE(Mentions(e, 0, ") has no PAL link in tenant ")) << e.reasons[0].message;
    EXPECT_TRUE(e.credited_partner_id.empty());
  }
}

TEST(PowerPlatformExplain, ALinkEndingAtTheMonthsLastSecondIsNotInForceOneEndingASecondLaterIs) {
  Files f;
  f.Resource("app-1", "ModelDrivenApp", kU1).Active(30, "app-1", kU1);
  const auto ended = Explain(
      CaseBuilder().Link(kT1, kU1, "719878", kEarly, "2026-10-31T23:59:59Z").Build(), f, "app-1");
  EXPECT_EQ(ended.verdict, "credited to nobody");
  EXPECT_EQ(Codes(ended),
            (std::vector<std::string>{"B2 NoAttributedUserLinked", "B2 LinkNotInForceAtMonthEnd"}));
  EXPECT_TRUE(
      Mentions(ended, 1,
               "not in force at the month's end, 2026-10-31T23:59:59Z: 2026-01-01T00:00:00Z – "
               "2026-10-31T23:59:59Z (ended before or at it)"))
      << ended.reasons[1].message;
  EXPECT_TRUE(ended.users.at(0).partner_id.empty());
  const auto earlier = Explain(
      CaseBuilder().Link(kT1, kU1, "719878", kEarly, "2026-10-15T00:00:00Z").Build(), f, "app-1");
  EXPECT_EQ(Codes(earlier),
            (std::vector<std::string>{"B2 NoAttributedUserLinked", "B2 LinkNotInForceAtMonthEnd"}));
  const auto later = Explain(
      CaseBuilder().Link(kT1, kU1, "719878", kEarly, "2026-11-01T00:00:00Z").Build(), f, "app-1");
  EXPECT_EQ(later.verdict, "credited");
  EXPECT_EQ(FormatDatasetTime(*later.users.at(0).unlinked_at), "2026-11-01T00:00:00Z");
  // A link made at the last second is in force; one made a second after is not.
  EXPECT_EQ(
      Explain(CaseBuilder().Link(kT1, kU1, "719878", "2026-10-31T23:59:59Z").Build(), f, "app-1")
          .verdict,
      "credited");
  const auto after =
      Explain(CaseBuilder().Link(kT1, kU1, "719878", "2026-11-01T00:00:00Z").Build(), f, "app-1");
  EXPECT_EQ(Codes(after),
            (std::vector<std::string>{"B2 NoAttributedUserLinked", "B2 LinkNotInForceAtMonthEnd"}));
  EXPECT_TRUE(Mentions(after, 1, "2026-11-01T00:00:00Z – still in force (made after it)"))
      << after.reasons[1].message;
}

TEST(PowerPlatformExplain, LinkedToAnotherPartnerAtTheMonthsEnd) {
  // kU1 was linked to 719878 until the 20th, then to 111111; kU2 never to 719878.
  const auto d = CaseBuilder()
                     .Link(kT1, kU1, "719878", kEarly, "2026-10-20T00:00:00Z")
                     .Link(kT1, kU1, "111111", "2026-10-20T00:00:00Z")
                     .Link(kT1, kU2, "111111", kEarly)
                     .Build();
  Files f;
  f.Resource("app-1", "CanvasApp", kU1).Resource("app-2", "CanvasApp", kU2);
  const auto switched = Explain(d, f, "app-1");
  EXPECT_EQ(switched.verdict, "credited to another partner");
  EXPECT_EQ(switched.credited_partner_id, "111111");
  EXPECT_EQ(Codes(switched), (std::vector<std::string>{"B2 NoAttributedUserLinkedToPartner",
                                                       "B2 LinkNotInForceAtMonthEnd"}));
  EXPECT_TRUE(Mentions(switched, 1, "linked to partner 111111")) << switched.reasons[1].message;
  const auto never = Explain(d, f, "app-2");
  EXPECT_EQ(Codes(never), (std::vector<std::string>{"B2 NoAttributedUserLinkedToPartner"}));
  EXPECT_TRUE(Mentions(never, 0, "credited to partner 111111 (Fabrikam) through the owner " + kU2))
      << never.reasons[0].message;
}

TEST(PowerPlatformExplain, OutrankedByLaterActivity) {
  const auto d =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  Files f;
  f.Resource("app-1", "CanvasApp", kU1, kU2).Active(3, "app-1", kU1).Active(20, "app-1", kU2);
  f.Resource("app-2", "CanvasApp", kU1, kU2)
      .Active(20, "app-2", kU2);  // the partner's candidate: no activity
  const auto later = Explain(d, f, "app-1");
  EXPECT_EQ(later.verdict, "credited to another partner");
  EXPECT_EQ(Codes(later), (std::vector<std::string>{"B3 OutrankedByLatestPartner"}));
  EXPECT_TRUE(Mentions(later, 0, "credited to partner 111111 (Fabrikam)"))
      << later.reasons[0].message;
  EXPECT_TRUE(
      Mentions(later, 0, "last active on 2026-10-20, after the partner's candidate owner " + kU1))
      << later.reasons[0].message;
  ASSERT_EQ(later.users.size(), 2u);
  EXPECT_EQ(later.users[0].user_id, kU2);
  EXPECT_EQ(later.users[0].rank, 1u);
  EXPECT_EQ(later.users[1].rank, 2u);
  const auto none = Explain(d, f, "app-2");
  EXPECT_TRUE(Mentions(
      none, 0, "has no activity on the resource in 2026-10: candidates without activity rank last"))
      << none.reasons[0].message;
  // The other partner's view: credited.
  EXPECT_EQ(Explain(d, f, "app-1", "111111").verdict, "credited");
}

TEST(PowerPlatformExplain, TiesGoToTheNewerLinkThenTheSmallerPartnerId) {
  Files f;
  f.Resource("app-1", "CanvasApp", kU1, kU2).Active(9, "app-1", kU1).Active(9, "app-1", kU2);
  f.Resource("app-2", "CanvasApp", kU1, kU2);  // neither active: also a tie
  const auto newer = CaseBuilder()
                         .Link(kT1, kU1, "719878", kEarly)
                         .Link(kT1, kU2, "111111", "2026-02-01T00:00:00Z")
                         .Build();
  for (const std::string id : {"app-1", "app-2"}) {
    const auto e = Explain(newer, f, id);
    EXPECT_EQ(Codes(e), (std::vector<std::string>{"B3 OutrankedByLatestPartner"}));
    EXPECT_TRUE(Mentions(
        e, 0, "made 2026-02-01T00:00:00Z, is newer than the partner's, made 2026-01-01T00:00:00Z"))
        << e.reasons[0].message;
  }
  const auto same =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  const auto e = Explain(same, f, "app-1");
  EXPECT_EQ(Codes(e), (std::vector<std::string>{"B3 OutrankedByLatestPartner"}));
  EXPECT_TRUE(Mentions(e, 0, "ties then go to the smaller partner id, 111111 before 719878"))
      << e.reasons[0].message;
  EXPECT_EQ(Explain(same, f, "app-1", "111111").verdict, "credited");
  // The newer link outranks the smaller partner id.
  const auto newer_bigger = CaseBuilder()
                                .Link(kT1, kU1, "719878", "2026-02-01T00:00:00Z")
                                .Link(kT1, kU2, "111111", kEarly)
                                .Build();
  EXPECT_EQ(Explain(newer_bigger, f, "app-1").verdict, "credited");
}

TEST(PowerPlatformExplain, CustomerInsightsActiveUsersAndUnifiedProfiles) {
  const auto d = CaseBuilder().Link(kT1, kU1, "719878", kEarly).Build();
  Files f;
  f.Resource("ci-1", "CustomerInsightsInstance", "")
      .Resource("ci-2", "CustomerInsightsInstance", kU1);
  f.Active(12, "ci-1", kU1).Active(14, "ci-1", kOther).Active("2026-09-30", "ci-2", kU1);
  f.Profiles("2026-10-05", "ci-1", 900)
      .Profiles("2026-10-28", "ci-1", 1200)
      .Profiles("2026-11-01", "ci-1", 5000);
  const auto e = Explain(d, f, "ci-1");
  EXPECT_EQ(e.verdict, "credited");
  EXPECT_EQ(e.metric, "UnifiedProfiles");
  EXPECT_EQ(e.value, 1200u);
  EXPECT_EQ(FormatDay(*e.value_day), "2026-10-28");
  ASSERT_EQ(e.users.size(), 2u);
  EXPECT_EQ(e.users[0].role, "active user");
  // No activity in the month: nobody is attributed, its owner does not count.
  const auto idle = Explain(d, f, "ci-2");
  EXPECT_EQ(idle.verdict, "credited to nobody");
  EXPECT_EQ(Codes(idle), (std::vector<std::string>{"B1 NoAttributedUsers"}));
  EXPECT_EQ(idle.value, 0u);
  EXPECT_FALSE(idle.value_day);
}

TEST(PowerPlatformExplain, EligibilityShowsTheEnvironmentTypeAndPaidFlag) {
  const auto d = CaseBuilder().Link(kT1, kU1, "719878", kEarly).Build();
  Files f;
  f.Resource("bot-1", "Bot", kU1, "", "Production", "true")
      .Resource("bot-2", "Bot", kU1, "", "Sandbox", "true");
  f.Resource("bot-3", "Bot", kU1, "", "Production", "false")
      .Resource("bot-4", "Bot", kU1, "", "Trial", "false");
  const auto x = ExplainAll(d, f);
  ASSERT_EQ(x.resources.size(), 4u);
  std::vector<std::string> got;
  for (const auto& e : x.resources) {
    got.push_back(fmt::format("{} {} {} {} {}", e.resource_id, e.verdict, e.environment_type,
                              e.paid, e.eligible));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "bot-1 credited Production true true", "bot-2 credited Sandbox true false",
                     "bot-3 credited Production false false", "bot-4 credited Trial false false"}));
  EXPECT_TRUE(x.notes.empty());
  EXPECT_EQ(x.partner_credited_anywhere, 4u);
  EXPECT_EQ(FormatDatasetTime(x.month_end), "2026-10-31T23:59:59Z");
}

// The data set matches environment types case-insensitively (docs/dataset.md); rule B5 must
// then see a "production" environment as the Production one it is.
TEST(PowerPlatformExplain, AnEnvironmentTypeInAnotherCaseIsThatType) {
  const auto d = CaseBuilder().Link(kT1, kU1, "719878", kEarly).Build();
  Files f;
  f.Resource("bot-1", "Bot", kU1, "", "production", "true")
      .Resource("bot-2", "Bot", kU1, "", "SANDBOX", "true");
  const auto x = ExplainAll(d, f);
  ASSERT_EQ(x.resources.size(), 2u);
  EXPECT_EQ(x.resources[0].environment_type, "Production");
  EXPECT_TRUE(x.resources[0].eligible);
  EXPECT_EQ(x.resources[1].environment_type, "Sandbox");
  EXPECT_FALSE(x.resources[1].eligible);
}

TEST(PowerPlatformExplain, ErrorsAndPlainNotes) {
  const auto d = CaseBuilder().Link(kT1, kU1, "719878", kEarly).Build();
  Files f;
  f.Resource("app-1", "Flow", kU1).Resource("app-9", "Flow", kOther, "", "Production", "true", kT2);
  const auto usage = f.Parse();
  const auto month = *ParseAttributionMonth("2026-10");
  EXPECT_EQ(ExplainPowerPlatform(d, usage, month, *Guid::Parse(kOther), "719878", std::nullopt)
                .error()
                .code,
            "TenantNotFound");
  EXPECT_EQ(
      ExplainPowerPlatform(d, usage, month, *Guid::Parse(kT1), "999", std::nullopt).error().code,
      "PartnerNotFound");
  auto missing =
      ExplainPowerPlatform(d, usage, month, *Guid::Parse(kT1), "719878", "app-9");  // T2's
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFound");
  // T2 has a resource, but not one credited to 111111 anywhere.
  auto other = ExplainPowerPlatform(d, usage, month, *Guid::Parse(kT2), "111111", std::nullopt);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->resources.size(), 1u);
  EXPECT_EQ(other->notes,
            (std::vector<std::string>{"Partner 111111 is credited for no Power Platform or "
                                      "Customer Insights resource in any tenant in 2026-10."}));
  Files only_t2;
  only_t2.Resource("app-9", "Flow", kOther, "", "Production", "true", kT2);
  auto none =
      ExplainPowerPlatform(d, only_t2.Parse(), month, *Guid::Parse(kT1), "719878", std::nullopt);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->resources.empty());
  EXPECT_EQ(none->notes.at(0),
            "Tenant " + kT1 + " has no Power Platform or Customer Insights resources.");
  auto empty = ExplainPowerPlatform(d, PowerPlatformUsage{}, month, *Guid::Parse(kT1), "719878",
                                    std::nullopt);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(
      empty->notes,
      (std::vector<std::string>{"The data has no Power Platform or Customer Insights resources."}));
}

// Random tenants, users, links around the month's end, resources and activity: for every tenant
// and partner, the resources explain credits to the partner are exactly the partner's rows of
// AttributePowerPlatform, with the same values and eligibility, and every other resource has a
// reason.
TEST(PowerPlatformExplain, AgreesWithAttributePowerPlatform) {
  std::mt19937 random(20261031);
  auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
  const auto month = *ParseAttributionMonth("2026-10");
  const std::vector<std::string> partners = {"5", "40", "300", "719878"};
  Dataset d;
  for (const auto& p : partners) d.partners.push_back({p, "Partner " + p});
  std::vector<Guid> tenants, users;
  for (int t = 0; t < 3; ++t) {
    tenants.push_back(*Guid::Parse(fmt::format("11111111-1111-4111-8111-{:012}", t + 1)));
    d.tenants.push_back({tenants.back(), fmt::format("Customer {}", t)});
  }
  for (int u = 0; u < 12; ++u)
    users.push_back(*Guid::Parse(fmt::format("bbbbbbbb-0000-4000-8000-{:012}", u + 1)));
  const std::vector<std::string> instants = {"2026-01-01T00:00:00Z", "2026-10-10T00:00:00Z",
                                             "2026-10-31T23:59:59Z", "2026-11-01T00:00:00Z",
                                             "2026-12-01T00:00:00Z"};
  for (const auto& tenant : tenants) {
    for (const auto& user : users) {
      if (pick(4) == 0) continue;
      // One or two consecutive links.
      size_t from = pick(3);
      size_t to = from + 1 + pick(instants.size() - from - 1);
      d.links.push_back(
          {tenant, user, partners[pick(partners.size())], *ParseIso8601(instants[from]),
           pick(3) == 0 ? std::nullopt : std::optional<Timestamp>(*ParseIso8601(instants[to]))});
      if (d.links.back().unlinked_at && pick(2) == 0) {
        d.links.push_back({tenant, user, partners[pick(partners.size())],
                           *d.links.back().unlinked_at, std::nullopt});
      }
    }
  }
  PowerPlatformUsage usage;
  const std::vector<PowerPlatformProduct> products = {
      PowerPlatformProduct::kCanvasApp, PowerPlatformProduct::kModelDrivenApp,
      PowerPlatformProduct::kFlow,      PowerPlatformProduct::kDataset,
      PowerPlatformProduct::kBot,       PowerPlatformProduct::kCustomerInsightsInstance};
  const std::vector<EnvironmentType> types = {EnvironmentType::kProduction,
                                              EnvironmentType::kSandbox, EnvironmentType::kTrial};
  for (int n = 0; n < 120; ++n) {
    PowerPlatformResource r;
    const size_t tenant = pick(tenants.size());
    r.tenant_id = tenants[tenant];
    r.environment_type = types[pick(types.size())];
    r.paid = pick(3) != 0;
    r.environment_id =
        fmt::format("env-{}-{}-{}", tenant, EnvironmentTypeName(r.environment_type), r.paid);
    r.resource_id = fmt::format("Res-{}", n);
    r.product = products[pick(products.size())];
    if (r.product != PowerPlatformProduct::kCustomerInsightsInstance)
      r.owners.push_back(users[pick(users.size())]);
    if (r.product == PowerPlatformProduct::kCanvasApp) {
      for (size_t c = pick(4); c > 0; --c) r.co_owners.push_back(users[pick(users.size())]);
    }
    const std::string key = ToLowerAscii(r.resource_id);
    for (size_t a = pick(8); a > 0; --a) {
      // Days of September to November, mostly October; ties on purpose (few days).
      const std::int32_t day = month.first_day - 2 + static_cast<std::int32_t>(pick(6)) * 7;
      usage.activity.push_back({tenants[tenant], day, key, users[pick(users.size())]});
    }
    if (r.product == PowerPlatformProduct::kCustomerInsightsInstance) {
      for (size_t p = pick(3); p > 0; --p) {
        usage.profiles.push_back({tenants[tenant],
                                  month.first_day + static_cast<std::int32_t>(pick(35)), key,
                                  100 + pick(1000)});
      }
    }
    usage.resources.push_back(std::move(r));
  }
  const auto rows = AttributePowerPlatform(d, usage, month);
  ASSERT_GT(rows.size(), 40u);
  std::set<std::string> reasons;
  size_t credited = 0;
  for (const auto& tenant : tenants) {
    for (const auto& partner : partners) {
      std::vector<std::string> expected, actual;
      for (const auto& r : rows) {
        if (r.tenant_id == tenant.ToString() && r.partner_id == partner) {
          expected.push_back(fmt::format("{} {} {} {} {}", r.resource_id, r.product, r.metric,
                                         r.value, r.eligible));
        }
      }
      auto x = ExplainPowerPlatform(d, usage, month, tenant, partner, std::nullopt);
      ASSERT_TRUE(x.ok()) << x.error().message;
      for (const auto& e : x->resources) {
        if (e.verdict == "credited") {
          EXPECT_TRUE(e.reasons.empty());
          EXPECT_EQ(e.credited_partner_id, partner);
          actual.push_back(fmt::format("{} {} {} {} {}", e.resource_id, e.product, e.metric,
                                       e.value, e.eligible));
        } else {
          EXPECT_FALSE(e.reasons.empty()) << e.resource_id;
          EXPECT_NE(e.credited_partner_id, partner);
          // Credited to another partner: that partner's row.
          if (!e.credited_partner_id.empty()) {
            EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const PowerPlatformRow& r) {
              return r.resource_id == e.resource_id && r.partner_id == e.credited_partner_id &&
                     r.value == e.value;
            })) << e.resource_id;
          }
          for (const auto& reason : e.reasons) reasons.insert(reason.code);
        }
      }
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
      EXPECT_EQ(actual, expected) << tenant.ToString() << " " << partner;
      credited += actual.size();
    }
  }
  EXPECT_EQ(credited, rows.size());
  EXPECT_EQ(reasons, (std::set<std::string>{"NoAttributedUsers", "NoAttributedUserLinked",
                                            "LinkNotInForceAtMonthEnd", "OutrankedByLatestPartner",
                                            "NoAttributedUserLinkedToPartner"}));
}

}  // namespace
}  // namespace pal::attribution
