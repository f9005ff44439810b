#include <gtest/gtest.h>

#include <algorithm>

#include "store/sql_store.h"
#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kOtherSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000102");
const PrincipalKey kAdmin{kTenant, *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1")};
const PrincipalKey kPartnerSp{kTenant, *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2")};
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");

class ScopeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    ASSERT_TRUE(store_->scopes()
                    .CreateManagementGroup(
                        {kTenant.ToString(), kTenant, "Tenant Root Group", std::nullopt, 0})
                    .ok());
    for (const Guid& sub : {kSub, kOtherSub}) {
      ASSERT_TRUE(store_->scopes()
                      .CreateSubscription({sub, kTenant, "Sub", SubscriptionOffer::kAzurePlan,
                                           SubscriptionState::kEnabled, 0, kTenant.ToString()})
                      .ok());
    }
  }
  void TearDown() override { store_.reset(); }

  RoleAssignment Assignment(int n, const std::string& scope) {
    RoleAssignment a;
    a.name = Guid::FromRandomBytes({static_cast<std::uint8_t>(n)});
    a.scope = *ResourceId::Parse(scope);
    a.role_definition_id = kReader;
    a.principal = kPartnerSp;
    a.created_at = clock_.Now();
    a.created_by = kAdmin;
    return a;
  }

  TestDatabase database_;
  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(ScopeStoreTest, ManagementGroupsNeedTheirParentAndTenant) {
  ASSERT_TRUE(
      store_->scopes()
          .CreateManagementGroup({"Production", kTenant, "Production", kTenant.ToString(), 1})
          .ok());
  EXPECT_EQ(store_->scopes()
                .CreateManagementGroup({"Orphan", kTenant, "O", std::string("Nope"), 1})
                .error()
                .kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(store_->scopes()
                .CreateManagementGroup({"PRODUCTION", kTenant, "dup", kTenant.ToString(), 1})
                .error()
                .kind,
            ErrorKind::kConflict)
      << "group ids are case-insensitive";
  EXPECT_EQ(store_->scopes()
                .CreateManagementGroup({"x", *Guid::Parse("00000000-0000-4000-8000-000000000009"),
                                        "x", std::nullopt, 1})
                .error()
                .kind,
            ErrorKind::kNotFound);
  auto groups = store_->scopes().ListManagementGroups(kTenant);
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*store_->scopes().FindSubscription(kSub))->parent_group_id, kTenant.ToString());
}

TEST_F(ScopeStoreTest, ResourceGroupsBelongToKnownSubscriptions) {
  ASSERT_TRUE(
      store_->resource_groups().CreateResourceGroup({kSub, "rg-prod", "westeurope", 1}).ok());
  EXPECT_EQ(store_->resource_groups()
                .CreateResourceGroup({kSub, "RG-PROD", "westeurope", 1})
                .error()
                .kind,
            ErrorKind::kConflict);
  EXPECT_EQ(store_->resource_groups()
                .CreateResourceGroup(
                    {*Guid::Parse("00000000-0000-4000-8000-000000000009"), "rg", "westeurope", 1})
                .error()
                .code,
            "SubscriptionNotFound");
  EXPECT_EQ(store_->resource_groups().ListResourceGroups(kSub)->size(), 1u);
}

TEST_F(ScopeStoreTest, RoleAssignmentsAreUniqueListedBySubscriptionAndHistorised) {
  const std::string sub = "/subscriptions/" + kSub.ToString();
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(Assignment(1, sub)).ok());
  ASSERT_TRUE(store_->role_assignments()
                  .CreateRoleAssignment(Assignment(2, sub + "/resourceGroups/rg"))
                  .ok());
  ASSERT_TRUE(store_->role_assignments()
                  .CreateRoleAssignment(Assignment(3, "/subscriptions/" + kOtherSub.ToString()))
                  .ok());
  auto duplicate = store_->role_assignments().CreateRoleAssignment(
      Assignment(4, "/SUBSCRIPTIONS/" + kSub.ToString()));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, "RoleAssignmentExists");
  EXPECT_EQ(store_->role_assignments().ListRoleAssignments(kSub)->size(), 2u);
  EXPECT_EQ(store_->role_assignments().ListRoleAssignments(std::nullopt)->size(), 3u);
  auto found = store_->role_assignments().FindRoleAssignment(Assignment(2, sub).name);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->scope.resource_group(), "rg");
  EXPECT_EQ((*found)->created_by, kAdmin);

  clock_.Advance(kMicrosPerSecond);
  ASSERT_TRUE(
      store_->role_assignments().DeleteRoleAssignment(Assignment(1, sub).name, kAdmin).ok());
  EXPECT_EQ(
      store_->role_assignments().DeleteRoleAssignment(Assignment(1, sub).name, kAdmin).error().code,
      "RoleAssignmentNotFound");
  EXPECT_EQ(store_->role_assignments().ListRoleAssignments(kSub)->size(), 1u);
  // The same grant can be made again after the delete; the history keeps both intervals.
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(Assignment(5, sub)).ok());

  auto connection = database_.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  auto rows =
      QueryRows(*connection,
                "SELECT count(*), count(valid_to), max(valid_to) FROM role_assignment_history", 3);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, std::vector<std::string>{"4,1," + std::to_string(clock_.Now())});
  EXPECT_FALSE(connection->Execute("DELETE FROM role_assignment_history").ok());
  EXPECT_FALSE(connection->Execute("UPDATE role_assignment_history SET scope = '/'").ok());
  rows =
      QueryRows(*connection, "SELECT count(*) FROM role_assignment_history WHERE scope <> '/'", 1);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, std::vector<std::string>{"4"});
}

