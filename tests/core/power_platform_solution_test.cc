#include "core/power_platform_solution.h"

#include <gtest/gtest.h>

#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"

namespace pal {
namespace {

Solution Valid() {
  Solution s;
  s.name = "Contoso_Field";
  s.version = "1.2.0.15";
  s.components = {{PowerPlatformProduct::kCanvasApp, "app1", "App"},
                  {PowerPlatformProduct::kModelDrivenApp, "md1", ""},
                  {PowerPlatformProduct::kFlow, "flow1", ""}};
  return s;
}

std::string CodeOf(const Solution& s) {
  auto r = ValidateSolution(s);
  return r.ok() ? "" : r.error().code;
}

TEST(PowerPlatformSolutionTest, CanvasAppsModelDrivenAppsAndFlowsMakeAValidSolution) {
  EXPECT_EQ(CodeOf(Valid()), "");
}

TEST(PowerPlatformSolutionTest, DatasetsBotsAndCustomerInsightsInstancesAreRefusedByName) {
  for (auto product : {PowerPlatformProduct::kDataset, PowerPlatformProduct::kBot,
                       PowerPlatformProduct::kCustomerInsightsInstance}) {
    Solution s = Valid();
    s.components.push_back({product, "x1", ""});
    auto r = ValidateSolution(s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "ComponentNotSolutionAware");
    EXPECT_NE(r.error().message.find(std::string(PowerPlatformProductName(product)) + " 'x1'"),
              std::string::npos)
        << r.error().message;
    EXPECT_FALSE(IsSolutionAware(product));
  }
}

TEST(PowerPlatformSolutionTest, NameVersionEmptinessAndDuplicatesAreChecked) {
  Solution s = Valid();
  s.name = "has space";
  EXPECT_EQ(CodeOf(s), "InvalidSolutionName");
  s = Valid();
  s.name = "";
  EXPECT_EQ(CodeOf(s), "InvalidSolutionName");
  for (const char* version : {"1.0.0", "1.0.0.0.0", "1..0.0", "a.b.c.d", ""}) {
    s = Valid();
    s.version = version;
    EXPECT_EQ(CodeOf(s), "InvalidSolutionVersion") << version;
  }
  s = Valid();
  s.components.clear();
  EXPECT_EQ(CodeOf(s), "EmptySolution");
  s = Valid();
  s.components.push_back(
      {PowerPlatformProduct::kCanvasApp, "APP1", ""});  // names compare case-insensitively
  EXPECT_EQ(CodeOf(s), "DuplicateSolutionComponent");
  s = Valid();
  s.components.push_back(
      {PowerPlatformProduct::kFlow, "app1", ""});  // same name, other product: fine
  EXPECT_EQ(CodeOf(s), "");
  s.components.push_back({PowerPlatformProduct::kFlow, "bad/name", ""});
  EXPECT_EQ(CodeOf(s), "InvalidResourceName");
}

TEST(PowerPlatformSolutionTest, NamesTypesRolesAndCollectionsParse) {
  EXPECT_TRUE(ValidatePowerPlatformName("env-1_a.b", "environment name", "X").ok());
  EXPECT_FALSE(ValidatePowerPlatformName("", "environment name", "X").ok());
  EXPECT_FALSE(ValidatePowerPlatformName(std::string(65, 'a'), "environment name", "X").ok());
  EXPECT_TRUE(ValidatePowerPlatformName(std::string(64, 'a'), "environment name", "X").ok());
  EXPECT_EQ(ParseEnvironmentType("production"), EnvironmentType::kProduction);
  EXPECT_EQ(ParseEnvironmentType("SANDBOX"), EnvironmentType::kSandbox);
  for (EnvironmentType type : kEnvironmentTypes)
    EXPECT_EQ(ParseEnvironmentType(EnvironmentTypeName(type)), type);
  EXPECT_FALSE(ParseEnvironmentType("Prod"));
  EXPECT_EQ(ParseEnvironmentRole("environmentmaker"), EnvironmentRole::kMaker);
  EXPECT_FALSE(ParseEnvironmentRole("Owner"));
  for (auto product :
       {PowerPlatformProduct::kCanvasApp, PowerPlatformProduct::kModelDrivenApp,
        PowerPlatformProduct::kFlow, PowerPlatformProduct::kDataset, PowerPlatformProduct::kBot,
        PowerPlatformProduct::kCustomerInsightsInstance}) {
    EXPECT_EQ(ParsePowerPlatformCollection(PowerPlatformCollection(product)), product);
  }
  EXPECT_EQ(PowerPlatformResourceId("prod", PowerPlatformProduct::kFlow, "f1"),
            "/providers/Pal.PowerPlatform/environments/prod/flows/f1");
}

}  // namespace
}  // namespace pal
