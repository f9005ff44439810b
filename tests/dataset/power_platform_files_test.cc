// The data set's Power Platform files: the checks that keep them loadable into a store.

#include "dataset/power_platform_files.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const std::string kTenant = "c0a70500-0000-4000-8000-000000000001";
const std::string kOtherTenant = "fab71ca0-0000-4000-8000-000000000002";
const std::string kU1 = "c0a70500-0000-4000-8000-0000000000b1";
const std::string kU2 = "c0a70500-0000-4000-8000-0000000000b2";

std::string Problems(const std::vector<std::string>& rows) {
  std::string text =
      "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n";
  for (const auto& r : rows) text += r + "\n";
  auto parsed = ParsePowerPlatformUsage({{"powerplatform_resources.csv", text}});
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(PowerPlatformUsageFiles, AResourceHasOneOwner) {
  EXPECT_NE(
      Problems({"env-1," + kTenant + ",Production,true,app-1,CanvasApp," + kU1 + ";" + kU2 + ","})
          .find("powerplatform_resources.csv:2: a resource has one owner, not 2"),
      std::string::npos);
  EXPECT_EQ(Problems({"env-1," + kTenant + ",Production,true,ci-1,CustomerInsightsInstance,,"}),
            "");
}

TEST(PowerPlatformUsageFiles, EnvironmentTypesAndIdsAreChecked) {
  EXPECT_NE(Problems({"env-1," + kTenant + ",Prod,true,app-1,CanvasApp," + kU1 + ","})
                .find("environment_type 'Prod'"),
            std::string::npos);
  EXPECT_NE(Problems({"env 1," + kTenant + ",Production,true,app-1,CanvasApp," + kU1 + ","})
                .find("environment_id 'env 1'"),
            std::string::npos);
}

TEST(PowerPlatformUsageFiles, OneEnvironmentOfATenantHasOneTypeAndPaidFlag) {
  const std::string first = "env-1," + kTenant + ",Production,true,app-1,CanvasApp," + kU1 + ",";
  EXPECT_EQ(Problems({first, "ENV-1," + kTenant + ",production,TRUE,app-2,Flow," + kU1 + ","}), "");
  for (const std::string& other :
       {"env-1," + kTenant + ",Sandbox,true,app-2,Flow," + kU1 + ",",
        "env-1," + kTenant + ",Production,false,app-2,Flow," + kU1 + ","}) {
    EXPECT_NE(Problems({first, other})
                  .find("powerplatform_resources.csv:3: environment env-1 of tenant " + kTenant +
                        " has another type or paid flag on line 2"),
              std::string::npos)
        << other;
  }
}

TEST(PowerPlatformUsageFiles, EnvironmentAndResourceIdsAreUniquePerTenant) {
  // Another tenant's environment of the same id is its own, with its own type and paid flag, and
  // may hold a resource of the same id.
  const std::string first = "env-1," + kTenant + ",Production,true,app-1,CanvasApp," + kU1 + ",";
  EXPECT_EQ(Problems({first, "ENV-1," + kOtherTenant + ",Sandbox,false,APP-1,Flow," + kU2 + ","}),
            "");
  EXPECT_NE(
      Problems({first, "env-2," + kTenant + ",Sandbox,false,APP-1,Flow," + kU2 + ","})
          .find("powerplatform_resources.csv:3: resource APP-1 appears twice in tenant " + kTenant),
      std::string::npos);
}

TEST(PowerPlatformUsageFiles, DatesAreStrictlyYearMonthDay) {
  EXPECT_TRUE(ParsePowerPlatformDay("2026-10-31"));
  EXPECT_EQ(*ParsePowerPlatformDay("1970-01-02"), 1);
  for (const char* bad :
       {"10/31/2026", "2026-10-31T10:00:00Z", "2026-1-31", "2026-02-30", "2026-10-3x", ""}) {
    EXPECT_FALSE(ParsePowerPlatformDay(bad)) << bad;
  }
}

TEST(PowerPlatformUsageFiles, WrittenFilesParseBackToTheSameRows) {
  const std::string text =
      "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n"
      "env-1," +
      kTenant + ",Sandbox,false,app-1,CanvasApp," + kU1 + "," + kU2 + "\n";
  auto usage = ParsePowerPlatformUsage(
      {{"powerplatform_resources.csv", text},
       {"powerplatform_activity.csv", "date,resource_id,user_id\n2026-10-03,app-1," + kU2 + "\n"}});
  ASSERT_TRUE(usage.ok()) << usage.error().message;
  auto files = WritePowerPlatformUsage(*usage);
  EXPECT_EQ(files["powerplatform_resources.csv"], text);
  // Activity (and profiles) name the resource's tenant, read back as given or, without the
  // column (files of older versions), from the one tenant that has the resource.
  EXPECT_EQ(files["powerplatform_activity.csv"],
            "date,resource_id,user_id,tenant_id\n2026-10-03,app-1," + kU2 + "," + kTenant + "\n");
  ASSERT_EQ(usage->activity.size(), 1u);
  EXPECT_EQ(usage->activity[0].tenant_id.ToString(), kTenant);
  auto again = ParsePowerPlatformUsage(files);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(WritePowerPlatformUsage(*again), files);
  EXPECT_TRUE(WritePowerPlatformUsage(PowerPlatformUsage{}).empty());
}

}  // namespace
}  // namespace pal
