#include "core/role_definition.h"

#include <gtest/gtest.h>

#include <set>

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
  EXPECT_GE(roles.size(), 15u) << "the five core roles and at least ten service roles";
  std::set<std::string> ids;
  std::set<std::string> names;
  for (const auto& role : roles) {
    EXPECT_FALSE(role.id.IsNil()) << role.role_name;
    EXPECT_TRUE(ids.insert(role.id.ToString()).second) << role.role_name;
    EXPECT_TRUE(names.insert(role.role_name).second) << role.role_name;
    EXPECT_EQ(role.type, "BuiltInRole");
    EXPECT_EQ(role.assignable_scopes, std::vector<std::string>{"/"});
    EXPECT_FALSE(role.description.empty());
  }
  EXPECT_EQ(FindBuiltInRoleByName("owner")->id.ToString(), "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
  EXPECT_EQ(FindBuiltInRoleById(*Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7"))->role_name,
            "Reader");
  EXPECT_EQ(FindBuiltInRoleByName("Astronaut"), nullptr);
}

}  // namespace
}  // namespace pal
