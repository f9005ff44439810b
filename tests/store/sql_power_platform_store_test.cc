#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/power_platform_resource.h"
#include "core/text.h"
#include "dataset/dataset.h"
#include "dataset/power_platform_files.h"
#include "store/schema_migrations.h"
#include "store/sql_store.h"
#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kAdmin = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kMaker = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2");
const Guid kOther = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b3");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kFabrikamAdmin = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000c1");
const Guid kFabrikamMaker = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000c2");

class PowerPlatformStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->directory().CreateTenant(Tenant{kTenant, "Contoso", 0}).ok());
    PowerPlatformEnvironment env;
    env.name = "contoso-prod";
    env.tenant_id = kTenant;
    env.display_name = "Contoso production";
    env.type = EnvironmentType::kProduction;
    env.paid = true;
    env.created_by = {kTenant, kAdmin};
    env.created_at = clock_.Now();
    ASSERT_TRUE(store_->power_platform_environments().CreateEnvironment(env).ok());
  }
  void TearDown() override { store_.reset(); }

  PowerPlatformResourceRecord Resource(PowerPlatformProduct product, const std::string& name,
                                       const Guid& owner) {
    PowerPlatformResourceRecord r;
    r.resource_id = PowerPlatformResourceId("contoso-prod", product, name);
    r.environment = "contoso-prod";
    r.tenant_id = kTenant;
    r.product = product;
    r.name = name;
    r.display_name = name;
    r.owner = owner;
    r.created_by = {kTenant, owner};
    r.created_at = clock_.Now();
    return r;
  }

  PowerPlatformResourceRecord Find(const std::string& id, const Guid& tenant = kTenant) {
    return *std::move(store_->power_platform_resources().FindPowerPlatformResource(tenant, id))
                .value();
  }

  TestDatabase database_;
  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(PowerPlatformStoreTest, CreatorIsTheOnlyAdminAndCannotBeRemoved) {
  auto members =
      store_->power_platform_environments().ListEnvironmentMembers(kTenant, "CONTOSO-PROD");
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].object_id, kAdmin);
  EXPECT_EQ((*members)[0].role, EnvironmentRole::kAdmin);
  auto removed = store_->power_platform_environments().RemoveEnvironmentMember(
      kTenant, "contoso-prod", kAdmin);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, "LastEnvironmentAdmin");
  auto demoted = store_->power_platform_environments().SetEnvironmentMember(
      {kTenant, "contoso-prod", kAdmin, EnvironmentRole::kMaker, 0});
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().code, "LastEnvironmentAdmin");
  ASSERT_TRUE(
      store_->power_platform_environments()
          .SetEnvironmentMember({kTenant, "contoso-prod", kMaker, EnvironmentRole::kAdmin, 0})
          .ok());
  EXPECT_TRUE(store_->power_platform_environments()
                  .RemoveEnvironmentMember(kTenant, "contoso-prod", kAdmin)
                  .ok());
  EXPECT_EQ(store_->power_platform_environments()
                .RemoveEnvironmentMember(kTenant, "contoso-prod", kAdmin)
                .error()
                .code,
            "MemberNotFound");
}

TEST_F(PowerPlatformStoreTest, EnvironmentNamesAreUniqueInATenantWhateverTheirCase) {
  auto env =
      *std::move(store_->power_platform_environments().FindEnvironment(kTenant, "Contoso-Prod"))
           .value();
  EXPECT_EQ(env.name, "contoso-prod");
  env.name = "CONTOSO-PROD";
  auto again = store_->power_platform_environments().CreateEnvironment(env);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "EnvironmentNameUnavailable");
  env.name = "elsewhere";
  env.tenant_id = kOther;
  EXPECT_EQ(store_->power_platform_environments().CreateEnvironment(env).error().code,
            "TenantNotFound");
}

