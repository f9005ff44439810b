#include "core/role_assignment.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const std::string kSubId = "/subscriptions/" + kSub.ToString();
const PrincipalKey kAlice{kTenant, *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1")};
const PrincipalKey kBob{kTenant, *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2")};

ResourceId Id(const std::string& text) { return *ResourceId::Parse(text); }

std::vector<std::string> Keys(const std::vector<ResourceId>& ids) {
  std::vector<std::string> keys;
  for (const auto& id : ids) keys.push_back(id.ToString());
  return keys;
}

class AuthorizationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Tenant root group (named by the tenant id) > Production > the subscription.
    hierarchy_.AddManagementGroup(kTenant.ToString(), std::nullopt);
    hierarchy_.AddManagementGroup("Production", kTenant.ToString());
    hierarchy_.AddSubscription(kSub, "production");
  }

  void Assign(const PrincipalKey& who, const std::string& role, const std::string& scope) {
    RoleAssignment a;
    a.name = Guid::FromRandomBytes({static_cast<std::uint8_t>(assignments_.size() + 1)});
    a.scope = Id(scope);
    a.role_definition_id = FindBuiltInRoleByName(role)->id;
    a.principal = who;
    assignments_.push_back(a);
  }

  bool Can(const PrincipalKey& who, std::string_view action, const std::string& scope) {
    return IsAuthorized(who, action, Id(scope), assignments_, hierarchy_);
  }

  ScopeHierarchy hierarchy_;
  std::vector<RoleAssignment> assignments_;
};

TEST_F(AuthorizationTest, AncestorsRunFromRootToScope) {
  const std::string mg = "/providers/Microsoft.Management/managementGroups/";
  EXPECT_EQ(
      Keys(hierarchy_.AncestorsAndSelf(
          Id(kSubId + "/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/s"))),
      (std::vector<std::string>{
          "/", mg + kTenant.ToString(), mg + "Production", kSubId, kSubId + "/resourceGroups/rg",
          kSubId + "/resourceGroups/rg/providers/Microsoft.Web/sites/app",
          kSubId + "/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/s"}));
  EXPECT_EQ(Keys(hierarchy_.AncestorsAndSelf(Id(mg + "production"))),
            (std::vector<std::string>{"/", mg + kTenant.ToString(), mg + "production"}));
  EXPECT_EQ(Keys(hierarchy_.AncestorsAndSelf(
                     Id(kSubId + "/providers/Microsoft.Authorization/roleAssignments/x")))
                .back(),
            kSubId);
  EXPECT_EQ(Keys(hierarchy_.AncestorsAndSelf(ResourceId::Root())), std::vector<std::string>{"/"});
}

TEST_F(AuthorizationTest, AssignmentsInheritDownward) {
  Assign(kAlice, "Reader", "/providers/Microsoft.Management/managementGroups/Production");
  const std::string vm =
      kSubId + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm";
  EXPECT_TRUE(Can(kAlice, "Microsoft.Compute/virtualMachines/read", vm));
  EXPECT_FALSE(Can(kAlice, "Microsoft.Compute/virtualMachines/write", vm));
  EXPECT_FALSE(Can(kBob, "Microsoft.Compute/virtualMachines/read", vm));
  Assign(kBob, "Contributor", kSubId + "/resourceGroups/RG");
  EXPECT_TRUE(Can(kBob, "Microsoft.Compute/virtualMachines/write", vm))
      << "RG names are case-insensitive";
  EXPECT_FALSE(
      Can(kBob, "Microsoft.Compute/virtualMachines/read", kSubId + "/resourceGroups/other"));
  EXPECT_FALSE(Can(kBob, "Microsoft.Compute/virtualMachines/read", kSubId)) << "not upward";
}

TEST_F(AuthorizationTest, RoleAssignmentWriteNeedsTheRightRole) {
  Assign(kAlice, "Contributor", kSubId);
  EXPECT_FALSE(Can(kAlice, kRoleAssignmentsWrite, kSubId + "/resourceGroups/rg"));
  Assign(kAlice, "Role Based Access Control Administrator", kSubId + "/resourceGroups/rg");
  EXPECT_TRUE(Can(kAlice, kRoleAssignmentsWrite, kSubId + "/resourceGroups/rg"));
  EXPECT_FALSE(Can(kAlice, kRoleAssignmentsWrite, kSubId));
  Assign(kBob, "Owner", "/");
  EXPECT_TRUE(Can(kBob, kRoleAssignmentsWrite, kSubId));
}

TEST_F(AuthorizationTest, AssignmentsInForceIncludeInheritedOnes) {
  Assign(kAlice, "Reader", kSubId);
  Assign(kBob, "Reader", kSubId + "/resourceGroups/rg");
  Assign(kBob, "Reader", kSubId + "/resourceGroups/other");
  auto in_force = AssignmentsInForce(Id(kSubId + "/resourceGroups/rg"), assignments_, hierarchy_);
  ASSERT_EQ(in_force.size(), 2u);
  EXPECT_EQ(in_force[0]->principal, kAlice);
  EXPECT_EQ(in_force[1]->principal, kBob);
}

TEST(ScopeHierarchyTest, CyclesDoNotHang) {
  ScopeHierarchy h;
  h.AddManagementGroup("a", std::string("b"));
  h.AddManagementGroup("b", std::string("a"));
  auto chain =
      h.AncestorsAndSelf(*ResourceId::Parse("/providers/Microsoft.Management/managementGroups/a"));
  EXPECT_LE(chain.size(), 20u);
}

}  // namespace
}  // namespace pal
