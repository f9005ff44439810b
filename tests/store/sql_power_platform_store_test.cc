#include <gtest/gtest.h>

#include "core/dataset.h"
#include "core/power_platform_resource.h"
#include "store/sql_store.h"
#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kAdmin = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kMaker = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2");
const Guid kOther = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b3");

class PowerPlatformStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->CreateTenant(Tenant{kTenant, "Contoso", 0}).ok());
    PowerPlatformEnvironment env;
    env.name = "contoso-prod";
    env.tenant_id = kTenant;
    env.display_name = "Contoso production";
    env.type = "Production";
    env.paid = true;
    env.created_by = {kTenant, kAdmin};
    env.created_at = clock_.Now();
    ASSERT_TRUE(store_->CreateEnvironment(env).ok());
  }
  void TearDown() override { store_.reset(); }

  PowerPlatformResourceRecord Resource(PowerPlatformProduct product, const std::string& name, const Guid& owner) {
    PowerPlatformResourceRecord r;
    r.resource_id = PowerPlatformResourceId("contoso-prod", product, name);
    r.environment = "contoso-prod";
    r.product = product;
    r.name = name;
    r.display_name = name;
    r.owner = owner;
    r.created_by = {kTenant, owner};
    r.created_at = clock_.Now();
    return r;
  }

  PowerPlatformResourceRecord Find(const std::string& id) { return *std::move(store_->FindPowerPlatformResource(id)).value(); }

  TestDatabase database_;
  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(PowerPlatformStoreTest, CreatorIsTheOnlyAdminAndCannotBeRemoved) {
  auto members = store_->ListEnvironmentMembers("CONTOSO-PROD");
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].object_id, kAdmin);
  EXPECT_EQ((*members)[0].role, EnvironmentRole::kAdmin);
  auto removed = store_->RemoveEnvironmentMember("contoso-prod", kAdmin);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, "LastEnvironmentAdmin");
  auto demoted = store_->SetEnvironmentMember({"contoso-prod", kAdmin, EnvironmentRole::kMaker, 0});
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().code, "LastEnvironmentAdmin");
  ASSERT_TRUE(store_->SetEnvironmentMember({"contoso-prod", kMaker, EnvironmentRole::kAdmin, 0}).ok());
  EXPECT_TRUE(store_->RemoveEnvironmentMember("contoso-prod", kAdmin).ok());
  EXPECT_EQ(store_->RemoveEnvironmentMember("contoso-prod", kAdmin).error().code, "MemberNotFound");
}

TEST_F(PowerPlatformStoreTest, EnvironmentNamesAreUniqueAcrossTenantsAndCase) {
  auto env = *std::move(store_->FindEnvironment("Contoso-Prod")).value();
  EXPECT_EQ(env.name, "contoso-prod");
  env.name = "CONTOSO-PROD";
  auto again = store_->CreateEnvironment(env);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "EnvironmentNameUnavailable");
  env.name = "elsewhere";
  env.tenant_id = kOther;
  EXPECT_EQ(store_->CreateEnvironment(env).error().code, "TenantNotFound");
}

TEST_F(PowerPlatformStoreTest, NewOwnerWhoWasCoOwnerStopsBeingOneAndHistoryRecordsEveryInterval) {
  const auto app = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->CreatePowerPlatformResource(app, {kTenant, kMaker}, "create").ok());
  EXPECT_EQ(store_->CreatePowerPlatformResource(app, {kTenant, kMaker}, "create").error().code, "ResourceExists");
  ASSERT_TRUE(store_->AddPowerPlatformCoOwner(app.resource_id, kOther, {kTenant, kMaker}, "gui").ok());
  ASSERT_TRUE(store_->AddPowerPlatformCoOwner(app.resource_id, kOther, {kTenant, kMaker}, "gui").ok());  // no change
  EXPECT_EQ(store_->AddPowerPlatformCoOwner(app.resource_id, kMaker, {kTenant, kMaker}, "gui").error().code,
            "AlreadyOwner");
  EXPECT_EQ(Find(app.resource_id).co_owners, std::vector<Guid>{kOther});

  clock_.Advance(kMicrosPerSecond);
  ASSERT_TRUE(store_->SetPowerPlatformOwner(app.resource_id, kOther, {kTenant, kAdmin}, "powershell").ok());
  auto now = Find(app.resource_id);
  EXPECT_EQ(now.owner, kOther);
  EXPECT_TRUE(now.co_owners.empty());
  auto history = std::move(store_->ListOwnershipHistory(app.resource_id)).value();
  ASSERT_EQ(history.size(), 3u);  // maker owner, other co-owner, other owner
  EXPECT_EQ(history[0].principal, kMaker);
  EXPECT_EQ(history[0].valid_to, clock_.Now());
  EXPECT_EQ(history[1].role, OwnershipRole::kCoOwner);
  EXPECT_EQ(history[1].valid_to, clock_.Now());
  EXPECT_EQ(history[2].channel, "powershell");
  EXPECT_EQ(history[2].actor.object_id, kAdmin);
  EXPECT_FALSE(history[2].valid_to);

  EXPECT_EQ(store_->RemovePowerPlatformCoOwner(app.resource_id, kOther, {kTenant, kAdmin}).error().code,
            "CoOwnerNotFound");
  EXPECT_EQ(store_->SetPowerPlatformOwner("/nope", kOther, {kTenant, kAdmin}, "gui").error().code, "ResourceNotFound");
}

