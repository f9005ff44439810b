#include "service/role_assignment_creation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "mocks/store_of_mocks.h"
#include "service/role_assignment_limit.h"
#include "store/test_store.h"

namespace pal::service {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kUser = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kApp = *Guid::Parse("c0a70500-0000-4000-8000-0000000000c1");
const Guid kAdmin = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const Guid kDelegation = *Guid::Parse("de1e9a7e-0000-4000-8000-000000000001");
const std::string kSubScope = "/subscriptions/" + kSub.ToString();

class RoleAssignmentCreationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    for (const auto& [tenant, name] : {std::pair{kContoso, "Contoso"}, {kFabrikam, "Fabrikam"}}) {
      ASSERT_TRUE(store_->directory()
                      .CreateTenantWithRootGroup({tenant, name, 0}, TenantRootGroup(tenant, 0))
                      .ok());
    }
    ASSERT_TRUE(store_->scopes()
                    .CreateSubscription({kSub, kContoso, "Prod", SubscriptionOffer::kAzurePlan,
                                         SubscriptionState::kEnabled, 0, kContoso.ToString()})
                    .ok());
    AddPrincipal(kUser, PrincipalKind::kUser, "user@contoso.com");
    AddPrincipal(kApp, PrincipalKind::kServicePrincipal, "app");
  }

  void AddPrincipal(const Guid& id, PrincipalKind kind, std::string name) {
    Principal p;
    p.tenant_id = kContoso;
    p.object_id = id;
    p.kind = kind;
    p.name = std::move(name);
    if (kind == PrincipalKind::kServicePrincipal) p.app_id = Guid::FromRandomBytes({9, 9});
    p.secret_hash.assign(1, 'x');
    ASSERT_TRUE(store_->directory().CreatePrincipal(p).ok());
  }

  // Reader for `principal` at the subscription, asked for by a caller of `acting` tenant.
  static NewRoleAssignment Request(const Guid& principal, const Guid& acting = kFabrikam,
                                   const std::string& scope = kSubScope) {
    return {.name = Guid::FromRandomBytes({1, 2}),
            .scope = *ResourceId::Parse(scope),
            .role_definition_id = kReader,
            .principal_id = principal,
            .acting_tenant = acting,
            .principal_type = std::nullopt,
            .description = "why",
            .condition = std::nullopt,
            .condition_version = std::nullopt,
            .actor = {kContoso, kAdmin}};
  }

  std::size_t Count() {
    return store_->role_assignments().ListRoleAssignments(std::nullopt)->size();
  }

  FixedClock clock_{5};
  store::TestStore store_;
};

TEST_F(RoleAssignmentCreationTest, StoresTheAssignmentInTheScopesTenantWithTheDirectorysType) {
  // Asked by a caller of another tenant: the subscription's tenant owns the scope.
  auto created = CreateRoleAssignment(*store_, Request(kApp));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->principal, (PrincipalKey{kContoso, kApp}));
  EXPECT_EQ(created->principal_type, "ServicePrincipal");
  EXPECT_EQ(created->created_by, (PrincipalKey{kContoso, kAdmin}));
  EXPECT_EQ(created->description, "why");
  EXPECT_EQ(created->delegation_id, std::nullopt);
  auto stored = store_->role_assignments().FindRoleAssignment(created->name);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->scope.ToString(), kSubScope);

  // Above subscriptions the acting tenant's directory is the one searched.
  auto root_request = Request(kUser, kContoso, "/");
  root_request.name = Guid::FromRandomBytes({5, 6});
  auto at_root = CreateRoleAssignment(*store_, root_request);
  ASSERT_TRUE(at_root.ok()) << at_root.error().message;
  EXPECT_EQ(at_root->principal_type, "User");
  auto elsewhere = CreateRoleAssignment(*store_, Request(kUser, kFabrikam, "/"));
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, "PrincipalNotFound");
  EXPECT_NE(elsewhere.error().message.find(kFabrikam.ToString()), std::string::npos);
}