TEST_F(ScopeStoreTest, RoleAssignmentUpdatesChangeOnlyTheDescriptiveFields) {
  const std::string sub = "/subscriptions/" + kSub.ToString();
  RoleAssignment a = Assignment(1, sub);
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(a).ok());
  auto stored = store_->role_assignments().FindRoleAssignment(a.name);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->updated_at, a.created_at);  // never updated: updated = created
  EXPECT_FALSE((*stored)->description.has_value());

  a.description = "PAL reader";
  a.condition = "@Resource[x] == 'y'";
  a.condition_version = "2.0";
  a.updated_at = a.created_at + kMicrosPerSecond;
  a.updated_by = kPartnerSp;
  a.role_definition_id = *Guid::Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");  // ignored
  ASSERT_TRUE(store_->role_assignments().UpdateRoleAssignment(a).ok());
  stored = store_->role_assignments().FindRoleAssignment(a.name);
  EXPECT_EQ((*stored)->description, "PAL reader");
  EXPECT_EQ((*stored)->condition_version, "2.0");
  EXPECT_EQ((*stored)->updated_at, a.updated_at);
  EXPECT_EQ((*stored)->updated_by, kPartnerSp);
  EXPECT_EQ((*stored)->role_definition_id, kReader);
  EXPECT_EQ((*stored)->created_by, kAdmin);

  EXPECT_EQ(store_->role_assignments().UpdateRoleAssignment(Assignment(9, sub)).error().kind,
            ErrorKind::kNotFound);
}

TEST_F(ScopeStoreTest, RoleAssignmentsByPrincipalAndByTenant) {
  const std::string sub = "/subscriptions/" + kSub.ToString();
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(Assignment(1, sub)).ok());
  RoleAssignment admin = Assignment(2, "/");
  admin.principal = kAdmin;
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(admin).ok());
  EXPECT_EQ(store_->role_assignments().ListRoleAssignmentsOfPrincipal(kPartnerSp)->size(), 1u);
  EXPECT_EQ(store_->role_assignments().ListRoleAssignmentsOfPrincipal(kAdmin)->front().name,
            admin.name);
  EXPECT_EQ(store_->role_assignments().ListRoleAssignmentsInTenant(kTenant)->size(), 2u);
  EXPECT_TRUE(store_->role_assignments().ListRoleAssignmentsInTenant(kSub)->empty());
}

TEST_F(ScopeStoreTest, ResourcesAreKeyedByTheirIdCaseInsensitively) {
  ASSERT_TRUE(store_->resource_groups().CreateResourceGroup({kSub, "rg", "westeurope", 0}).ok());
  const std::string id = "/subscriptions/" + kSub.ToString() +
                         "/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/s1";
  ASSERT_TRUE(store_->resource_groups().CreateResource({*ResourceId::Parse(id), kSub, 7}).ok());
  EXPECT_EQ(
      store_->resource_groups().CreateResource({*ResourceId::Parse(id), kSub, 7}).error().kind,
      ErrorKind::kConflict);
  std::string upper = id;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  auto found = store_->resource_groups().FindResource(*ResourceId::Parse(upper));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->created_at, 7);
  EXPECT_EQ(store_->resource_groups().ListResources(kSub)->size(), 1u);
  EXPECT_TRUE(store_->resource_groups().ListResources(kOtherSub)->empty());
  EXPECT_FALSE(store_->resource_groups()
                   .FindResource(*ResourceId::Parse("/subscriptions/" + kSub.ToString() +
                                                    "/resourceGroups/rg/providers/"
                                                    "Microsoft.Web/sites/other"))
                   ->has_value());
}