TEST_F(PowerPlatformStoreTest, OwnershipHistoryIsAppendOnly) {
  const auto flow = Resource(PowerPlatformProduct::kFlow, "f1", kMaker);
  ASSERT_TRUE(store_->CreatePowerPlatformResource(flow, {kTenant, kMaker}, "create").ok());
  auto connection = database_.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  EXPECT_FALSE(connection->Execute("DELETE FROM pp_ownership_history").ok());
  EXPECT_FALSE(connection->Execute("UPDATE pp_ownership_history SET principal_id = 'x'").ok());
  EXPECT_EQ(Find(flow.resource_id).owner, kMaker);
}

TEST_F(PowerPlatformStoreTest, SolutionImportMakesTheImporterOwnerOfNewAndExistingComponents) {
  const auto existing = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->CreatePowerPlatformResource(existing, {kTenant, kMaker}, "create").ok());
  ASSERT_TRUE(store_->AddPowerPlatformCoOwner(existing.resource_id, kAdmin, {kTenant, kMaker}, "gui").ok());
  Solution solution;
  solution.name = "Contoso_Field";
  solution.components = {{PowerPlatformProduct::kCanvasApp, "app1", "App one"},
                         {PowerPlatformProduct::kFlow, "flow1", ""}};
  auto imported = store_->ImportSolution("contoso-prod", solution, {kTenant, kOther});
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_EQ(imported->size(), 2u);
  EXPECT_EQ((*imported)[0].owner, kOther);
  EXPECT_EQ((*imported)[0].co_owners, std::vector<Guid>{kAdmin});  // a canvas app keeps its co-owners
  EXPECT_EQ((*imported)[0].display_name, "App one");
  EXPECT_EQ((*imported)[0].solution, "Contoso_Field");
  EXPECT_EQ((*imported)[1].owner, kOther);
  EXPECT_EQ((*imported)[1].resource_id, "/providers/Pal.PowerPlatform/environments/contoso-prod/flows/flow1");
  EXPECT_EQ((*imported)[1].created_by.object_id, kOther);
  EXPECT_EQ(store_->ImportSolution("missing", solution, {kTenant, kOther}).error().code, "EnvironmentNotFound");
}

