// Rules B1-B5 of docs/attribution-rules.md at their boundaries.
#include "attribution/power_platform_attribution.h"

#include <gtest/gtest.h>

#include "attribution_fixture.h"
#include "dataset/power_platform_files.h"

namespace pal::attribution {
namespace {

using testing::CaseBuilder;
using testing::kT1;
using testing::kU1;
using testing::kU2;

const std::string kEarly = "2026-01-01T00:00:00Z";
const std::string kOther = "bbbbbbbb-0000-4000-8000-0000000000ff";  // a user nobody linked

struct Files {
  std::vector<std::string> resources, activity, profiles;
  Files& Resource(const std::string& id, const std::string& product, const std::string& owners,
                  const std::string& co_owners = "", const std::string& type = "Production",
                  const std::string& paid = "true") {
    // One environment per tenant, type and paid flag (an environment has one of each).
    resources.push_back(fmt::format("env-{}-{}-{},{},{},{},{},{},{},{}", type, paid,
                                    kT1.substr(0, 8), kT1, type, paid, id, product, owners,
                                    co_owners));
    return *this;
  }
  Files& Active(int day, const std::string& resource, const std::string& user) {
    activity.push_back(fmt::format("2026-10-{:02},{},{}", day, resource, user));
    return *this;
  }
  Files& Profiles(const std::string& date, const std::string& resource, int value) {
    profiles.push_back(fmt::format("{},{},{}", date, resource, value));
    return *this;
  }
  std::map<std::string, std::string> Map() const {
    auto join = [](std::string text, const std::vector<std::string>& lines) {
      for (const auto& l : lines) text += l + "\n";
      return text;
    };
    return {
        {"powerplatform_resources.csv", join("environment_id,tenant_id,environment_type,paid,"
                                             "resource_id,product,owner_ids,co_owner_ids\n",
                                             resources)},
        {"powerplatform_activity.csv", join("date,resource_id,user_id\n", activity)},
        {"customer_insights_profiles.csv", join("date,resource_id,unified_profiles\n", profiles)}};
  }
};

std::vector<std::string> Attribute(const Dataset& state, const Files& files) {
  auto usage = ParsePowerPlatformUsage(files.Map());
  EXPECT_TRUE(usage.ok()) << usage.error().message;
  std::vector<std::string> out;
  for (const auto& r : AttributePowerPlatform(state, *usage, *ParseAttributionMonth("2026-10"))) {
    out.push_back(
        fmt::format("{} {} {} {} {}", r.resource_id, r.partner_id, r.metric, r.value, r.eligible));
  }
  return out;
}

TEST(PowerPlatformRules,
     OwnersAndCoOwnersWithTheLatestActivityWinAndUnlinkedPublishersCreditNobody) {
  const auto state =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  Files f;
  f.Resource("app-1", "CanvasApp", kU1, kU2)
      .Resource("app-2", "CanvasApp", kU1)
      .Resource("flow-1", "Flow", kU1)
      .Resource("dataset-1", "Dataset", kOther);
  f.Active(3, "app-1", kU1)
      .Active(20, "app-1", kU2)
      .Active(5, "app-1", kOther)
      .Active(6, "APP-1", kOther);
  f.Active(9, "app-2", kOther).Active(2, "flow-1", kU1).Active(4, "dataset-1", kOther);
  EXPECT_EQ(Attribute(state, f),
            (std::vector<std::string>{
                "app-1 111111 MonthlyActiveUsers 3 true",  // co-owner active later
                "app-2 719878 MonthlyActiveUsers 1 true",
                "flow-1 719878 MonthlyActiveUsers 1 true",
            }));
}

TEST(PowerPlatformRules, CandidatesWithoutActivityRankLastThenNewestLinkThenSmallerPartnerId) {
  const auto newer = CaseBuilder()
                         .Link(kT1, kU1, "719878", kEarly)
                         .Link(kT1, kU2, "111111", "2026-02-01T00:00:00Z")
                         .Build();
  Files f;
  f.Resource("app-1", "CanvasApp", kU1, kU2).Resource("app-2", "CanvasApp", kU1, kU2);
  f.Active(7, "app-2", kU1);  // only the owner is active on app-2
  EXPECT_EQ(Attribute(newer, f),
            (std::vector<std::string>{"app-1 111111 MonthlyActiveUsers 0 true",
                                      "app-2 719878 MonthlyActiveUsers 1 true"}));
  const auto same_time =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  EXPECT_EQ(Attribute(same_time, Files().Resource("app-1", "CanvasApp", kU1, kU2)),
            (std::vector<std::string>{"app-1 111111 MonthlyActiveUsers 0 true"}));
  // Same last activity day: the newer link wins.
  Files tie;
  tie.Resource("app-1", "CanvasApp", kU1, kU2).Active(9, "app-1", kU1).Active(9, "app-1", kU2);
  EXPECT_EQ(Attribute(newer, tie),
            (std::vector<std::string>{"app-1 111111 MonthlyActiveUsers 2 true"}));
}

TEST(PowerPlatformRules, TheLinkMustBeInForceAtTheEndOfTheMonth) {
  Files f;
  f.Resource("app-1", "ModelDrivenApp", kU1).Active(2, "app-1", kU1);
  EXPECT_TRUE(
      Attribute(CaseBuilder().Link(kT1, kU1, "719878", kEarly, "2026-10-31T12:00:00Z").Build(), f)
          .empty());
  EXPECT_TRUE(
      Attribute(CaseBuilder().Link(kT1, kU1, "719878", kEarly, "2026-10-31T23:59:59Z").Build(), f)
          .empty());
  EXPECT_EQ(
      Attribute(CaseBuilder().Link(kT1, kU1, "719878", kEarly, "2026-11-01T00:00:00Z").Build(), f),
      (std::vector<std::string>{"app-1 719878 MonthlyActiveUsers 1 true"}));
  EXPECT_EQ(Attribute(CaseBuilder().Link(kT1, kU1, "719878", "2026-10-31T23:59:59Z").Build(), f),
            (std::vector<std::string>{"app-1 719878 MonthlyActiveUsers 1 true"}));
}

TEST(PowerPlatformRules, SameLastDayAndSameLinkTimeGoToTheSmallerPartnerId) {
  const auto state =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  Files f;
  f.Resource("app-1", "CanvasApp", kU1, kU2).Active(9, "app-1", kU1).Active(9, "app-1", kU2);
  EXPECT_EQ(Attribute(state, f),
            (std::vector<std::string>{"app-1 111111 MonthlyActiveUsers 2 true"}));
  // The newer link outranks the smaller partner id; later activity outranks the newer link.
  const auto newer = CaseBuilder()
                         .Link(kT1, kU1, "719878", "2026-02-01T00:00:00Z")
                         .Link(kT1, kU2, "111111", kEarly)
                         .Build();
  EXPECT_EQ(Attribute(newer, f),
            (std::vector<std::string>{"app-1 719878 MonthlyActiveUsers 2 true"}));
  f.Active(10, "app-1", kU2);
  EXPECT_EQ(Attribute(newer, f),
            (std::vector<std::string>{"app-1 111111 MonthlyActiveUsers 2 true"}));
}

TEST(PowerPlatformRules, OnlyTheMonthsActivityCountsAndResourcesWithoutActivityAreStillCredited) {
  const auto state =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  Files f;
  // kU2's activity is outside October: it ranks as having none, and it is not counted.
  f.Resource("app-1", "CanvasApp", kU1, kU2).Active(1, "app-1", kU1);
  f.activity.push_back(fmt::format("2026-09-30,app-1,{}", kU2));
  f.activity.push_back(fmt::format("2026-11-01,app-1,{}", kU2));
  f.Resource("flow-1", "Flow", kU1);  // no activity at all
  EXPECT_EQ(Attribute(state, f),
            (std::vector<std::string>{"app-1 719878 MonthlyActiveUsers 1 true",
                                      "flow-1 719878 MonthlyActiveUsers 0 true"}));
}

TEST(PowerPlatformRules, ALinkMadeAfterTheMonthOrInAnotherTenantDoesNotCount) {
  Files f;
  f.Resource("app-1", "Flow", kU1).Active(2, "app-1", kU1);
  EXPECT_TRUE(
      Attribute(CaseBuilder().Link(kT1, kU1, "719878", "2026-11-01T00:00:00Z").Build(), f).empty());
  // A principal of T2 owning a T1 resource: its link in T2 is not a link in the resource's tenant.
  Files other;
  other.Resource("app-2", "Flow", testing::kSp).Active(2, "app-2", testing::kSp);
  EXPECT_TRUE(
      Attribute(CaseBuilder().Link(testing::kT2, testing::kSp, "719878", kEarly).Build(), other)
          .empty());
}

TEST(PowerPlatformRules, ModelDrivenAppsFlowsDatasetsAndBotsCreditOnlyTheirOwner) {
  // Co-owners are a canvas-app notion: an active linked user who is not the owner credits nothing.
  const auto state = CaseBuilder().Link(kT1, kU2, "111111", kEarly).Build();
  Files f;
  f.Resource("flow-1", "Flow", kU1)
      .Resource("dataset-1", "Dataset", kU1)
      .Resource("bot-1", "Bot", kU1);
  f.Active(5, "flow-1", kU2).Active(5, "dataset-1", kU2).Active(5, "bot-1", kU2);
  EXPECT_TRUE(Attribute(state, f).empty());
}

TEST(PowerPlatformRules, EligibleOnlyInPaidProductionEnvironments) {
  const auto state = CaseBuilder().Link(kT1, kU1, "719878", kEarly).Build();
  Files f;
  f.Resource("bot-1", "Bot", kU1, "", "Production", "true")
      .Resource("bot-2", "Bot", kU1, "", "Sandbox", "true")
      .Resource("bot-3", "Bot", kU1, "", "Production", "false")
      .Resource("bot-4", "Bot", kU1, "", "Trial", "false");
  EXPECT_EQ(
      Attribute(state, f),
      (std::vector<std::string>{
          "bot-1 719878 MonthlyActiveUsers 0 true", "bot-2 719878 MonthlyActiveUsers 0 false",
          "bot-3 719878 MonthlyActiveUsers 0 false", "bot-4 719878 MonthlyActiveUsers 0 false"}));
}

TEST(PowerPlatformRules, CustomerInsightsCreditsActiveUsersWithTheLastDaysUnifiedProfiles) {
  const auto state =
      CaseBuilder().Link(kT1, kU1, "719878", kEarly).Link(kT1, kU2, "111111", kEarly).Build();
  Files f;
  f.Resource("ci-1", "CustomerInsightsInstance", "")
      .Resource("ci-2", "CustomerInsightsInstance", "");
  f.Active(3, "ci-1", kU2).Active(12, "ci-1", kU1).Active(4, "ci-2", kOther);
  f.Profiles("2026-10-05", "ci-1", 900)
      .Profiles("2026-10-28", "ci-1", 1200)
      .Profiles("2026-11-01", "ci-1", 5000);
  f.Profiles("2026-10-28", "ci-2", 70);
  EXPECT_EQ(Attribute(state, f),
            (std::vector<std::string>{"ci-1 719878 UnifiedProfiles 1200 true"}));
}

// Two tenants, each with an environment "prod" holding a canvas app "sales" and a Customer
// Insights instance "ci": the same resource ids. Each tenant's resources are judged on its own
// owners, links, activity and profiles, and credited apart.
TEST(PowerPlatformRules, NamesakeEnvironmentsAndResourcesOfTwoTenantsAreAttributedApart) {
  const std::string sales = "/providers/Pal.PowerPlatform/environments/prod/canvasApps/sales";
  const std::string ci =
      "/providers/Pal.PowerPlatform/environments/prod/customerInsightsInstances/ci";
  const auto state = CaseBuilder()
                         .Link(kT1, kU1, "719878", kEarly)
                         .Link(testing::kT2, testing::kSp, "111111", kEarly)
                         .Build();
  const std::map<std::string, std::string> files = {
      {"powerplatform_resources.csv",
       "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n"
       "prod," +
           kT1 + ",Production,true," + sales + ",CanvasApp," + kU1 +
           ",\n"
           "prod," +
           kT1 + ",Production,true," + ci +
           ",CustomerInsightsInstance,,\n"
           "PROD," +
           testing::kT2 + ",Sandbox,false," + sales + ",CanvasApp," + testing::kSp +
           ",\n"
           "prod," +
           testing::kT2 + ",Sandbox,false," + ci + ",CustomerInsightsInstance,,\n"},
      {"powerplatform_activity.csv",
       "date,resource_id,user_id,tenant_id\n"
       "2026-10-03," +
           sales + "," + kU1 + "," + kT1 +
           "\n"
           "2026-10-04," +
           sales + "," + kOther + "," + kT1 +
           "\n"
           "2026-10-05," +
           sales + "," + testing::kSp + "," + testing::kT2 +
           "\n"
           "2026-10-06," +
           ci + "," + kU1 + "," + kT1 +
           "\n"
           "2026-10-07," +
           ci + "," + testing::kSp + "," + testing::kT2 + "\n"},
      {"customer_insights_profiles.csv",
       "date,resource_id,unified_profiles,tenant_id\n"
       "2026-10-30," +
           ci + ",1200," + kT1 +
           "\n"
           "2026-10-30," +
           ci + ",70," + testing::kT2 + "\n"},
  };
  auto usage = ParsePowerPlatformUsage(files);
  ASSERT_TRUE(usage.ok()) << usage.error().message;
  std::vector<std::string> rows;
  for (const auto& r : AttributePowerPlatform(state, *usage, *ParseAttributionMonth("2026-10"))) {
    rows.push_back(fmt::format("{} {} {} {} {} {}", r.tenant_id, r.resource_id, r.partner_id,
                               r.metric, r.value, r.eligible));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      fmt::format("{} {} 111111 MonthlyActiveUsers 1 false", testing::kT2, sales),
                      fmt::format("{} {} 111111 UnifiedProfiles 70 false", testing::kT2, ci),
                      fmt::format("{} {} 719878 MonthlyActiveUsers 2 true", kT1, sales),
                      fmt::format("{} {} 719878 UnifiedProfiles 1200 true", kT1, ci),
                  }));

