#include "core/role_definition.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"

namespace pal {
namespace {

const RoleDefinition& Role(std::string_view name) {
  const RoleDefinition* role = FindBuiltInRoleByName(name);
  EXPECT_NE(role, nullptr) << name;
  return *role;
}

TEST(ActionMatchesTest, WildcardsAndCase) {
  EXPECT_TRUE(ActionMatches("*", "Microsoft.Compute/virtualMachines/write"));
  EXPECT_TRUE(ActionMatches("*/read", "Microsoft.Compute/virtualMachines/read"));
  EXPECT_FALSE(ActionMatches("*/read", "Microsoft.Compute/virtualMachines/write"));
  EXPECT_TRUE(ActionMatches("Microsoft.Authorization/*/Write",
                            "microsoft.authorization/roleAssignments/write"));
  EXPECT_TRUE(
      ActionMatches("Microsoft.Authorization/*", "Microsoft.Authorization/roleAssignments/delete"));
  EXPECT_FALSE(ActionMatches("Microsoft.Authorization/*", "Microsoft.AuthorizationX/y"));
  EXPECT_TRUE(
      ActionMatches("Microsoft.Sql/locations/*/read", "Microsoft.Sql/locations/usages/x/read"));
  EXPECT_FALSE(ActionMatches("Microsoft.Compute/virtualMachines/read",
                             "Microsoft.Compute/virtualMachines/read/x"));
  EXPECT_TRUE(ActionMatches("a**b", "ab"));
  EXPECT_FALSE(ActionMatches("", "a"));
  EXPECT_TRUE(ActionMatches("", ""));
}

TEST(BuiltInRolesTest, WhoMayWriteRoleAssignments) {
  EXPECT_TRUE(RoleAllows(Role("Owner"), kRoleAssignmentsWrite));
  EXPECT_TRUE(RoleAllows(Role("User Access Administrator"), kRoleAssignmentsWrite));
  EXPECT_TRUE(RoleAllows(Role("Role Based Access Control Administrator"), kRoleAssignmentsWrite));
  EXPECT_TRUE(RoleAllows(Role("Role Based Access Control Administrator"), kRoleAssignmentsDelete));
  EXPECT_FALSE(RoleAllows(Role("Contributor"), kRoleAssignmentsWrite)) << "NotActions subtract";
  EXPECT_FALSE(RoleAllows(Role("Contributor"), kRoleAssignmentsDelete));
  EXPECT_FALSE(RoleAllows(Role("Reader"), kRoleAssignmentsWrite));
  EXPECT_FALSE(RoleAllows(Role("Virtual Machine Contributor"), kRoleAssignmentsWrite));
}

TEST(BuiltInRolesTest, EverydayActions) {
  constexpr std::string_view kVmWrite = "Microsoft.Compute/virtualMachines/write";
  constexpr std::string_view kVmRead = "Microsoft.Compute/virtualMachines/read";
  EXPECT_TRUE(RoleAllows(Role("Contributor"), kVmWrite));
  EXPECT_TRUE(RoleAllows(Role("Virtual Machine Contributor"), kVmWrite));
  EXPECT_TRUE(RoleAllows(Role("Reader"), kVmRead));
  EXPECT_FALSE(RoleAllows(Role("Reader"), kVmWrite));
  EXPECT_TRUE(RoleAllows(Role("Contributor"), "Microsoft.Authorization/roleAssignments/read"));
  EXPECT_FALSE(RoleAllows(Role("Network Contributor"), kVmWrite));
  EXPECT_FALSE(RoleAllows(Role("Key Vault Secrets User"), kVmRead)) << "data actions only";
}

TEST(BuiltInRolesTest, CatalogueHasRealIdsAndUniqueNames) {
  const auto& roles = BuiltInRoleDefinitions();
  EXPECT_GE(roles.size(), 55u) << "src/core/data/built_in_roles.json";
  std::set<std::string> ids;
  std::set<std::string> names;
  for (const auto& role : roles) {
    EXPECT_FALSE(role.id.IsNil()) << role.role_name;
    EXPECT_TRUE(ids.insert(role.id.ToString()).second) << role.role_name;
    EXPECT_TRUE(names.insert(ToLowerAscii(role.role_name)).second) << role.role_name;
    EXPECT_EQ(role.type, "BuiltInRole");
    EXPECT_FALSE(role.assignable_scopes.empty()) << role.role_name;
    EXPECT_FALSE(role.description.empty()) << role.role_name;
    ASSERT_EQ(role.permissions.size(), 1u) << role.role_name;
  }
  EXPECT_EQ(FindBuiltInRoleByName("Astronaut"), nullptr);
}

// Azure's well-known ids, by name and back (the ids ARM templates and scripts hard-code).
TEST(BuiltInRolesTest, WellKnownRolesResolveByNameWithAzuresIds) {
  const std::pair<std::string_view, std::string_view> known[] = {
      {"Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"},
      {"Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"},
      {"Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"},
      {"User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"},
      {"Support Request Contributor", "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e"},
      {"Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"},
      {"Managed Services Registration assignment Delete Role",
       "91c1777a-f3dc-4fae-b103-61d183457e46"},
      {"Management Group Reader", "ac63b705-f282-497d-ac71-919bf39d939d"},
      {"Tag Contributor", "4a9ae827-6dc8-4573-8ac7-8239d42aa03f"},
  };
  for (const auto& [name, id] : known) {
    const RoleDefinition* by_name = FindBuiltInRoleByName(name);
    ASSERT_NE(by_name, nullptr) << name;
    EXPECT_EQ(by_name->id.ToString(), id) << name;
    const RoleDefinition* by_id = FindBuiltInRoleById(*Guid::Parse(id));
    ASSERT_NE(by_id, nullptr) << id;
    EXPECT_EQ(by_id->role_name, name);
  }
  EXPECT_EQ(FindBuiltInRoleByName("support request contributor"),
            FindBuiltInRoleByName("Support Request Contributor"));
}

TEST(BuiltInRolesTest, PermissionListsAreAzures) {
  const RoleDefinition& support = Role("Support Request Contributor");
  EXPECT_EQ(support.permissions[0].actions,
            (std::vector<std::string>{"Microsoft.Authorization/*/read",
                                      "Microsoft.Resources/subscriptions/resourceGroups/read",
                                      "Microsoft.Support/*"}));
  EXPECT_TRUE(support.permissions[0].not_actions.empty());
  const RoleDefinition& contributor = Role("Contributor");
  EXPECT_EQ(contributor.permissions[0].not_actions.size(), 11u);
  EXPECT_EQ(contributor.permissions[0].not_actions.back(), "Microsoft.Subscription/enable/action");
  EXPECT_FALSE(RoleAllows(contributor, "Microsoft.Subscription/cancel/action"));
  EXPECT_EQ(Role("Log Analytics Reader").permissions[0].not_actions,
            std::vector<std::string>{"Microsoft.OperationalInsights/workspaces/sharedKeys/read"});
  EXPECT_EQ(Role("Storage Blob Data Reader").permissions[0].data_actions,
            std::vector<std::string>{
                "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"});
  EXPECT_TRUE(RoleAllows(Role("Management Group Contributor"),
                         "Microsoft.Management/managementGroups/delete"));
  EXPECT_FALSE(
      RoleAllows(Role("Management Group Reader"), "Microsoft.Management/managementGroups/delete"));
}

TEST(BuiltInRolesTest, AssignableScopes) {
  const auto subscription =
      *ResourceId::Parse("/subscriptions/5b0a1c3e-aaaa-4000-8000-00000000000a");
  EXPECT_EQ(Role("Reader").assignable_scopes, std::vector<std::string>{"/"});
  EXPECT_TRUE(AssignableAt(Role("Reader"), subscription));
  const RoleDefinition& reservations = Role("Reservations Administrator");
  EXPECT_EQ(reservations.assignable_scopes,
            std::vector<std::string>{"/providers/Microsoft.Capacity"});
  EXPECT_FALSE(AssignableAt(reservations, subscription));
}

}  // namespace
}  // namespace pal
