#include "core/role_assignment_filter.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const Guid kTenant = *Guid::Parse("aaaaaaaa-0000-4000-8000-00000000000a");
const Guid kOther = *Guid::Parse("bbbbbbbb-0000-4000-8000-00000000000b");
const Guid kAlice = *Guid::Parse("11111111-1111-4111-8111-111111111111");
const Guid kBob = *Guid::Parse("22222222-2222-4222-8222-222222222222");
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
constexpr std::string_view kSub = "/subscriptions/5b0a1c3e-aaaa-4000-8000-00000000000a";

ResourceId Id(std::string_view text) { return *ResourceId::Parse(text); }

TEST(RoleAssignmentFilterTest, ParsesEveryDocumentedForm) {
  auto none = RoleAssignmentFilter::Parse("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->at_scope_only);
  EXPECT_FALSE(none->principal_id);

  auto at = RoleAssignmentFilter::Parse("atScope()");
  ASSERT_TRUE(at.ok());
  EXPECT_TRUE(at->at_scope_only);

  auto eq = RoleAssignmentFilter::Parse("principalId eq '11111111-1111-4111-8111-111111111111'");
  ASSERT_TRUE(eq.ok());
  EXPECT_EQ(eq->principal_id, kAlice);
  EXPECT_FALSE(eq->at_scope_only);

  // The spec's own form, `principalId eq {id}`, without quotes (the Python SDK's users write it).
  for (std::string_view bare :
       {"principalId eq 11111111-1111-4111-8111-111111111111",
        "atScope() and principalId eq 11111111-1111-4111-8111-111111111111",
        "principalId eq 11111111-1111-4111-8111-111111111111 and atScope()"}) {
    auto parsed = RoleAssignmentFilter::Parse(bare);
    ASSERT_TRUE(parsed.ok()) << bare;
    EXPECT_EQ(parsed->principal_id, kAlice) << bare;
  }

  auto to = RoleAssignmentFilter::Parse("assignedTo('11111111-1111-4111-8111-111111111111')");
  ASSERT_TRUE(to.ok());
  EXPECT_EQ(to->principal_id, kAlice);

  auto both = RoleAssignmentFilter::Parse(
      "  atscope()  AND  assignedTo('11111111-1111-4111-8111-111111111111') ");
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->at_scope_only);
  EXPECT_EQ(both->principal_id, kAlice);
}

TEST(RoleAssignmentFilterTest, RefusesUnsupportedFilters) {
  for (std::string_view bad :
       {"roleName eq 'Owner'", "atScope() and", "atScope() or atScope()", "atScope() atScope()",
        "atScope() and atScope()", "principalId eq 11111111-1111-4111-8111-111111111111)",
        "principalId eq", "principalId eq (11111111-1111-4111-8111-111111111111)",
        "assignedTo('11111111-1111-4111-8111-111111111111'",
        "principalId eq '11111111-1111-4111-8111-111111111111' and "
        "assignedTo('22222222-2222-4222-8222-222222222222')"}) {
    auto parsed = RoleAssignmentFilter::Parse(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "InvalidFilter") << bad;
  }
  auto not_guid = RoleAssignmentFilter::Parse("principalId eq 'alice'");
  ASSERT_FALSE(not_guid.ok());
  EXPECT_EQ(not_guid.error().code, "InvalidPrincipalId");
  EXPECT_NE(not_guid.error().message.find("'alice'"), std::string::npos);
  auto bare_not_guid = RoleAssignmentFilter::Parse("principalId eq alice");
  ASSERT_FALSE(bare_not_guid.ok());
  EXPECT_EQ(bare_not_guid.error().code, "InvalidPrincipalId");
}

class SelectRoleAssignmentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hierarchy_.AddManagementGroup(kTenant.ToString(), std::nullopt);
    hierarchy_.AddManagementGroup("Prod", kTenant.ToString());
    hierarchy_.AddSubscription(*Guid::Parse("5b0a1c3e-aaaa-4000-8000-00000000000a"), "prod");
    Add("/", kAlice);                                                    // 0 root
    Add("/providers/Microsoft.Management/managementGroups/PROD", kBob);  // 1 group
    Add(kSub, kAlice);                                                   // 2 subscription
    Add(std::string(kSub) + "/resourceGroups/rg1", kBob);                // 3 resource group
    Add(std::string(kSub) + "/resourceGroups/rg1/providers/Microsoft.Web/sites/app", kAlice);  // 4
    Add(std::string(kSub) + "/resourceGroups/rg2", kAlice);                      // 5 sibling group
    Add("/subscriptions/5b0a1c3e-bbbb-4000-8000-00000000000b", kAlice, kOther);  // 6 other tenant
  }

  void Add(std::string_view scope, const Guid& principal, const Guid& tenant = kTenant) {
    RoleAssignment a;
    std::array<std::uint8_t, 16> bytes{};
    bytes[0] = static_cast<std::uint8_t>(assignments_.size() + 1);
    a.name = Guid::FromRandomBytes(bytes);
    a.scope = Id(scope);
    a.role_definition_id = kReader;
    a.principal = {tenant, principal};
    assignments_.push_back(a);
  }

  std::vector<size_t> Select(std::string_view scope, std::string_view filter,
                             const Guid& tenant = kTenant) {
    auto parsed = RoleAssignmentFilter::Parse(filter);
    EXPECT_TRUE(parsed.ok());
    std::vector<size_t> indexes;
    for (const RoleAssignment* a :
         SelectRoleAssignments(tenant, Id(scope), *parsed, assignments_, hierarchy_)) {
      indexes.push_back(static_cast<size_t>(a - assignments_.data()));
    }
    return indexes;
  }

  ScopeHierarchy hierarchy_;
  std::vector<RoleAssignment> assignments_;
};

TEST_F(SelectRoleAssignmentsTest, NoFilterIsAboveAtAndBelow) {
  EXPECT_EQ(Select(kSub, ""), (std::vector<size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(Select(std::string(kSub) + "/resourceGroups/RG1", ""),
            (std::vector<size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(Select("/", ""), (std::vector<size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(Select("/providers/Microsoft.Management/managementGroups/prod", ""),
            (std::vector<size_t>{0, 1, 2, 3, 4, 5}));
}

TEST_F(SelectRoleAssignmentsTest, AtScopeIsAtAndAboveOnly) {
  EXPECT_EQ(Select(kSub, "atScope()"), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(
      Select(std::string(kSub) + "/resourceGroups/rg1/providers/Microsoft.Web/sites/app/slots/s1",
             "atScope()"),
      (std::vector<size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(Select("/", "atScope()"), (std::vector<size_t>{0}));
}

TEST_F(SelectRoleAssignmentsTest, PrincipalFilterKeepsOnlyThatPrincipal) {
  EXPECT_EQ(Select(kSub, "principalId eq '" + kAlice.ToString() + "'"),
            (std::vector<size_t>{0, 2, 4, 5}));
  EXPECT_EQ(Select(kSub, "atScope() and assignedTo('" + kBob.ToString() + "')"),
            (std::vector<size_t>{1}));
}

TEST_F(SelectRoleAssignmentsTest, AnotherTenantsAssignmentsNeverShow) {
  EXPECT_EQ(Select("/", "", kOther), (std::vector<size_t>{6}));
}

}  // namespace
}  // namespace pal