// Contoso and Fabrikam each have an environment "contoso-prod" holding a canvas app "sales": the
// same environment name (in another case) and the same resource id. Each tenant's key finds only
// its own; Fabrikam's creates, changes and deletes leave Contoso's environment, members,
// resource, owners, history and activity as they were.
TEST_F(PowerPlatformStoreTest, TwoTenantsKeepNamesakeEnvironmentsAndResourcesApart) {
  ASSERT_TRUE(store_->directory().CreateTenant(Tenant{kFabrikam, "Fabrikam", 0}).ok());
  auto contoso_app = Resource(PowerPlatformProduct::kCanvasApp, "sales", kMaker);
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(contoso_app, {kTenant, kMaker}, "create")
                  .ok());
  ASSERT_TRUE(store_->power_platform_resources()
                  .AddPowerPlatformCoOwner(kTenant, contoso_app.resource_id, kOther,
                                           {kTenant, kMaker}, "gui")
                  .ok());
  const auto contoso_env =
      *std::move(store_->power_platform_environments().FindEnvironment(kTenant, "contoso-prod"))
           .value();
  const auto contoso_members =
      std::move(
          store_->power_platform_environments().ListEnvironmentMembers(kTenant, "contoso-prod"))
          .value();
  const auto contoso_history = std::move(store_->power_platform_resources().ListOwnershipHistory(
                                             kTenant, contoso_app.resource_id))
                                   .value();
  ASSERT_EQ(contoso_history.size(), 2u);

  PowerPlatformEnvironment env;
  env.name = "CONTOSO-PROD";
  env.tenant_id = kFabrikam;
  env.display_name = "Fabrikam's";
  env.type = EnvironmentType::kSandbox;
  env.paid = false;
  env.created_by = {kFabrikam, kFabrikamAdmin};
  env.created_at = clock_.Now();
  ASSERT_TRUE(store_->power_platform_environments().CreateEnvironment(env).ok());
  EXPECT_EQ(store_->power_platform_environments().CreateEnvironment(env).error().code,
            "EnvironmentNameUnavailable");  // in its own tenant
  auto fabrikam_env =
      store_->power_platform_environments().FindEnvironment(kFabrikam, "contoso-prod");
  ASSERT_TRUE(fabrikam_env.ok() && *fabrikam_env);
  EXPECT_EQ((*fabrikam_env)->display_name, "Fabrikam's");
  EXPECT_EQ((*fabrikam_env)->tenant_id, kFabrikam);
  EXPECT_FALSE(*store_->power_platform_environments().FindEnvironment(
      *Guid::Parse("00000000-0000-4000-8000-000000000bad"), "contoso-prod"));
  ASSERT_EQ(store_->power_platform_environments().ListEnvironments(kFabrikam)->size(), 1u);
  ASSERT_EQ(store_->power_platform_environments().ListEnvironments(kTenant)->size(), 1u);
  auto fabrikam_members = std::move(store_->power_platform_environments().ListEnvironmentMembers(
                                        kFabrikam, "contoso-prod"))
                              .value();
  ASSERT_EQ(fabrikam_members.size(), 1u);
  EXPECT_EQ(fabrikam_members[0].object_id, kFabrikamAdmin);
  EXPECT_EQ(fabrikam_members[0].tenant_id, kFabrikam);

  auto fabrikam_app = contoso_app;
  fabrikam_app.tenant_id = kFabrikam;
  fabrikam_app.owner = kFabrikamAdmin;
  fabrikam_app.created_by = {kFabrikam, kFabrikamAdmin};
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(fabrikam_app, {kFabrikam, kFabrikamAdmin}, "create")
                  .ok());
  EXPECT_EQ(store_->power_platform_resources()
                .CreatePowerPlatformResource(fabrikam_app, {kFabrikam, kFabrikamAdmin}, "create")
                .error()
                .code,
            "ResourceExists");
  const std::string& id = contoso_app.resource_id;
  ASSERT_TRUE(store_->power_platform_environments()
                  .SetEnvironmentMember(
                      {kFabrikam, "contoso-prod", kFabrikamMaker, EnvironmentRole::kAdmin, 0})
                  .ok());
  env.display_name = "Fabrikam renamed";
  env.paid = true;
  ASSERT_TRUE(store_->power_platform_environments().UpdateEnvironment(env).ok());
  ASSERT_TRUE(store_->power_platform_resources()
                  .RenamePowerPlatformResource(kFabrikam, id, "Fabrikam sales")
                  .ok());
  ASSERT_TRUE(
      store_->power_platform_resources()
          .SetPowerPlatformOwner(kFabrikam, id, kFabrikamMaker, {kFabrikam, kFabrikamAdmin}, "gui")
          .ok());
  ASSERT_TRUE(store_->power_platform_resources()
                  .AddPowerPlatformCoOwner(kFabrikam, id, kFabrikamAdmin,
                                           {kFabrikam, kFabrikamMaker}, "gui")
                  .ok());
  // Contoso's co-owner is not Fabrikam's: nothing to remove there.
  EXPECT_EQ(store_->power_platform_resources()
                .RemovePowerPlatformCoOwner(kFabrikam, id, kOther, {kFabrikam, kFabrikamMaker})
                .error()
                .code,
            "CoOwnerNotFound");
  EXPECT_EQ(Find(id, kFabrikam).owner, kFabrikamMaker);
  EXPECT_EQ(Find(id, kFabrikam).co_owners, std::vector<Guid>{kFabrikamAdmin});
  EXPECT_EQ(Find(id, kFabrikam).display_name, "Fabrikam sales");
  EXPECT_EQ(Find(id, kFabrikam).tenant_id, kFabrikam);
  ASSERT_EQ(store_->power_platform_resources()
                .ListPowerPlatformResources(kFabrikam, "CONTOSO-PROD")
                ->size(),
            1u);

  const std::string key = ToLowerAscii(id);
  EXPECT_EQ(*store_->power_platform_resources().AddPowerPlatformActivity(
                {{kTenant, 20'000, key, kMaker},
                 {kFabrikam, 20'000, key, kFabrikamMaker},
                 {kFabrikam, 20'000, key, kMaker}}),
            3u);
  EXPECT_EQ(*store_->power_platform_resources().SetUnifiedProfiles(
                {{kTenant, 20'000, key, 5}, {kFabrikam, 20'000, key, 7}}),
            2u);
  auto usage = store_->power_platform_resources().ExportPowerPlatform();
  ASSERT_TRUE(usage.ok()) << usage.error().message;
  ASSERT_EQ(usage->resources.size(), 2u);
  std::map<Guid, PowerPlatformResource> by_tenant;
  for (const auto& r : usage->resources) by_tenant[r.tenant_id] = r;
  EXPECT_EQ(by_tenant[kTenant].owners, std::vector<Guid>{kMaker});
  EXPECT_EQ(by_tenant[kTenant].co_owners, std::vector<Guid>{kOther});
  EXPECT_EQ(by_tenant[kTenant].environment_type, EnvironmentType::kProduction);
  EXPECT_TRUE(by_tenant[kTenant].paid);
  EXPECT_EQ(by_tenant[kFabrikam].owners, std::vector<Guid>{kFabrikamMaker});
  EXPECT_EQ(by_tenant[kFabrikam].environment_type, EnvironmentType::kSandbox);
  EXPECT_EQ(std::count_if(usage->activity.begin(), usage->activity.end(),
                          [](const PowerPlatformActivity& a) { return a.tenant_id == kTenant; }),
            1);
  ASSERT_EQ(usage->profiles.size(), 2u);

  // Contoso's side is as it was.
  auto contoso = Find(id);
  EXPECT_EQ(contoso.owner, kMaker);
  EXPECT_EQ(contoso.co_owners, std::vector<Guid>{kOther});
  EXPECT_EQ(contoso.display_name, "sales");
  EXPECT_EQ(contoso.tenant_id, kTenant);
  auto history_now =
      std::move(store_->power_platform_resources().ListOwnershipHistory(kTenant, id)).value();
  ASSERT_EQ(history_now.size(), contoso_history.size());
  for (size_t i = 0; i < history_now.size(); ++i) {
    EXPECT_EQ(history_now[i].principal, contoso_history[i].principal);
    EXPECT_EQ(history_now[i].valid_to, contoso_history[i].valid_to);
  }
  auto env_now =
      *std::move(store_->power_platform_environments().FindEnvironment(kTenant, "contoso-prod"))
           .value();
  EXPECT_EQ(env_now.display_name, contoso_env.display_name);
  EXPECT_EQ(env_now.type, contoso_env.type);
  EXPECT_EQ(env_now.paid, contoso_env.paid);
  auto members_now = std::move(store_->power_platform_environments().ListEnvironmentMembers(
                                   kTenant, "contoso-prod"))
                         .value();
  ASSERT_EQ(members_now.size(), contoso_members.size());
  EXPECT_EQ(members_now[0].object_id, contoso_members[0].object_id);

  // Fabrikam deletes its resource and its environment; Contoso's stay.
  ASSERT_TRUE(store_->power_platform_resources()
                  .DeletePowerPlatformResource(kFabrikam, id, {kFabrikam, kFabrikamAdmin})
                  .ok());
  EXPECT_EQ(store_->power_platform_resources()
                .DeletePowerPlatformResource(kFabrikam, id, {kFabrikam, kFabrikamAdmin})
                .error()
                .code,
            "ResourceNotFound");
  ASSERT_TRUE(
      store_->power_platform_environments().DeleteEnvironment(kFabrikam, "contoso-prod").ok());
  EXPECT_FALSE(*store_->power_platform_environments().FindEnvironment(kFabrikam, "contoso-prod"));
  EXPECT_FALSE(*store_->power_platform_resources().FindPowerPlatformResource(kFabrikam, id));
  EXPECT_EQ(Find(id).owner, kMaker);
  EXPECT_EQ(store_->power_platform_resources().ListOwnershipHistory(kTenant, id)->size(),
            contoso_history.size());
  EXPECT_TRUE(*store_->power_platform_environments().FindEnvironment(kTenant, "contoso-prod"));
  EXPECT_EQ(
      store_->power_platform_environments().DeleteEnvironment(kTenant, "contoso-prod").error().code,
      "EnvironmentNotEmpty");
}

// The right to import over existing components is decided by the import's own transaction:
// an owner changed after a caller looked (the API's earlier view) refuses the import, and
// nothing is written.
TEST_F(PowerPlatformStoreTest, SolutionImportChecksOwnersAndMembershipInItsOwnTransaction) {
  ASSERT_TRUE(
      store_->power_platform_environments()
          .SetEnvironmentMember({kTenant, "contoso-prod", kMaker, EnvironmentRole::kMaker, 0})
          .ok());
  const auto app = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(app, {kTenant, kMaker}, "create")
                  .ok());
  Solution solution;
  solution.name = "Contoso_Field";
  solution.components = {{PowerPlatformProduct::kFlow, "flow1", ""},
                         {PowerPlatformProduct::kCanvasApp, "app1", "X"}};
  const std::string flow =
      PowerPlatformResourceId("contoso-prod", PowerPlatformProduct::kFlow, "flow1");
  ASSERT_EQ(Find(app.resource_id).owner, kMaker);  // what a check before the import saw
  // Between that look and the import, the admin hands the app to someone else.
  ASSERT_TRUE(store_->power_platform_resources()
                  .SetPowerPlatformOwner(kTenant, app.resource_id, kOther, {kTenant, kAdmin}, "gui")
                  .ok());
  const auto history = store_->power_platform_resources().ListOwnershipHistory(kTenant, "")->size();
  auto refused = store_->power_platform_resources().ImportSolution("contoso-prod", solution,
                                                                   {kTenant, kMaker});
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->refusal, SolutionImport::Refusal::kNotOwner);
  EXPECT_EQ(refused->component, 1u);
  EXPECT_TRUE(refused->components.empty());
  EXPECT_FALSE(*store_->power_platform_resources().FindPowerPlatformResource(
      kTenant, flow));  // not even the new component
  EXPECT_EQ(Find(app.resource_id).owner, kOther);
  EXPECT_EQ(Find(app.resource_id).display_name, "app1");
  EXPECT_EQ(store_->power_platform_resources().ListOwnershipHistory(kTenant, "")->size(), history);

  // Neither a principal that is no member (or no longer one) nor another tenant's imports.
  EXPECT_EQ(store_->power_platform_resources()
                .ImportSolution("contoso-prod", solution, {kTenant, kOther})
                ->refusal,
            SolutionImport::Refusal::kNotMaker);
  EXPECT_EQ(store_->power_platform_resources()
                .ImportSolution("contoso-prod", solution, {kFabrikam, kFabrikamAdmin})
                .error()
                .code,
            "EnvironmentNotFound");
  // An admin imports over anyone's components.
  auto by_admin = store_->power_platform_resources().ImportSolution("contoso-prod", solution,
                                                                    {kTenant, kAdmin});
  ASSERT_TRUE(by_admin.ok()) << by_admin.error().message;
  EXPECT_EQ(by_admin->refusal, SolutionImport::Refusal::kNone);
  ASSERT_EQ(by_admin->components.size(), 2u);
  EXPECT_EQ(Find(app.resource_id).owner, kAdmin);
  // The maker, once the owner of every existing component again, imports.
  for (const auto& id : {app.resource_id, flow}) {
    ASSERT_TRUE(store_->power_platform_resources()
                    .SetPowerPlatformOwner(kTenant, id, kMaker, {kTenant, kAdmin}, "gui")
                    .ok());
  }
  auto by_maker = store_->power_platform_resources().ImportSolution("contoso-prod", solution,
                                                                    {kTenant, kMaker});
  ASSERT_TRUE(by_maker.ok()) << by_maker.error().message;
  EXPECT_EQ(by_maker->refusal, SolutionImport::Refusal::kNone);
  EXPECT_EQ(Find(app.resource_id).display_name, "X");
}

TEST_F(PowerPlatformStoreTest, NewOwnerWhoWasCoOwnerStopsBeingOneAndHistoryRecordsEveryInterval) {
  const auto app = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(app, {kTenant, kMaker}, "create")
                  .ok());
  EXPECT_EQ(store_->power_platform_resources()
                .CreatePowerPlatformResource(app, {kTenant, kMaker}, "create")
                .error()
                .code,
            "ResourceExists");
  ASSERT_TRUE(
      store_->power_platform_resources()
          .AddPowerPlatformCoOwner(kTenant, app.resource_id, kOther, {kTenant, kMaker}, "gui")
          .ok());
  ASSERT_TRUE(
      store_->power_platform_resources()
          .AddPowerPlatformCoOwner(kTenant, app.resource_id, kOther, {kTenant, kMaker}, "gui")
          .ok());
  EXPECT_EQ(store_->power_platform_resources()
                .AddPowerPlatformCoOwner(kTenant, app.resource_id, kMaker, {kTenant, kMaker}, "gui")
                .error()
                .code,
            "AlreadyOwner");
  EXPECT_EQ(Find(app.resource_id).co_owners, std::vector<Guid>{kOther});

  clock_.Advance(kMicrosPerSecond);
  ASSERT_TRUE(
      store_->power_platform_resources()
          .SetPowerPlatformOwner(kTenant, app.resource_id, kOther, {kTenant, kAdmin}, "powershell")
          .ok());
  auto now = Find(app.resource_id);
  EXPECT_EQ(now.owner, kOther);
  EXPECT_TRUE(now.co_owners.empty());
  auto history =
      std::move(store_->power_platform_resources().ListOwnershipHistory(kTenant, app.resource_id))
          .value();
  ASSERT_EQ(history.size(), 3u);  // maker owner, other co-owner, other owner
  EXPECT_EQ(history[0].principal, kMaker);
  EXPECT_EQ(history[0].valid_to, clock_.Now());
  EXPECT_EQ(history[1].role, OwnershipRole::kCoOwner);
  EXPECT_EQ(history[1].valid_to, clock_.Now());
  EXPECT_EQ(history[2].channel, "powershell");
  EXPECT_EQ(history[2].actor.object_id, kAdmin);
  EXPECT_FALSE(history[2].valid_to);

  EXPECT_EQ(store_->power_platform_resources()
                .RemovePowerPlatformCoOwner(kTenant, app.resource_id, kOther, {kTenant, kAdmin})
                .error()
                .code,
            "CoOwnerNotFound");
  EXPECT_EQ(store_->power_platform_resources()
                .SetPowerPlatformOwner(kTenant, "/nope", kOther, {kTenant, kAdmin}, "gui")
                .error()
                .code,
            "ResourceNotFound");
}

TEST_F(PowerPlatformStoreTest, OwnershipHistoryIsAppendOnly) {
  const auto flow = Resource(PowerPlatformProduct::kFlow, "f1", kMaker);
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(flow, {kTenant, kMaker}, "create")
                  .ok());
  auto connection = database_.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  EXPECT_FALSE(connection->Execute("DELETE FROM pp_ownership_history").ok());
  EXPECT_FALSE(connection->Execute("UPDATE pp_ownership_history SET principal_id = 'x'").ok());
  EXPECT_EQ(Find(flow.resource_id).owner, kMaker);
}

