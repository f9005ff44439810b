#include "service/role_assignment_limit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/store_of_mocks.h"

namespace pal::service {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const std::string kGroup = "/providers/Microsoft.Management/managementGroups/prod";

std::vector<RoleAssignment> AssignmentsAt(const std::string& scope, std::size_t count) {
  RoleAssignment a;
  a.scope = *ResourceId::Parse(scope);
  return std::vector<RoleAssignment>(count, a);
}

TEST(RoleAssignmentLimitTest, FourThousandPerSubscription) {
  testing::StoreOfMocks store;
  const auto rg = *ResourceId::Parse("/subscriptions/" + kSub.ToString() + "/resourceGroups/rg");
  EXPECT_CALL(store.role_assignments_mock, ListRoleAssignments(std::optional<Guid>(kSub)))
      .WillOnce(Return(AssignmentsAt("/subscriptions/" + kSub.ToString(), 3999)))
      .WillOnce(Return(AssignmentsAt("/subscriptions/" + kSub.ToString(), 4000)));
  EXPECT_TRUE(CheckRoleAssignmentLimit(store.role_assignments(), rg, kTenant).ok());
  auto full = CheckRoleAssignmentLimit(store.role_assignments(), rg, kTenant);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, "RoleAssignmentLimitExceeded");
  EXPECT_EQ(full.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(full.error().message.find("/subscriptions/" + kSub.ToString() + "'"),
            std::string::npos);
  EXPECT_NE(full.error().message.find("4000"), std::string::npos);
}

TEST(RoleAssignmentLimitTest, FiveHundredAtOneManagementGroupCountingOnlyThoseAtIt) {
  testing::StoreOfMocks store;
  auto in_tenant = AssignmentsAt(kGroup, 499);
  for (auto& a : AssignmentsAt("/providers/Microsoft.Management/managementGroups/dev", 10)) {
    in_tenant.push_back(a);
  }
  auto full = AssignmentsAt(kGroup, 500);
  EXPECT_CALL(store.role_assignments_mock, ListRoleAssignmentsInTenant(kTenant))
      .WillOnce(Return(in_tenant))
      .WillOnce(Return(full));
  const auto group = *ResourceId::Parse(kGroup);
  EXPECT_TRUE(CheckRoleAssignmentLimit(store.role_assignments(), group, kTenant).ok());
  auto refused = CheckRoleAssignmentLimit(store.role_assignments(), group, kTenant);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "RoleAssignmentLimitExceeded");
}

TEST(RoleAssignmentLimitTest, TheRootHasNoLimitAndIsNotCounted) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.role_assignments_mock, ListRoleAssignments(_)).Times(0);
  EXPECT_CALL(store.role_assignments_mock, ListRoleAssignmentsInTenant(_)).Times(0);
  EXPECT_TRUE(
      CheckRoleAssignmentLimit(store.role_assignments(), *ResourceId::Parse("/"), kTenant).ok());
}

}  // namespace
}  // namespace pal::service