TEST_F(PowerPlatformStoreTest, ActivityIsOneRowPerUserPerDayAndProfilesAreReplaced) {
  const auto app = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->CreatePowerPlatformResource(app, {kTenant, kMaker}, "create").ok());
  const std::string key = "/providers/pal.powerplatform/environments/contoso-prod/canvasapps/app1";
  std::vector<PowerPlatformActivity> rows = {{20'000, key, kMaker}, {20'000, key, kOther}, {20'001, key, kMaker}};
  EXPECT_EQ(*store_->AddPowerPlatformActivity(rows), 3u);
  EXPECT_EQ(*store_->AddPowerPlatformActivity(rows), 0u);
  EXPECT_EQ(*store_->SetUnifiedProfiles({{20'000, key, 10}}), 1u);
  EXPECT_EQ(*store_->SetUnifiedProfiles({{20'000, key, 12}, {20'001, key, 13}}), 1u);

  auto usage = store_->ExportPowerPlatform();
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->resources.size(), 1u);
  EXPECT_EQ(usage->resources[0].environment_type, "Production");
  EXPECT_TRUE(usage->resources[0].paid);
  EXPECT_EQ(usage->resources[0].owners, std::vector<Guid>{kMaker});
  EXPECT_EQ(usage->activity.size(), 3u);
  ASSERT_EQ(usage->profiles.size(), 2u);
  EXPECT_EQ(usage->profiles[0].unified_profiles, 12u);
}

TEST_F(PowerPlatformStoreTest, EnvironmentWithResourcesIsNotDeleted) {
  ASSERT_TRUE(store_->CreatePowerPlatformResource(Resource(PowerPlatformProduct::kBot, "b1", kMaker),
                                                  {kTenant, kMaker}, "create").ok());
  EXPECT_EQ(store_->DeleteEnvironment("contoso-prod").error().code, "EnvironmentNotEmpty");
  ASSERT_TRUE(store_->DeletePowerPlatformResource(PowerPlatformResourceId("contoso-prod", PowerPlatformProduct::kBot, "b1"),
                                                  {kTenant, kAdmin}).ok());
  EXPECT_TRUE(store_->DeleteEnvironment("contoso-prod").ok());
  EXPECT_FALSE(*store_->FindEnvironment("contoso-prod"));
}

// A store without the fixture's tenant and environment, for data set imports.
class PowerPlatformImportTest : public PowerPlatformStoreTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
};

TEST_F(PowerPlatformImportTest, DataSetFilesRoundTripThroughTheStore) {
  const std::string tenant = kTenant.ToString();
  std::map<std::string, std::string> files = {
      {"tenants.csv", "tenant_id,display_name\n" + tenant + ",Contoso\n"},
      {"powerplatform_resources.csv",
       "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n"
       "env-1," + tenant + ",Production,true,app-1,CanvasApp," + kMaker.ToString() + "," + kOther.ToString() + "\n"
       "env-1," + tenant + ",Production,true,ci-1,CustomerInsightsInstance,,\n"},
      {"powerplatform_activity.csv", "date,resource_id,user_id\n2026-10-02,APP-1," + kOther.ToString() + "\n"},
      {"customer_insights_profiles.csv", "date,resource_id,unified_profiles\n2026-10-31,ci-1,1200\n"},
  };
  auto dataset = ParseDataset(files);
  ASSERT_TRUE(dataset.ok()) << dataset.error().message;
  auto usage = ParsePowerPlatformUsage(files);
  ASSERT_TRUE(usage.ok()) << usage.error().message;
  ASSERT_TRUE(store_->ImportDataset(*dataset, *usage).ok());
  auto exported = store_->ExportPowerPlatform();
  ASSERT_TRUE(exported.ok());
  const auto written = WritePowerPlatformUsage(*exported);
  auto again = ParsePowerPlatformUsage(written);
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->resources.size(), 2u);
  EXPECT_EQ(again->resources[0].resource_id, "app-1");
  EXPECT_EQ(again->resources[0].owners, std::vector<Guid>{kMaker});
  EXPECT_EQ(again->resources[0].co_owners, std::vector<Guid>{kOther});
  EXPECT_TRUE(again->resources[1].owners.empty());
  ASSERT_EQ(again->activity.size(), 1u);
  EXPECT_EQ(again->activity[0].resource_key, "app-1");
  ASSERT_EQ(again->profiles.size(), 1u);
  EXPECT_EQ(again->profiles[0].unified_profiles, 1200u);
  auto env = store_->FindEnvironment("ENV-1");
  ASSERT_TRUE(env.ok() && *env);
  EXPECT_TRUE((*env)->paid);
}

TEST_F(PowerPlatformImportTest, AResourceOfAnUnknownTenantFailsTheWholeImportNamingItsLine) {
  std::map<std::string, std::string> files = {
      {"tenants.csv", "tenant_id,display_name\n" + kTenant.ToString() + ",Contoso\n"},
      {"powerplatform_resources.csv",
       "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n"
       "env-1," + kOther.ToString() + ",Sandbox,false,flow-1,Flow,,\n"},
  };
  auto refused = store_->ImportDataset(*ParseDataset(files), *ParsePowerPlatformUsage(files));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidDataset");
  EXPECT_NE(refused.error().message.find("powerplatform_resources.csv:2"), std::string::npos) << refused.error().message;
  auto tenants = store_->ListTenants();
  ASSERT_TRUE(tenants.ok());
  EXPECT_TRUE(tenants->empty());  // nothing was written
}

}  // namespace
}  // namespace pal::store