TEST_F(PowerPlatformStoreTest, SolutionImportMakesTheImporterOwnerOfNewAndExistingComponents) {
  const auto existing = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(existing, {kTenant, kMaker}, "create")
                  .ok());
  ASSERT_TRUE(
      store_->power_platform_resources()
          .AddPowerPlatformCoOwner(kTenant, existing.resource_id, kAdmin, {kTenant, kMaker}, "gui")
          .ok());
  Solution solution;
  solution.name = "Contoso_Field";
  solution.components = {{PowerPlatformProduct::kCanvasApp, "app1", "App one"},
                         {PowerPlatformProduct::kFlow, "flow1", ""}};
  // kOther, an environment admin, imports over the maker's app.
  ASSERT_TRUE(
      store_->power_platform_environments()
          .SetEnvironmentMember({kTenant, "contoso-prod", kOther, EnvironmentRole::kAdmin, 0})
          .ok());
  auto result = store_->power_platform_resources().ImportSolution("contoso-prod", solution,
                                                                  {kTenant, kOther});
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->refusal, SolutionImport::Refusal::kNone);
  const auto& imported = result->components;
  ASSERT_EQ(imported.size(), 2u);
  EXPECT_EQ(imported[0].owner, kOther);
  EXPECT_EQ(imported[0].co_owners, std::vector<Guid>{kAdmin});  // a canvas app keeps its co-owners
  EXPECT_EQ(imported[0].display_name, "App one");
  EXPECT_EQ(imported[0].solution, "Contoso_Field");
  EXPECT_EQ(imported[1].owner, kOther);
  EXPECT_EQ(imported[1].resource_id,
            "/providers/Pal.PowerPlatform/environments/contoso-prod/flows/flow1");
  EXPECT_EQ(imported[1].created_by.object_id, kOther);
  EXPECT_EQ(store_->power_platform_resources()
                .ImportSolution("missing", solution, {kTenant, kOther})
                .error()
                .code,
            "EnvironmentNotFound");
}

