// The built-in role definitions pal serves, with Azure's ids and (abridged where Azure's lists
// are long) their control-plane actions. Every role is assignable at every scope ("/").
#include <initializer_list>

#include "core/role_definition.h"

namespace pal {
namespace {

using Strings = std::initializer_list<const char*>;

RoleDefinition Role(const char* id, const char* name, const char* description, Strings actions,
                    Strings not_actions = {}, Strings data_actions = {}) {
  RoleDefinition role;
  role.id = Guid::Parse(id).value_or(Guid());
  role.role_name = name;
  role.description = description;
  RolePermission permission;
  for (const char* a : actions) permission.actions.emplace_back(a);
  for (const char* a : not_actions) permission.not_actions.emplace_back(a);
  for (const char* a : data_actions) permission.data_actions.emplace_back(a);
  role.permissions.push_back(std::move(permission));
  return role;
}

std::vector<RoleDefinition> MakeBuiltInRoles() {
  constexpr const char* kCommonRead = "Microsoft.Authorization/*/read";
  constexpr const char* kResourceGroupsRead =
      "Microsoft.Resources/subscriptions/resourceGroups/read";
  constexpr const char* kDeployments = "Microsoft.Resources/deployments/*";
  constexpr const char* kSupport = "Microsoft.Support/*";
  return {
      Role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
           "Grants full access to manage all resources, including the ability to assign roles in "
           "Azure RBAC.",
           {"*"}),
      Role("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
           "Grants full access to manage all resources, but does not allow you to assign roles in "
           "Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
           {"*"},
           {"Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action", "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete"}),
      Role("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
           "View all resources, but does not allow you to make any changes.", {"*/read"}),
      Role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
           "Lets you manage user access to Azure resources.",
           {"*/read", "Microsoft.Authorization/*", kSupport}),
      Role("f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator",
           "Manage access to Azure resources by assigning roles using Azure RBAC. This role does "
           "not allow you to manage access using other ways, such as Azure Policy.",
           {"Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/delete", "*/read", kSupport}),
      Role("9980e02c-c2be-4d73-94e8-173b1dc7cf3c", "Virtual Machine Contributor",
           "Create and manage virtual machines, manage disks, install and run software, reset "
           "password of the root user of the virtual machine using VM extensions, and manage local "
           "user accounts using VM extensions.",
           {kCommonRead, "Microsoft.Compute/availabilitySets/*", "Microsoft.Compute/locations/*",
            "Microsoft.Compute/virtualMachines/*", "Microsoft.Compute/virtualMachineScaleSets/*",
            "Microsoft.Compute/disks/write", "Microsoft.Compute/disks/read",
            "Microsoft.Network/networkInterfaces/*", "Microsoft.Network/*/read",
            kResourceGroupsRead, kDeployments, "Microsoft.Storage/storageAccounts/read", kSupport}),
      Role("4d97b98b-1d4f-4787-a291-c67834d212e7", "Network Contributor",
           "Lets you manage networks, but not access to them.",
           {kCommonRead, "Microsoft.Network/*", kResourceGroupsRead, kDeployments,
            "Microsoft.Insights/alertRules/*", kSupport}),
      Role(
          "17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage Account Contributor",
          "Permits management of storage accounts. Provides access to the account key, which can "
          "be used to access data via Shared Key authorization.",
          {kCommonRead, "Microsoft.Storage/storageAccounts/*",
           "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
           "Microsoft.Insights/diagnosticSettings/*", kResourceGroupsRead, kDeployments, kSupport}),
      Role("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor",
           "Read, write, and delete Azure Storage containers and blobs.",
           {"Microsoft.Storage/storageAccounts/blobServices/containers/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/write",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"},
           {}, {"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"}),
      Role("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader",
           "Read and list Azure Storage containers and blobs.",
           {"Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action"},
           {}, {"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"}),
      Role("9b7fa17d-e63e-47b0-bb0a-15c516ac86ec", "SQL DB Contributor",
           "Lets you manage SQL databases, but not access to them.",
           {kCommonRead, "Microsoft.Sql/locations/*/read", "Microsoft.Sql/servers/databases/*",
            "Microsoft.Sql/servers/read", kResourceGroupsRead, kDeployments, kSupport},
           {"Microsoft.Sql/servers/databases/securityAlertPolicies/*",
            "Microsoft.Sql/servers/databases/auditingSettings/*"}),
      Role("de139f84-1756-47ae-9be6-808fbbe84772", "Website Contributor",
           "Lets you manage websites (not web plans), but not access to them.",
           {kCommonRead, "Microsoft.Web/certificates/*",
            "Microsoft.Web/listSitesAssignedToHostName/read",
            "Microsoft.Web/serverFarms/join/action", "Microsoft.Web/serverFarms/read",
            "Microsoft.Web/sites/*", kResourceGroupsRead, kDeployments, kSupport}),
      Role("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator",
           "Perform all data plane operations on a key vault and all objects in it, including "
           "certificates, keys, and secrets.",
           {kCommonRead, "Microsoft.KeyVault/checkNameAvailability/read",
            "Microsoft.KeyVault/deletedVaults/read", "Microsoft.KeyVault/locations/*/read",
            "Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/operations/read",
            kResourceGroupsRead, kDeployments, kSupport},
           {}, {"Microsoft.KeyVault/vaults/*"}),
      Role("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
           "Read secret contents.", {}, {},
           {"Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action"}),
      Role("43d0d8ad-25c7-4714-9337-8ba259a9fe05", "Monitoring Reader",
           "Can read all monitoring data (metrics, logs, etc.).", {"*/read", kSupport}),
      Role("749f88d5-cbae-40b8-bcfc-e573ddc772fa", "Monitoring Contributor",
           "Can read all monitoring data and update monitoring settings.",
           {"*/read", "Microsoft.AlertsManagement/alerts/*", "Microsoft.Insights/actionGroups/*",
            "Microsoft.Insights/alertRules/*", "Microsoft.Insights/diagnosticSettings/*",
            "Microsoft.Insights/metricAlerts/*", "Microsoft.Insights/scheduledQueryRules/*",
            "Microsoft.OperationalInsights/workspaces/*", kSupport}),
      Role("92aaf0da-9dab-42b6-94a3-d43ce8d16293", "Log Analytics Contributor",
           "Log Analytics Contributor can read all monitoring data and edit monitoring settings.",
           {"*/read", "Microsoft.OperationalInsights/*", "Microsoft.OperationsManagement/*",
            "Microsoft.Insights/diagnosticSettings/*", kDeployments, kSupport}),
      Role("73c42c96-874c-492b-b04d-ab87d138a893", "Log Analytics Reader",
           "Log Analytics Reader can view and search all monitoring data as well as view "
           "monitoring settings.",
           {"*/read", "Microsoft.OperationalInsights/workspaces/search/action", kSupport},
           {"Microsoft.OperationalInsights/workspaces/sharedKeys/read"}),
      Role("39bc4728-0917-49c7-9d2c-d95423bc2eb4", "Security Reader",
           "View permissions for Microsoft Defender for Cloud.",
           {kCommonRead, "Microsoft.Security/*/read", "Microsoft.Insights/alertRules/read",
            kResourceGroupsRead, kSupport}),
      Role("fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64", "Billing Reader",
           "Allows read access to billing data.",
           {kCommonRead, "Microsoft.Billing/*/read", "Microsoft.Consumption/*/read",
            "Microsoft.Commerce/*/read", "Microsoft.Management/managementGroups/read", kSupport}),
      Role("72fafb9e-0641-4937-9268-a91bfd8191a3", "Cost Management Reader",
           "Can view cost data and configuration (e.g. budgets, exports).",
           {"Microsoft.Consumption/*/read", "Microsoft.CostManagement/*/read",
            "Microsoft.Billing/billingPeriods/read", "Microsoft.Resources/subscriptions/read",
            kResourceGroupsRead, kSupport}),
      Role("434105ed-43f6-45c7-a02f-909b2ba83430", "Cost Management Contributor",
           "Can view costs and manage cost configuration (e.g. budgets, exports).",
           {"Microsoft.Consumption/*", "Microsoft.CostManagement/*",
            "Microsoft.Billing/billingPeriods/read", "Microsoft.Resources/subscriptions/read",
            kResourceGroupsRead, kSupport}),
      Role("cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e", "Support Request Contributor",
           "Lets you create and manage Support requests.",
           {kCommonRead, kResourceGroupsRead, kSupport}),
      Role("91c1777a-f3dc-4fae-b103-61d183457e46",
           "Managed Services Registration assignment Delete Role",
           "Managed Services Registration Assignment Delete Role allows the managing tenant users "
           "to delete the registration assignment assigned to their tenant.",
           {"Microsoft.ManagedServices/registrationAssignments/read",
            "Microsoft.ManagedServices/registrationAssignments/delete",
            "Microsoft.ManagedServices/operationStatuses/read"}),
      Role("7f951dda-4ed3-4680-a7ca-43fe172d538d", "AcrPull", "acr pull",
           {"Microsoft.ContainerRegistry/registries/pull/read"}),
  };
}

}  // namespace

const std::vector<RoleDefinition>& BuiltInRoleDefinitions() {
  static const std::vector<RoleDefinition> roles = MakeBuiltInRoles();
  return roles;
}

}  // namespace pal