TEST_F(RoleAssignmentCreationTest, RefusalsComeInOrderAndWriteNothing) {
  auto unknown_role = Request(kApp);
  unknown_role.role_definition_id = Guid::FromRandomBytes({7});
  EXPECT_EQ(CreateRoleAssignment(*store_, unknown_role).error().code, "RoleDefinitionDoesNotExist");
  // Reservations Administrator is assignable only under /providers/Microsoft.Capacity.
  auto not_assignable = Request(kApp);
  not_assignable.role_definition_id = *Guid::Parse("a8889054-8d42-49c9-bc1c-52486c10e7cd");
  EXPECT_EQ(CreateRoleAssignment(*store_, not_assignable).error().code,
            "RoleDefinitionDoesNotExist");
  EXPECT_EQ(CreateRoleAssignment(*store_, Request(kAdmin)).error().code, "PrincipalNotFound");
  auto wrong_type = Request(kApp);
  wrong_type.principal_type = "User";
  EXPECT_EQ(CreateRoleAssignment(*store_, wrong_type).error().code, "UnmatchedPrincipalType");
  auto right_type = Request(kApp);
  right_type.principal_type = "serviceprincipal";
  const AssigneeAdmission refuse = [](const Principal& assignee) -> Result<std::optional<Guid>> {
    EXPECT_EQ(assignee.object_id, kApp);
    return Error::Forbidden("AuthorizationFailed", "not through a delegation");
  };
  EXPECT_EQ(CreateRoleAssignment(*store_, right_type, refuse).error().code, "AuthorizationFailed");
  EXPECT_EQ(Count(), 0u);
}

TEST_F(RoleAssignmentCreationTest, AnAdmittedDelegationIsRecorded) {
  const AssigneeAdmission through = [](const Principal&) -> Result<std::optional<Guid>> {
    return std::optional<Guid>(kDelegation);
  };
  auto created = CreateRoleAssignment(*store_, Request(kApp), through);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->delegation_id, kDelegation);
  EXPECT_EQ(store_->role_assignments().FindRoleAssignment(created->name)->value().delegation_id,
            kDelegation);
}

TEST_F(RoleAssignmentCreationTest, TheSameGrantTwiceConflicts) {
  ASSERT_TRUE(CreateRoleAssignment(*store_, Request(kApp)).ok());
  auto again = Request(kApp);
  again.name = Guid::FromRandomBytes({3, 4});
  auto conflict = CreateRoleAssignment(*store_, again);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Count(), 1u);
}

TEST(RoleAssignmentCreationLimitTest, AFullSubscriptionStoresNothing) {
  testing::StoreOfMocks store;
  Principal app;
  app.tenant_id = kContoso;
  app.object_id = kApp;
  app.kind = PrincipalKind::kServicePrincipal;
  EXPECT_CALL(store.scopes_mock, FindSubscription(kSub))
      .WillRepeatedly(Return(std::optional<Subscription>(
          Subscription{kSub, kContoso, "Prod", SubscriptionOffer::kAzurePlan,
                       SubscriptionState::kEnabled, 0, kContoso.ToString()})));
  EXPECT_CALL(store.directory_mock, FindPrincipal(PrincipalKey{kContoso, kApp}))
      .WillOnce(Return(std::optional<Principal>(app)));
  RoleAssignment any;
  any.scope = *ResourceId::Parse(kSubScope);
  EXPECT_CALL(store.role_assignments_mock, ListRoleAssignments(std::optional<Guid>(kSub)))
      .WillOnce(Return(std::vector<RoleAssignment>(kRoleAssignmentsPerSubscription, any)));
  EXPECT_CALL(store.role_assignments_mock, CreateRoleAssignment(_)).Times(0);
  NewRoleAssignment request{.name = Guid::FromRandomBytes({1}),
                            .scope = *ResourceId::Parse(kSubScope),
                            .role_definition_id = kReader,
                            .principal_id = kApp,
                            .acting_tenant = kContoso,
                            .principal_type = std::nullopt,
                            .description = std::nullopt,
                            .condition = std::nullopt,
                            .condition_version = std::nullopt,
                            .actor = {}};
  auto refused = CreateRoleAssignment(store, request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "RoleAssignmentLimitExceeded");
}

}  // namespace
}  // namespace pal::service
