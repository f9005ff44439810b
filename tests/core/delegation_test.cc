#include "core/delegation.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const Guid kDefinition = *Guid::Parse("de000000-0000-4000-8000-000000000001");
const Guid kPrincipal = *Guid::Parse("ab000000-0000-4000-8000-000000000002");

Result<void> With(std::string_view role) {
  return ValidateDelegationAuthorizations(kDefinition, {{kPrincipal, "ops", *Guid::Parse(role)}});
}

TEST(DelegationTest, BuiltInRolesWithoutDataActionsMayBeDelegated) {
  EXPECT_TRUE(With("b24988ac-6180-42a0-ab88-20f7382dd24c").ok());  // Contributor
  EXPECT_TRUE(With("acdd72a7-3385-48ef-bd42-f606fba81ae7").ok());  // Reader
}

TEST(DelegationTest, OwnerDataRolesUnknownRolesAndNoAuthorizationAreRefused) {
  auto owner = With("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
  ASSERT_FALSE(owner.ok());
  EXPECT_EQ(owner.error().code, "InvalidRegistrationDefinitionCreateRequest");
  EXPECT_EQ(owner.error().message,
            "The role definition '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' is restricted for "
            "registration definition 'de000000-0000-4000-8000-000000000001'. Restricted role "
            "definitions are '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'.");
  auto data = With("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");  // Storage Blob Data Reader
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.error().message.find("with data actions not allowed"), std::string::npos);
  EXPECT_FALSE(With("00000000-0000-4000-8000-000000000099").ok());
  EXPECT_FALSE(ValidateDelegationAuthorizations(kDefinition, {}).ok());
}

const Guid kOwner = *Guid::Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const Guid kUserAccessAdministrator = *Guid::Parse("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
const Guid kContributor = *Guid::Parse("b24988ac-6180-42a0-ab88-20f7382dd24c");
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");

Result<void> Uaa(std::vector<Guid> delegated) {
  return ValidateDelegationAuthorizations(
      kDefinition, {{kPrincipal, "ops", kUserAccessAdministrator, delegated}});
}

TEST(DelegationTest, UserAccessAdministratorNeedsTheRolesItMayAssign) {
  auto bare = Uaa({});
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().code, "InvalidRegistrationDefinitionCreateRequest");
  EXPECT_NE(bare.error().message.find("delegatedRoleDefinitionIds"), std::string::npos);
  EXPECT_TRUE(Uaa({kContributor, kReader}).ok());
}

TEST(DelegationTest, DelegatedRolesNeverAssignRolesAndOnlyUserAccessAdministratorHasThem) {
  for (const Guid& role :
       {kOwner, kUserAccessAdministrator,
        *Guid::Parse("f58310d9-a9f6-439a-9e8d-f62e7b41a168")}) {  // RBAC Administrator
    auto refused = Uaa({role});
    ASSERT_FALSE(refused.ok()) << role.ToString();
    EXPECT_NE(refused.error().message.find("is restricted"), std::string::npos)
        << refused.error().message;
  }
  EXPECT_FALSE(Uaa({*Guid::Parse("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1")}).ok());  // data actions
  EXPECT_FALSE(Uaa({*Guid::Parse("00000000-0000-4000-8000-000000000099")}).ok());  // unknown
  auto on_contributor =
      ValidateDelegationAuthorizations(kDefinition, {{kPrincipal, "ops", kContributor, {kReader}}});
  ASSERT_FALSE(on_contributor.ok());
  EXPECT_NE(on_contributor.error().message.find("cannot have 'delegatedRoleDefinitionIds'"),
            std::string::npos);
}

const ResourceId kSubscription =
    *ResourceId::Parse("/subscriptions/5b000000-0000-4000-8000-000000000003");
const Guid kDelegation = *Guid::Parse("a5000000-0000-4000-8000-000000000004");

std::vector<DelegatedGrant> Grants(const Guid& role, std::vector<Guid> delegated) {
  return {{kDelegation, kSubscription, *Guid::Parse("c0000000-0000-4000-8000-000000000005"), role,
           delegated}};
}

TEST(DelegationTest, ADelegateAssignsOnlyListedRolesToServicePrincipalsWithinItsScope) {
  const auto grants = Grants(kUserAccessAdministrator, {kContributor});
  auto allowed = DelegationForRoleAssignment(grants, kSubscription, kContributor,
                                             PrincipalKind::kServicePrincipal);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(*allowed, kDelegation);
  const auto group = *ResourceId::Parse(kSubscription.ToString() + "/resourceGroups/rg1");
  EXPECT_TRUE(
      DelegationForRoleAssignment(grants, group, kContributor, PrincipalKind::kServicePrincipal)
          .ok());

  for (auto kind : {PrincipalKind::kUser, PrincipalKind::kGuest}) {
    auto person = DelegationForRoleAssignment(grants, kSubscription, kContributor, kind);
    ASSERT_FALSE(person.ok());
    EXPECT_EQ(person.error().code, "AuthorizationFailed");
  }
  for (const Guid& role : {kOwner, kUserAccessAdministrator, kReader}) {
    EXPECT_FALSE(
        DelegationForRoleAssignment(grants, kSubscription, role, PrincipalKind::kServicePrincipal)
            .ok());
  }
  const auto other = *ResourceId::Parse("/subscriptions/5b000000-0000-4000-8000-000000000009");
  EXPECT_FALSE(
      DelegationForRoleAssignment(grants, other, kContributor, PrincipalKind::kServicePrincipal)
          .ok());
  // Contributor never assigns, whatever it lists.
  EXPECT_FALSE(DelegationForRoleAssignment(Grants(kContributor, {kReader}), kSubscription, kReader,
                                           PrincipalKind::kServicePrincipal)
                   .ok());
}

TEST(DelegationTest, ADelegateManagesOnlyTheAssignmentsItsDelegationCreated) {
  const auto grants = Grants(kUserAccessAdministrator, {kContributor});
  EXPECT_TRUE(MayManageDelegatedRoleAssignment(grants, kSubscription, kDelegation));
  EXPECT_FALSE(
      MayManageDelegatedRoleAssignment(grants, kSubscription, std::nullopt));  // the customer's own
  EXPECT_FALSE(MayManageDelegatedRoleAssignment(
      grants, kSubscription, *Guid::Parse("a5000000-0000-4000-8000-0000000000ff")));
  EXPECT_FALSE(
      MayManageDelegatedRoleAssignment(Grants(kContributor, {}), kSubscription, kDelegation));
}

}  // namespace
}  // namespace pal
