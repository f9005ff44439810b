#pragma once

#include <gmock/gmock.h>

#include "store/store.h"

namespace pal::testing {

class MockStore : public store::Store {
 public:
  MOCK_METHOD(Result<void>, CreateTenant, (const Tenant&), (override));
  MOCK_METHOD(Result<std::optional<Tenant>>, FindTenant, (const Guid&), (override));
  MOCK_METHOD(Result<std::vector<Tenant>>, ListTenants, (), (override));
  MOCK_METHOD(Result<void>, CreatePrincipal, (const Principal&), (override));
  MOCK_METHOD(Result<void>, SetPrincipalSecretHash,
              (const PrincipalKey&, const std::string&, std::optional<Timestamp>), (override));
  MOCK_METHOD(Result<std::optional<Principal>>, FindPrincipal, (const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::optional<Principal>>, FindPrincipalByAppId, (const Guid&, const Guid&),
              (override));
  MOCK_METHOD(Result<std::optional<Principal>>, FindPrincipalBySignInName,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<Principal>>, ListPrincipals, (const Guid&), (override));
  MOCK_METHOD(Result<void>, AddPartner, (const Partner&), (override));
  MOCK_METHOD(Result<std::optional<Partner>>, FindPartner, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<Partner>>, ListPartners, (), (override));
  MOCK_METHOD(Result<void>, CreateSubscription, (const Subscription&), (override));
  MOCK_METHOD(Result<std::vector<Subscription>>, ListSubscriptions, (const Guid&), (override));
  MOCK_METHOD(Result<void>, CreateManagementGroup, (const ManagementGroup&), (override));
  MOCK_METHOD(Result<std::vector<ManagementGroup>>, ListManagementGroups, (const Guid&),
              (override));
  MOCK_METHOD(Result<std::optional<Subscription>>, FindSubscription, (const Guid&), (override));
  MOCK_METHOD((Result<void>), CreateRegistrationDefinition, (const RegistrationDefinition&),
              (override));
  MOCK_METHOD((Result<std::optional<RegistrationDefinition>>), FindRegistrationDefinition,
              (const Guid&, const Guid&), (override));
  MOCK_METHOD((Result<std::vector<RegistrationDefinition>>), ListRegistrationDefinitions,
              (const Guid&), (override));
  MOCK_METHOD((Result<void>), DeleteRegistrationDefinition, (const Guid&, const Guid&), (override));
  MOCK_METHOD((Result<void>), CreateRegistrationAssignment, (const RegistrationAssignment&),
              (override));
  MOCK_METHOD((Result<std::optional<RegistrationAssignment>>), FindRegistrationAssignment,
              (const Guid&, const Guid&), (override));
  MOCK_METHOD((Result<std::vector<RegistrationAssignment>>), ListRegistrationAssignments,
              (const Guid&), (override));
  MOCK_METHOD((Result<std::vector<DelegatedGrant>>), ListDelegatedGrants, (const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, DeleteRegistrationAssignment,
              (const Guid&, const Guid&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::optional<PartnerOfRecord>>, FindPartnerOfRecord, (const Guid&),
              (override));
  MOCK_METHOD(Result<void>, SetPartnerOfRecord,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, EndPartnerOfRecord,
              (const Guid&, const PrincipalKey&, std::string_view), (override));
  MOCK_METHOD(Result<std::vector<PartnerOfRecord>>, ListPartnerOfRecordHistory, (), (override));
  MOCK_METHOD(Result<void>, RetirePartner, (const std::string&), (override));
  MOCK_METHOD(Result<void>, SetPartnerHomeTenant, (const std::string&, const Guid&), (override));
  MOCK_METHOD(Result<void>, AddPartnerRole, (const PartnerRoleAssignment&), (override));
  MOCK_METHOD(Result<void>, RemovePartnerRole,
              (const std::string&, const PrincipalKey&, PartnerRole), (override));
  MOCK_METHOD(Result<std::vector<PartnerRoleAssignment>>, ListPartnerRoles, (const std::string&),
              (override));
  MOCK_METHOD(Result<std::vector<PartnerRoleAssignment>>, ListPartnerRolesOfPrincipal,
              (const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::optional<Timestamp>>, FindPartnerRetirement, (const std::string&),
              (override));
  MOCK_METHOD(Result<void>, ImportDataset, (const Dataset&, const PowerPlatformUsage&), (override));
  MOCK_METHOD(Result<void>, CreateEnvironment, (const PowerPlatformEnvironment&), (override));
  MOCK_METHOD(Result<std::optional<PowerPlatformEnvironment>>, FindEnvironment,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<PowerPlatformEnvironment>>, ListEnvironments, (const Guid&),
              (override));
  MOCK_METHOD(Result<void>, UpdateEnvironment, (const PowerPlatformEnvironment&), (override));
  MOCK_METHOD(Result<void>, DeleteEnvironment, (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<void>, SetEnvironmentMember, (const EnvironmentMember&), (override));
  MOCK_METHOD(Result<void>, RemoveEnvironmentMember, (const Guid&, const std::string&, const Guid&),
              (override));
  MOCK_METHOD(Result<std::vector<EnvironmentMember>>, ListEnvironmentMembers,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<void>, CreatePowerPlatformResource,
              (const PowerPlatformResourceRecord&, const PrincipalKey&, std::string_view),
              (override));
  MOCK_METHOD(Result<std::optional<PowerPlatformResourceRecord>>, FindPowerPlatformResource,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<PowerPlatformResourceRecord>>, ListPowerPlatformResources,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<void>, RenamePowerPlatformResource,
              (const Guid&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<void>, DeletePowerPlatformResource,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, SetPowerPlatformOwner,
              (const Guid&, const std::string&, const Guid&, const PrincipalKey&, std::string_view),
              (override));
  MOCK_METHOD(Result<void>, AddPowerPlatformCoOwner,
              (const Guid&, const std::string&, const Guid&, const PrincipalKey&, std::string_view),
              (override));
  MOCK_METHOD(Result<void>, RemovePowerPlatformCoOwner,
              (const Guid&, const std::string&, const Guid&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::vector<OwnershipHistoryEntry>>, ListOwnershipHistory,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<SolutionImport>, ImportSolution,
              (const std::string&, const Solution&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<size_t>, AddPowerPlatformActivity, (const std::vector<PowerPlatformActivity>&),
              (override));
  MOCK_METHOD(Result<size_t>, SetUnifiedProfiles, (const std::vector<CustomerInsightsProfiles>&),
              (override));
  MOCK_METHOD(Result<PowerPlatformUsage>, ExportPowerPlatform, (), (override));
  MOCK_METHOD(Result<Dataset>, ExportDataset, (), (override));
  MOCK_METHOD(Result<void>, UpdateManagementGroup, (const ManagementGroup&), (override));
  MOCK_METHOD(Result<void>, DeleteManagementGroup,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, MigrateSubscriptionToAzurePlan, (const Guid&, const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, UpdateSubscription, (const Subscription&, const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, MoveSubscription,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, UpdateResourceGroupTags,
              (const Guid&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<void>, DeleteResourceGroup,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, CreateResourceGroup, (const ResourceGroup&), (override));
  MOCK_METHOD(Result<std::vector<ResourceGroup>>, ListResourceGroups, (const Guid&), (override));
  MOCK_METHOD(Result<void>, CreateRoleAssignment, (const RoleAssignment&), (override));
  MOCK_METHOD(Result<void>, DeleteRoleAssignment, (const Guid&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::optional<RoleAssignment>>, FindRoleAssignment, (const Guid&), (override));
  MOCK_METHOD(Result<std::vector<RoleAssignment>>, ListRoleAssignments,
              (const std::optional<Guid>&), (override));
  MOCK_METHOD(Result<void>, UpdateRoleAssignment, (const RoleAssignment&), (override));
  MOCK_METHOD(Result<std::vector<RoleAssignment>>, ListRoleAssignmentsOfPrincipal,
              (const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::vector<RoleAssignment>>, ListRoleAssignmentsInTenant, (const Guid&),
              (override));
  MOCK_METHOD(Result<void>, CreateResource, (const Resource&), (override));
  MOCK_METHOD(Result<std::optional<Resource>>, FindResource, (const ResourceId&), (override));
  MOCK_METHOD(Result<std::vector<Resource>>, ListResources, (const Guid&), (override));
  MOCK_METHOD(std::optional<ManagementPartnerLink>, FindLink, (const PrincipalKey&), (override));
  MOCK_METHOD(void, WriteLink,
              (const PrincipalKey&, const PrincipalKey&, const LinkCommand&, LinkWriteDone),
              (override));
  MOCK_METHOD(Result<std::vector<LinkHistoryEntry>>, ListLinkHistory,
              (const std::optional<PrincipalKey>&), (override));
};

}  // namespace pal::testing