TEST_F(PowerPlatformStoreTest, ActivityIsOneRowPerUserPerDayAndProfilesAreReplaced) {
  const auto app = Resource(PowerPlatformProduct::kCanvasApp, "app1", kMaker);
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(app, {kTenant, kMaker}, "create")
                  .ok());
  const std::string key = "/providers/pal.powerplatform/environments/contoso-prod/canvasapps/app1";
  std::vector<PowerPlatformActivity> rows = {{kTenant, 20'000, key, kMaker},
                                             {kTenant, 20'000, key, kOther},
                                             {kTenant, 20'001, key, kMaker}};
  EXPECT_EQ(*store_->power_platform_resources().AddPowerPlatformActivity(rows), 3u);
  EXPECT_EQ(*store_->power_platform_resources().AddPowerPlatformActivity(rows), 0u);
  EXPECT_EQ(*store_->power_platform_resources().SetUnifiedProfiles({{kTenant, 20'000, key, 10}}),
            1u);
  EXPECT_EQ(*store_->power_platform_resources().SetUnifiedProfiles(
                {{kTenant, 20'000, key, 12}, {kTenant, 20'001, key, 13}}),
            1u);

  auto usage = store_->power_platform_resources().ExportPowerPlatform();
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->resources.size(), 1u);
  EXPECT_EQ(usage->resources[0].environment_type, EnvironmentType::kProduction);
  EXPECT_TRUE(usage->resources[0].paid);
  EXPECT_EQ(usage->resources[0].owners, std::vector<Guid>{kMaker});
  EXPECT_EQ(usage->activity.size(), 3u);
  ASSERT_EQ(usage->profiles.size(), 2u);
  EXPECT_EQ(usage->profiles[0].unified_profiles, 12u);
}

TEST_F(PowerPlatformStoreTest, EnvironmentWithResourcesIsNotDeleted) {
  ASSERT_TRUE(store_->power_platform_resources()
                  .CreatePowerPlatformResource(Resource(PowerPlatformProduct::kBot, "b1", kMaker),
                                               {kTenant, kMaker}, "create")
                  .ok());
  EXPECT_EQ(
      store_->power_platform_environments().DeleteEnvironment(kTenant, "contoso-prod").error().code,
      "EnvironmentNotEmpty");
  ASSERT_TRUE(store_->power_platform_resources()
                  .DeletePowerPlatformResource(
                      kTenant,
                      PowerPlatformResourceId("contoso-prod", PowerPlatformProduct::kBot, "b1"),
                      {kTenant, kAdmin})
                  .ok());
  EXPECT_TRUE(
      store_->power_platform_environments().DeleteEnvironment(kTenant, "contoso-prod").ok());
  EXPECT_FALSE(*store_->power_platform_environments().FindEnvironment(kTenant, "contoso-prod"));
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
       "env-1," +
           tenant + ",Production,true,app-1,CanvasApp," + kMaker.ToString() + "," +
           kOther.ToString() +
           "\n"
           "env-1," +
           tenant + ",Production,true,ci-1,CustomerInsightsInstance,,\n"},
      {"powerplatform_activity.csv",
       "date,resource_id,user_id\n2026-10-02,APP-1," + kOther.ToString() + "\n"},
      {"customer_insights_profiles.csv",
       "date,resource_id,unified_profiles\n2026-10-31,ci-1,1200\n"},
  };
  auto dataset = ParseDataset(files);
  ASSERT_TRUE(dataset.ok()) << dataset.error().message;
  auto usage = ParsePowerPlatformUsage(files);
  ASSERT_TRUE(usage.ok()) << usage.error().message;
  ASSERT_TRUE(store_->dataset().ImportDataset(*dataset, *usage).ok());
  auto exported = store_->power_platform_resources().ExportPowerPlatform();
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
  auto env = store_->power_platform_environments().FindEnvironment(kTenant, "ENV-1");
  ASSERT_TRUE(env.ok() && *env);
  EXPECT_TRUE((*env)->paid);
}

TEST_F(PowerPlatformImportTest, AResourceOfAnUnknownTenantFailsTheWholeImportNamingItsLine) {
  std::map<std::string, std::string> files = {
      {"tenants.csv", "tenant_id,display_name\n" + kTenant.ToString() + ",Contoso\n"},
      {"powerplatform_resources.csv",
       "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,co_owner_ids\n"
       "env-1," +
           kOther.ToString() + ",Sandbox,false,flow-1,Flow,,\n"},
  };
  auto refused =
      store_->dataset().ImportDataset(*ParseDataset(files), *ParsePowerPlatformUsage(files));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidDataset");
  EXPECT_NE(refused.error().message.find("powerplatform_resources.csv:2"), std::string::npos)
      << refused.error().message;
  auto tenants = store_->directory().ListTenants();
  ASSERT_TRUE(tenants.ok());
  EXPECT_TRUE(tenants->empty());  // nothing was written
}

// Migration 16 keys environments by tenant and name and puts the tenant beside every
// environment and resource id: a store of version 15 keeps every row, each under its tenant —
// also the history and activity of a deleted resource (the tenant of the environment its id
// names) and the open and closed intervals of the append-only history.
TEST(PowerPlatformMigration, EveryRowOfVersion15IsKeptUnderItsTenant) {
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  {
    auto connection = database.Connect();
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    ASSERT_TRUE(MigrateSchemaTo(*connection, 0, 15).ok());
    const std::string t = kTenant.ToString(), admin = kAdmin.ToString(), maker = kMaker.ToString(),
                      other = kOther.ToString();
    const std::string app =
        "/providers/Pal.PowerPlatform/environments/contoso-prod/canvasApps/app1";
    const std::string gone = "/providers/Pal.PowerPlatform/environments/CONTOSO-PROD/flows/old";
    const std::string sql = fmt::format(
        "INSERT INTO tenants(tenant_id, name, created_at) VALUES ('{t}', 'Contoso', 0);"
        "INSERT INTO pp_environments(name, tenant_id, display_name, type, paid, "
        "created_by_tenant_id, "
        "created_by_object_id, created_at) VALUES ('contoso-prod', '{t}', 'Contoso production', "
        "'Production', 1, "
        "'{t}', '{admin}', 1), ('env-1', '{t}', 'env-1', 'Sandbox', 0, '{t}', '{admin}', 2);"
        "INSERT INTO pp_environment_members(environment, object_id, role, added_at) VALUES "
        "('contoso-prod', '{admin}', 'EnvironmentAdmin', 1), ('contoso-prod', '{maker}', "
        "'EnvironmentMaker', 2);"
        "INSERT INTO pp_resources(resource_id, environment, product, name, display_name, "
        "created_by_tenant_id, "
        "created_by_object_id, created_at, solution) VALUES ('{app}', 'contoso-prod', 'CanvasApp', "
        "'app1', "
        "'App one', '{t}', '{maker}', 3, 'Field'), ('app-1', 'env-1', 'Flow', 'app-1', 'app-1', "
        "'{t}', '{admin}', 4, "
        "NULL);"
        "INSERT INTO pp_ownership_history(resource_id, principal_id, role, channel, "
        "actor_tenant_id, "
        "actor_object_id, valid_from, valid_to) VALUES ('{app}', '{maker}', 'Owner', 'create', "
        "'{t}', '{maker}', 3, "
        "NULL), ('{app}', '{other}', 'CoOwner', 'gui', '{t}', '{maker}', 4, 5), ('{gone}', "
        "'{maker}', 'Owner', "
        "'create', '{t}', '{maker}', 1, 2), ('app-1', '{admin}', 'Owner', 'import', '{t}', "
        "'{admin}', 4, NULL);"
        "INSERT INTO pp_activity(resource_id, day, user_id) VALUES ('{app}', 20000, '{other}'), "
        "('app-1', 20000, '{maker}'), ('{gone}', 19999, '{maker}'), "
        "('/providers/Pal.PowerPlatform/environments/vanished/flows/x', 1, '{maker}');"
        "INSERT INTO pp_unified_profiles(resource_id, day, unified_profiles) VALUES ('app-1', "
        "20000, 9);",
        fmt::arg("t", t), fmt::arg("admin", admin), fmt::arg("maker", maker),
        fmt::arg("other", other), fmt::arg("app", app), fmt::arg("gone", gone));
    auto filled = connection->Execute(sql);
    ASSERT_TRUE(filled.ok()) << filled.error().message;
  }
  FixedClock clock{1'800'000'000LL * kMicrosPerSecond};
  auto opened = database.OpenStore(clock);  // migrates to the newest version
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& store = **opened;
  const std::string app = "/providers/Pal.PowerPlatform/environments/contoso-prod/canvasApps/app1";
  auto env = store.power_platform_environments().FindEnvironment(kTenant, "CONTOSO-PROD");
  ASSERT_TRUE(env.ok() && *env);
  EXPECT_EQ((*env)->display_name, "Contoso production");
  EXPECT_TRUE((*env)->paid);
  EXPECT_EQ(store.power_platform_environments().ListEnvironments(kTenant)->size(), 2u);
  auto members =
      std::move(store.power_platform_environments().ListEnvironmentMembers(kTenant, "contoso-prod"))
          .value();
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].object_id, kAdmin);
  EXPECT_EQ(members[1].role, EnvironmentRole::kMaker);
  auto resource = store.power_platform_resources().FindPowerPlatformResource(kTenant, app);
  ASSERT_TRUE(resource.ok() && *resource);
  EXPECT_EQ((*resource)->owner, kMaker);
  EXPECT_TRUE((*resource)->co_owners.empty());
  EXPECT_EQ((*resource)->solution, "Field");
  EXPECT_EQ((*resource)->tenant_id, kTenant);
  auto history =
      std::move(store.power_platform_resources().ListOwnershipHistory(kTenant, "")).value();
  ASSERT_EQ(history.size(), 4u);  // the deleted flow's interval included, in the old order
  EXPECT_EQ(history[1].principal, kOther);
  EXPECT_EQ(history[1].valid_to, 5);
  EXPECT_EQ(history[2].resource_id,
            "/providers/Pal.PowerPlatform/environments/CONTOSO-PROD/flows/old");
  auto usage = std::move(store.power_platform_resources().ExportPowerPlatform()).value();
  ASSERT_EQ(usage.resources.size(), 2u);
  ASSERT_EQ(usage.activity.size(), 4u);
  size_t in_tenant = 0;
  for (const auto& a : usage.activity) in_tenant += a.tenant_id == kTenant ? 1 : 0;
  EXPECT_EQ(in_tenant, 3u);  // the row of a vanished environment has no tenant to go to
  ASSERT_EQ(usage.profiles.size(), 1u);
  EXPECT_EQ(usage.profiles[0].tenant_id, kTenant);
  // The history stays append-only, and the store works on the migrated tables.
  auto connection = database.Connect();
  ASSERT_TRUE(connection.ok());
  EXPECT_FALSE(connection->Execute("UPDATE pp_ownership_history SET tenant_id = 'x'").ok());
  EXPECT_FALSE(connection->Execute("DELETE FROM pp_ownership_history").ok());
  ASSERT_TRUE(store.power_platform_resources()
                  .SetPowerPlatformOwner(kTenant, app, kOther, {kTenant, kAdmin}, "gui")
                  .ok());
  EXPECT_EQ((*store.power_platform_resources().FindPowerPlatformResource(kTenant, app))->owner,
            kOther);
  PowerPlatformEnvironment mine = **env;
  mine.tenant_id = kFabrikam;
  ASSERT_TRUE(store.directory().CreateTenant(Tenant{kFabrikam, "Fabrikam", 0}).ok());
  EXPECT_TRUE(store.power_platform_environments()
                  .CreateEnvironment(mine)
                  .ok());  // the name is free in another tenant
}

}  // namespace
}  // namespace pal::store