TEST_F(ScopeStoreTest, SubscriptionMovesAreHistorisedAndGroupsDeleteOnlyWhenEmpty) {
  ASSERT_TRUE(store_->scopes()
                  .CreateManagementGroup({"prod", kTenant, "Prod", kTenant.ToString(), 0})
                  .ok());
  clock_.Advance(kMicrosPerSecond);
  ASSERT_TRUE(store_->scopes().MoveSubscription(kSub, "PROD", kAdmin).ok());
  EXPECT_EQ((*store_->scopes().FindSubscription(kSub))->parent_group_id, "prod");
  EXPECT_EQ(store_->scopes().MoveSubscription(kSub, "nope", kAdmin).error().kind,
            ErrorKind::kNotFound);

  EXPECT_EQ(store_->scopes().DeleteManagementGroup(kTenant, "prod", kAdmin).error().code,
            "ManagementGroupHasChildren");
  RoleAssignment at_group = Assignment(1, "/providers/Microsoft.Management/managementGroups/prod");
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(at_group).ok());
  ASSERT_TRUE(store_->scopes().MoveSubscription(kSub, kTenant.ToString(), kAdmin).ok());
  ASSERT_TRUE(store_->scopes()
                  .UpdateManagementGroup({"prod", kTenant, "Production", kTenant.ToString(), 0})
                  .ok());
  EXPECT_EQ(store_->scopes().ListManagementGroups(kTenant)->back().display_name, "Production");
  ASSERT_TRUE(store_->scopes().DeleteManagementGroup(kTenant, "prod", kAdmin).ok());
  EXPECT_FALSE(store_->role_assignments().FindRoleAssignment(at_group.name)->has_value());
  EXPECT_EQ(store_->scopes().DeleteManagementGroup(kTenant, "prod", kAdmin).error().kind,
            ErrorKind::kNotFound);
  Subscription disabled = **store_->scopes().FindSubscription(kSub);
  disabled.state = SubscriptionState::kDisabled;
  disabled.offer = SubscriptionOffer::kCsp;  // not changeable: kept
  ASSERT_TRUE(store_->scopes().UpdateSubscription(disabled, kAdmin).ok());
  EXPECT_EQ((*store_->scopes().FindSubscription(kSub))->state, SubscriptionState::kDisabled);
  EXPECT_EQ((*store_->scopes().FindSubscription(kSub))->offer, SubscriptionOffer::kAzurePlan);
  disabled.subscription_id = Guid::FromRandomBytes({42});
  EXPECT_EQ(store_->scopes().UpdateSubscription(disabled, kAdmin).error().kind,
            ErrorKind::kNotFound);

  auto connection = database_.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  const std::string history =
      "SELECT action, COALESCE(parent_group_id, '-'), "
      "CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END FROM subscription_history "
      "WHERE subscription_id = '" +
      kSub.ToString() + "' ORDER BY seq";
  auto rows = QueryRows(*connection, history, 3);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const std::string root = kTenant.ToString();
  EXPECT_EQ(*rows, (std::vector<std::string>{"create," + root + ",0", "move,prod,0",
                                             "move," + root + ",0", "update," + root + ",1"}));
  EXPECT_FALSE(connection->Execute("DELETE FROM subscription_history").ok());
  EXPECT_EQ(QueryRows(*connection, history, 3)->size(), 4u);
}

TEST_F(ScopeStoreTest, PartnerOfRecordHistoryKeepsEveryAssignment) {
  ASSERT_TRUE(store_->partners_of_record().SetPartnerOfRecord(kSub, "719878", kAdmin).ok());
  clock_.Advance(kMicrosPerSecond);
  ASSERT_TRUE(store_->partners_of_record().SetPartnerOfRecord(kSub, "1234567", kPartnerSp).ok());
  auto current = store_->partners_of_record().FindPartnerOfRecord(kSub);
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->partner_id, "1234567");
  EXPECT_EQ((*current)->assigned_by, kPartnerSp);
  clock_.Advance(kMicrosPerSecond);
  ASSERT_TRUE(store_->partners_of_record().EndPartnerOfRecord(kSub, kAdmin, "removed").ok());
  EXPECT_FALSE(store_->partners_of_record().FindPartnerOfRecord(kSub)->has_value());
  EXPECT_EQ(store_->partners_of_record().EndPartnerOfRecord(kSub, kAdmin, "removed").error().kind,
            ErrorKind::kNotFound);
  auto history = store_->partners_of_record().ListPartnerOfRecordHistory();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].end_reason, "replaced");
  EXPECT_EQ((*history)[0].removed_at, (*history)[1].assigned_at);
  EXPECT_EQ((*history)[1].end_reason, "removed");
  EXPECT_EQ((*history)[1].removed_by, kAdmin);
  auto connection = database_.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  EXPECT_FALSE(connection->Execute("DELETE FROM dpor_history").ok());
  EXPECT_FALSE(connection->Execute("UPDATE dpor_history SET partner_id = 'x'").ok());
  auto rows = QueryRows(*connection, "SELECT partner_id FROM dpor_history ORDER BY seq", 1);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, (std::vector<std::string>{"719878", "1234567"}));
}

}  // namespace
}  // namespace pal::store
