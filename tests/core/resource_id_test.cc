#include "core/resource_id.h"

#include <gtest/gtest.h>

#include "core/text.h"

namespace pal {
namespace {

constexpr char kSub[] = "5b0a1c3e-0000-4000-8000-000000000101";

ResourceId Must(std::string_view text) {
  auto id = ResourceId::Parse(text);
  EXPECT_TRUE(id.ok()) << text << ": " << (id.ok() ? "" : id.error().message);
  return id.ok() ? *id : ResourceId::Root();
}

TEST(ResourceIdTest, Root) {
  auto root = Must("/");
  EXPECT_EQ(root.ToString(), "/");
  EXPECT_EQ(root.level(), ScopeLevel::kRoot);
  EXPECT_TRUE(root.IsScope());
  EXPECT_FALSE(root.Parent().has_value());
  EXPECT_EQ(root, ResourceId::Root());
}

TEST(ResourceIdTest, ManagementGroup) {
  auto mg = Must("/providers/microsoft.management/MANAGEMENTGROUPS/Contoso-Prod_1");
  EXPECT_EQ(mg.level(), ScopeLevel::kManagementGroup);
  EXPECT_EQ(mg.management_group(), "Contoso-Prod_1");
  EXPECT_EQ(mg.ToString(), "/providers/Microsoft.Management/managementGroups/Contoso-Prod_1");
  EXPECT_FALSE(mg.Parent().has_value()) << "parentage of groups is directory data";
}

TEST(ResourceIdTest, SubscriptionAndResourceGroup) {
  auto sub = Must(std::string("/subscriptions/") + kSub);
  EXPECT_EQ(sub.level(), ScopeLevel::kSubscription);
  EXPECT_EQ(sub.subscription_id(), kSub);
  auto rg = Must(std::string("/SUBSCRIPTIONS/") + kSub + "/resourcegroups/My.RG(1)");
  EXPECT_EQ(rg.level(), ScopeLevel::kResourceGroup);
  EXPECT_EQ(rg.resource_group(), "My.RG(1)");
  EXPECT_EQ(rg.ToString(), std::string("/subscriptions/") + kSub + "/resourceGroups/My.RG(1)");
  EXPECT_EQ(rg.Parent(), sub);
  EXPECT_TRUE(sub.Contains(rg));
  EXPECT_FALSE(rg.Contains(sub));
}

TEST(ResourceIdTest, ResourcesAndNestedChildren) {
  const std::string rg = std::string("/subscriptions/") + kSub + "/resourceGroups/rg";
  auto vm = Must(rg + "/providers/Microsoft.Compute/virtualMachines/vm1");
  EXPECT_EQ(vm.level(), ScopeLevel::kResource);
  EXPECT_TRUE(vm.IsScope());
  ASSERT_EQ(vm.providers().size(), 1u);
  EXPECT_EQ(vm.providers()[0].provider_namespace, "Microsoft.Compute");
  auto ext = Must(rg + "/providers/Microsoft.Compute/virtualMachines/vm1/extensions/agent");
  EXPECT_EQ(ext.level(), ScopeLevel::kResource);
  ASSERT_EQ(ext.providers()[0].types.size(), 2u);
  EXPECT_EQ(ext.providers()[0].types[1],
            (std::pair<std::string, std::string>{"extensions", "agent"}));
  EXPECT_EQ(ext.Parent(), vm);
  EXPECT_EQ(vm.Parent(), Must(rg));
  auto deep = Must(
      rg +
      "/providers/Microsoft.Sql/servers/s1/databases/db1/backupShortTermRetentionPolicies/default");
  EXPECT_EQ(deep.Parent()->Parent(), Must(rg + "/providers/Microsoft.Sql/servers/s1"));
  EXPECT_TRUE(Must(rg).Contains(deep));
  EXPECT_TRUE(vm.Contains(ext));
}

TEST(ResourceIdTest, ExtensionResourcesLiveAtTheirScope) {
  const std::string sub = std::string("/subscriptions/") + kSub;
  auto at_sub = Must(sub + "/providers/Microsoft.Authorization/roleAssignments/ra1");
  EXPECT_FALSE(at_sub.IsScope());
  EXPECT_EQ(at_sub.level(), ScopeLevel::kSubscription);
  EXPECT_EQ(at_sub.Parent(), Must(sub));
  const std::string vm = sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm";
  auto at_vm = Must(vm + "/providers/Microsoft.Authorization/roleAssignments/ra2");
  EXPECT_FALSE(at_vm.IsScope());
  EXPECT_EQ(at_vm.level(), ScopeLevel::kResource);
  EXPECT_EQ(at_vm.Parent(), Must(vm));
  auto at_root = Must("/providers/Microsoft.Authorization/roleAssignments/ra3");
  EXPECT_EQ(at_root.level(), ScopeLevel::kRoot);
  EXPECT_EQ(at_root.Parent(), ResourceId::Root());
  auto at_mg = Must(
      "/providers/Microsoft.Management/managementGroups/g/providers/Microsoft.Authorization/"
      "roleAssignments/x");
  EXPECT_EQ(at_mg.level(), ScopeLevel::kManagementGroup);
  EXPECT_EQ(at_mg.management_group(), "g");
}

TEST(ResourceIdTest, WireQuirks) {
  const std::string sub = std::string("/subscriptions/") + kSub;
  EXPECT_EQ(Must("//" + sub.substr(1)), Must(sub)) << "doubled leading slash";
  EXPECT_EQ(Must("///" + sub.substr(1) + "/"), Must(sub)) << "trailing slash";
  EXPECT_EQ(Must(sub).Key(), ToLowerAscii(sub));
  EXPECT_EQ(Must(std::string("/subscriptions/") + "5B0A1C3E-0000-4000-8000-000000000101"),
            Must(sub));
}

TEST(ResourceIdTest, ContainmentIsBySegments) {
  const std::string sub = std::string("/subscriptions/") + kSub;
  EXPECT_FALSE(Must(sub + "/resourceGroups/rg").Contains(Must(sub + "/resourceGroups/rg2")));
  EXPECT_TRUE(Must(sub + "/resourceGroups/RG").Contains(Must(sub + "/resourcegroups/rg")));
  EXPECT_TRUE(ResourceId::Root().Contains(Must(sub)));
  EXPECT_FALSE(Must("/providers/Microsoft.Management/managementGroups/g").Contains(Must(sub)));
}

TEST(ResourceIdTest, RejectsMalformedIds) {
  const std::string sub = std::string("/subscriptions/") + kSub;
  for (const std::string& bad : {
           std::string(""),
           std::string("subscriptions/") + kSub,
           std::string("/subscriptions"),
           std::string("/subscriptions/not-a-guid"),
           sub + "/resourceGroups",
           sub + "/resourceGroups/bad name",
           sub + "/resourceGroups/ends.",
           sub + "/resourceGroups/" + std::string(91, 'a'),
           sub + "//resourceGroups/rg",
           sub + "/resourceGroups/rg/providers",
           sub + "/resourceGroups/rg/providers/Microsoft.Compute",
           sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines",
           sub + "/resourceGroups/rg/providers/NoDot/things/x",
           sub + "/resourceGroups/rg/widgets/x",
           sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions",
           std::string("/providers/Microsoft.Management/managementGroups"),
           std::string("/providers/Microsoft.Management/managementGroups/bad*name"),
           std::string("/tenants/x"),
           std::string("/") + std::string(5000, 'a'),
       }) {
    auto id = ResourceId::Parse(bad);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.error().code, "InvalidScope");
    EXPECT_EQ(id.error().kind, ErrorKind::kInvalidArgument);
  }
}

TEST(ResourceIdTest, ResourceGroupNames) {
  EXPECT_TRUE(IsValidResourceGroupName("a"));
  EXPECT_TRUE(IsValidResourceGroupName("rg-prod_01.(eu)"));
  EXPECT_TRUE(IsValidResourceGroupName(std::string(90, 'x')));
  EXPECT_FALSE(IsValidResourceGroupName(""));
  EXPECT_FALSE(IsValidResourceGroupName("rg."));
  EXPECT_FALSE(IsValidResourceGroupName("r g"));
  EXPECT_FALSE(IsValidResourceGroupName(std::string(91, 'x')));
}

TEST(ResourceIdTest, ToStringRoundTrips) {
  const std::string sub = std::string("/subscriptions/") + kSub;
  for (const std::string& text :
       {std::string("/"), sub, sub + "/resourceGroups/rg",
        sub + "/resourceGroups/rg/providers/Microsoft.Web/sites/app/slots/staging",
        sub + "/providers/Microsoft.Authorization/roleAssignments/x",
        std::string("/providers/Microsoft.Management/managementGroups/root")}) {
    auto id = Must(text);
    EXPECT_EQ(id.ToString(), text);
    EXPECT_EQ(Must(id.ToString()), id);
  }
}

}  // namespace
}  // namespace pal