  // The same files written and read back (the writer names every row's tenant) attribute alike.
  auto again = ParsePowerPlatformUsage(WritePowerPlatformUsage(*usage));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(AttributePowerPlatform(state, *again, *ParseAttributionMonth("2026-10")).size(), 4u);

  // Without a tenant_id (the files of older versions), a namesake id is ambiguous and refused;
  // an id only one tenant has still resolves.
  auto old = files;
  old["powerplatform_activity.csv"] =
      "date,resource_id,user_id\n2026-10-03," + sales + "," + kU1 + "\n";
  old["customer_insights_profiles.csv"] = "date,resource_id,unified_profiles\n";
  auto ambiguous = ParsePowerPlatformUsage(old);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.error().message.find("powerplatform_activity.csv:2: resource " + sales +
                                           " is in 2 tenants: give the row's tenant_id"),
            std::string::npos)
      << ambiguous.error().message;
  // A tenant the resource is not of is refused, not matched to the other tenant's.
  old["powerplatform_activity.csv"] = "date,resource_id,user_id,tenant_id\n2026-10-03," + sales +
                                      "," + kU1 + "," + kT1 + "\n" + "2026-10-03," + sales + "," +
                                      kU1 + ",33333333-3333-4333-8333-333333333333\n";
  auto foreign = ParsePowerPlatformUsage(old);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(
      foreign.error().message.find("powerplatform_activity.csv:3: resource " + sales +
                                   " of tenant 33333333-3333-4333-8333-333333333333 is not in"),
      std::string::npos)
      << foreign.error().message;
  EXPECT_EQ(foreign.error().message.find(":2:"), std::string::npos) << foreign.error().message;
}

TEST(PowerPlatformRules, FilesAreChecked) {
  Files f;
  f.Resource("app-1", "ModelDrivenApp", kU1, kU2)
      .Resource("x", "Spreadsheet", kU1)
      .Active(2, "nowhere", kU1);
  auto parsed = ParsePowerPlatformUsage(f.Map());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "InvalidDataset");
  EXPECT_NE(parsed.error().message.find(
                "powerplatform_resources.csv:2: a ModelDrivenApp has no co-owners"),
            std::string::npos)
      << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("powerplatform_resources.csv:3: product 'Spreadsheet'"),
            std::string::npos);
  EXPECT_NE(parsed.error().message.find("powerplatform_activity.csv:2: resource nowhere is not in"),
            std::string::npos);
}

}  // namespace
}  // namespace pal::attribution
