#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/delegation.h"
#include "core/guid.h"
#include "core/link_history_entry.h"
#include "core/management_group.h"
#include "core/management_partner_link.h"
#include "core/partner.h"
#include "core/partner_of_record.h"
#include "core/partner_role.h"
#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_solution.h"
#include "core/power_platform_usage.h"
#include "core/principal.h"
#include "core/resource.h"
#include "core/resource_group.h"
#include "core/result.h"
#include "core/role_assignment.h"
#include "core/subscription.h"
#include "core/tenant.h"
#include "dataset/dataset.h"

namespace pal::store {

// Everything pal keeps. All methods are thread-safe.
//
// Directory and registry methods go straight to the database and see writes made by other
// processes (e.g. `pal admin` while `pal serve` runs). Link reads are answered from an index
// in memory that only this process's link writer changes; link writes are durable before
// their completion runs.
class Store {
 public:
  virtual ~Store() = default;

  // --- Directory. Create* fail with kConflict if the key exists, kNotFound if the tenant
  // does not. Find* return nullopt on a miss.
  virtual Result<void> CreateTenant(const Tenant& tenant) = 0;
  virtual Result<std::optional<Tenant>> FindTenant(const Guid& tenant_id) = 0;
  virtual Result<std::vector<Tenant>> ListTenants() = 0;

  virtual Result<void> CreatePrincipal(const Principal& principal) = 0;
  // Replaces the secret (hash and expiry) of an existing principal; kNotFound if there is none.
  virtual Result<void> SetPrincipalSecretHash(const PrincipalKey& key,
                                              const std::string& secret_hash,
                                              std::optional<Timestamp> expires_at) = 0;
  virtual Result<std::optional<Principal>> FindPrincipal(const PrincipalKey& key) = 0;
  virtual Result<std::optional<Principal>> FindPrincipalByAppId(const Guid& tenant_id,
                                                                const Guid& app_id) = 0;
  // Users and guests by sign-in name, case-insensitively.
  virtual Result<std::optional<Principal>> FindPrincipalBySignInName(const Guid& tenant_id,
                                                                     const std::string& name) = 0;
  virtual Result<std::vector<Principal>> ListPrincipals(const Guid& tenant_id) = 0;

  // --- Partner registry.
  virtual Result<void> AddPartner(const Partner& partner) = 0;
  virtual Result<std::optional<Partner>> FindPartner(const std::string& partner_id) = 0;
  virtual Result<std::vector<Partner>> ListPartners() = 0;
  // Marks a partner id Retired from now on (kNotFound, kConflict "PartnerRetired" when it
  // already is), recorded in the partner history; new links and DPORs to it are refused.
  virtual Result<void> RetirePartner(const std::string& partner_id) = 0;
  // When the id was retired, from the partner history; nullopt if it never was.
  virtual Result<std::optional<Timestamp>> FindPartnerRetirement(const std::string& partner_id) = 0;
  // Sets the home tenant of organisation `organisation_id` (its global account id, or a
  // location id without one) on every registry entry of it, and removes the roles held by
  // principals of any other tenant, atomically. kNotFound PartnerNotFound / TenantNotFound.
  virtual Result<void> SetPartnerHomeTenant(const std::string& organisation_id,
                                            const Guid& tenant_id) = 0;

  // --- Partner organisations' roles (Partner Center's Admin, Report viewer, Executive report
  // viewer). Add stamps granted_at with the store's clock and fails with kConflict
  // PartnerRoleExists; Remove fails with kNotFound PartnerRoleNotFound. Callers check
  // CheckPartnerRoleHolder first.
  virtual Result<void> AddPartnerRole(const PartnerRoleAssignment& assignment) = 0;
  virtual Result<void> RemovePartnerRole(const std::string& organisation_id,
                                         const PrincipalKey& principal, PartnerRole role) = 0;
  // One organisation's roles, by principal then role; every role one principal holds.
  virtual Result<std::vector<PartnerRoleAssignment>> ListPartnerRoles(
      const std::string& organisation_id) = 0;
  virtual Result<std::vector<PartnerRoleAssignment>> ListPartnerRolesOfPrincipal(
      const PrincipalKey& principal) = 0;

  // --- Subscriptions (the minimum the demo data needs until the ARM scope APIs exist).
  virtual Result<void> CreateSubscription(const Subscription& subscription) = 0;
  virtual Result<std::vector<Subscription>> ListSubscriptions(const Guid& tenant_id) = 0;

  // --- Scope hierarchy. Create* fail with kConflict if the key exists and kNotFound if the
  // tenant, parent group or subscription does not.
  virtual Result<void> CreateManagementGroup(const ManagementGroup& group) = 0;
  virtual Result<std::vector<ManagementGroup>> ListManagementGroups(const Guid& tenant_id) = 0;
  // Changes a group's display name and parent (same tenant); kNotFound if either is missing.
  // Cycles are the caller's to prevent.
  virtual Result<void> UpdateManagementGroup(const ManagementGroup& group) = 0;
  // Removes a childless group and the role assignments at it (history closed with `actor`);
  // kConflict "ManagementGroupHasChildren", kNotFound.
  virtual Result<void> DeleteManagementGroup(const Guid& tenant_id, const std::string& group_id,
                                             const PrincipalKey& actor) = 0;
  // Changes a subscription's display name and state (the other fields are kept), recording
  // the change in the subscription history with `actor`; kNotFound if it does not exist.
  virtual Result<void> UpdateSubscription(const Subscription& subscription,
                                          const PrincipalKey& actor) = 0;
  // Moves an EnterpriseAgreement subscription to the AzurePlan agreement: its partner of
  // record ends ("migrated"; it does not transfer), links are untouched, both recorded with
  // `actor`. kInvalidArgument NotAnEnterpriseAgreementSubscription otherwise.
  virtual Result<void> MigrateSubscriptionToAzurePlan(const Guid& subscription_id,
                                                      const PrincipalKey& actor) = 0;
  // Puts a subscription under another group of its tenant, recording the move in the
  // subscription history with `actor`; kNotFound if either is missing.
  virtual Result<void> MoveSubscription(const Guid& subscription_id,
                                        const std::string& parent_group_id,
                                        const PrincipalKey& actor) = 0;
  virtual Result<std::optional<Subscription>> FindSubscription(const Guid& subscription_id) = 0;
  virtual Result<void> CreateResourceGroup(const ResourceGroup& group) = 0;
  virtual Result<std::vector<ResourceGroup>> ListResourceGroups(const Guid& subscription_id) = 0;
  // Replaces a group's tags; kNotFound if it does not exist.
  virtual Result<void> UpdateResourceGroupTags(const Guid& subscription_id, const std::string& name,
                                               const std::string& tags_json) = 0;
  // Removes a group with its resources and the role assignments at or below it (their
  // history closed with `actor`), atomically; kNotFound if it does not exist.
  virtual Result<void> DeleteResourceGroup(const Guid& subscription_id, const std::string& name,
                                           const PrincipalKey& actor) = 0;

  // --- Role assignments. Create fails with kConflict ("RoleAssignmentExists") for the same
  // (scope, role, principal) or the same name; Delete with kNotFound. Both append to the
  // history with `actor`, atomically with the change, durably before returning.
  virtual Result<void> CreateRoleAssignment(const RoleAssignment& assignment) = 0;
  virtual Result<void> DeleteRoleAssignment(const Guid& name, const PrincipalKey& actor) = 0;
  virtual Result<std::optional<RoleAssignment>> FindRoleAssignment(const Guid& name) = 0;
  // Every current assignment whose scope lies in `subscription_id`, or all when nullopt.
  virtual Result<std::vector<RoleAssignment>> ListRoleAssignments(
      const std::optional<Guid>& subscription_id) = 0;
  // Changes only the description and condition fields and the updated stamp; kNotFound if
  // the assignment does not exist. Not a grant change, so no history row.
  virtual Result<void> UpdateRoleAssignment(const RoleAssignment& assignment) = 0;
  // Every current assignment of one principal, or of every principal of one tenant.
  virtual Result<std::vector<RoleAssignment>> ListRoleAssignmentsOfPrincipal(
      const PrincipalKey& principal) = 0;
  virtual Result<std::vector<RoleAssignment>> ListRoleAssignmentsInTenant(
      const Guid& tenant_id) = 0;

  // --- Generic resources (scopes below resource groups). CreateResource fails with
  // kConflict if the id exists.
  virtual Result<void> CreateResource(const Resource& resource) = 0;
  virtual Result<std::optional<Resource>> FindResource(const ResourceId& id) = 0;
  virtual Result<std::vector<Resource>> ListResources(const Guid& subscription_id) = 0;

  // --- Azure Lighthouse. Registration definitions and assignments are keyed by the customer
  // tenant and their id: two customers may use the same id, and nothing done under one
  // customer's id finds or touches the other's. An assignment's definition is the one of its
  // own customer tenant. Create* fail with kConflict (…Exists: the id in that customer tenant;
  // an assignment of the same definition at the same scope), Delete* with kNotFound; a
  // definition in use by an assignment cannot be deleted (kConflict
  // RegistrationDefinitionInUse). Creating and deleting an assignment appends to / closes the
  // delegation history with `actor`.
  virtual Result<void> CreateRegistrationDefinition(const RegistrationDefinition& definition) = 0;
  virtual Result<std::optional<RegistrationDefinition>> FindRegistrationDefinition(
      const Guid& customer_tenant_id, const Guid& id) = 0;
  virtual Result<std::vector<RegistrationDefinition>> ListRegistrationDefinitions(
      const Guid& customer_tenant_id) = 0;
  virtual Result<void> DeleteRegistrationDefinition(const Guid& customer_tenant_id,
                                                    const Guid& id) = 0;
  virtual Result<void> CreateRegistrationAssignment(const RegistrationAssignment& assignment) = 0;
  virtual Result<std::optional<RegistrationAssignment>> FindRegistrationAssignment(
      const Guid& customer_tenant_id, const Guid& id) = 0;
  virtual Result<std::vector<RegistrationAssignment>> ListRegistrationAssignments(
      const Guid& customer_tenant_id) = 0;
  virtual Result<std::vector<DelegatedGrant>> ListDelegatedGrants(
      const PrincipalKey& principal) = 0;
  virtual Result<void> DeleteRegistrationAssignment(const Guid& customer_tenant_id, const Guid& id,
                                                    const PrincipalKey& actor) = 0;

  // --- Digital Partner of Record. Set ends the one in force ("replaced") and starts the new
  // one; End closes it with a reason ("removed", "migrated"), kNotFound when there is none.
  // Both record `actor` in the history, atomically with the change.
  virtual Result<std::optional<PartnerOfRecord>> FindPartnerOfRecord(
      const Guid& subscription_id) = 0;
  virtual Result<void> SetPartnerOfRecord(const Guid& subscription_id,
                                          const std::string& partner_id,
                                          const PrincipalKey& actor) = 0;
  virtual Result<void> EndPartnerOfRecord(const Guid& subscription_id, const PrincipalKey& actor,
                                          std::string_view reason) = 0;
  virtual Result<std::vector<PartnerOfRecord>> ListPartnerOfRecordHistory() = 0;

  // --- Power Platform. Environments are keyed by (tenant, name) and resources by (tenant,
  // resource id), names and ids compared case-insensitively: two tenants may each have an
  // environment "prod" with an app "sales", and nothing done under one tenant's key finds or
  // touches the other's. Create* fail with kConflict if the key exists in the tenant and
  // kNotFound if the tenant or environment does not; the other writes with kNotFound for a
  // missing key. Every ownership change appends to / closes the ownership history with `actor`
  // and `channel`, atomically with the change.
  // Creates the environment and makes its creator (`created_by`) an EnvironmentAdmin.
  virtual Result<void> CreateEnvironment(const PowerPlatformEnvironment& environment) = 0;
  virtual Result<std::optional<PowerPlatformEnvironment>> FindEnvironment(
      const Guid& tenant_id, const std::string& name) = 0;
  virtual Result<std::vector<PowerPlatformEnvironment>> ListEnvironments(const Guid& tenant_id) = 0;
  // Changes the display name, type and paid flag of (environment.tenant_id, environment.name).
  virtual Result<void> UpdateEnvironment(const PowerPlatformEnvironment& environment) = 0;
  // Removes an environment without resources and its members; kConflict EnvironmentNotEmpty.
  virtual Result<void> DeleteEnvironment(const Guid& tenant_id, const std::string& name) = 0;
  // Adds a member (of member.tenant_id's environment member.environment) or changes its role.
  virtual Result<void> SetEnvironmentMember(const EnvironmentMember& member) = 0;
  // kNotFound when not a member; kConflict LastEnvironmentAdmin for the only admin.
  virtual Result<void> RemoveEnvironmentMember(const Guid& tenant_id,
                                               const std::string& environment,
                                               const Guid& object_id) = 0;
  virtual Result<std::vector<EnvironmentMember>> ListEnvironmentMembers(
      const Guid& tenant_id, const std::string& environment) = 0;

  // Creates a resource of resource.tenant_id whose owner is `resource.owner` (co-owners are
  // ignored).
  virtual Result<void> CreatePowerPlatformResource(const PowerPlatformResourceRecord& resource,
                                                   const PrincipalKey& actor,
                                                   std::string_view channel) = 0;
  virtual Result<std::optional<PowerPlatformResourceRecord>> FindPowerPlatformResource(
      const Guid& tenant_id, const std::string& resource_id) = 0;
  virtual Result<std::vector<PowerPlatformResourceRecord>> ListPowerPlatformResources(
      const Guid& tenant_id, const std::string& environment) = 0;
  virtual Result<void> RenamePowerPlatformResource(const Guid& tenant_id,
                                                   const std::string& resource_id,
                                                   const std::string& display_name) = 0;
  // Removes the resource and closes its ownership history; its activity stays.
  virtual Result<void> DeletePowerPlatformResource(const Guid& tenant_id,
                                                   const std::string& resource_id,
                                                   const PrincipalKey& actor) = 0;
  // Ends the owner's interval and starts `owner`'s; a co-owner who becomes owner stops being one.
  virtual Result<void> SetPowerPlatformOwner(const Guid& tenant_id, const std::string& resource_id,
                                             const Guid& owner, const PrincipalKey& actor,
                                             std::string_view channel) = 0;
  // Adding an existing co-owner changes nothing; removing one that is not is kNotFound.
  virtual Result<void> AddPowerPlatformCoOwner(const Guid& tenant_id,
                                               const std::string& resource_id, const Guid& co_owner,
                                               const PrincipalKey& actor,
                                               std::string_view channel) = 0;
  virtual Result<void> RemovePowerPlatformCoOwner(const Guid& tenant_id,
                                                  const std::string& resource_id,
                                                  const Guid& co_owner,
                                                  const PrincipalKey& actor) = 0;
  // Oldest first; all the tenant's resources' when `resource_id` is empty.
  virtual Result<std::vector<OwnershipHistoryEntry>> ListOwnershipHistory(
      const Guid& tenant_id, const std::string& resource_id) = 0;
  // In one transaction, which also decides whether the importer may import: it must be a member
  // of the environment, and unless an EnvironmentAdmin the owner of every component that exists
  // already (importing makes it the owner: the right to change the owner). If so, creates every
  // missing component of a validated solution in `environment` of importer.tenant_id and makes
  // `importer` the owner of each (channel "solution-import"); if not, nothing is written and the
  // result says why. Returns the components as stored, in the solution's order.
  virtual Result<SolutionImport> ImportSolution(const std::string& environment,
                                                const Solution& solution,
                                                const PrincipalKey& importer) = 0;
  // Activity rows of known resources (by tenant_id and resource_key, the lower-case resource
  // id); a row already stored adds nothing. Returns how many were added.
  virtual Result<size_t> AddPowerPlatformActivity(
      const std::vector<PowerPlatformActivity>& rows) = 0;
  // One value per (day, instance); a day posted again is replaced. Returns how many were new.
  virtual Result<size_t> SetUnifiedProfiles(const std::vector<CustomerInsightsProfiles>& rows) = 0;
  // The Power Platform part of the data set: resources with their environment's type and paid
  // flag and current owners, all activity and profiles.
  virtual Result<PowerPlatformUsage> ExportPowerPlatform() = 0;

  // --- The data set (docs/dataset.md). Import loads a validated data set (and its
  // Power Platform files) into an empty store in one transaction (kConflict
  // "DataDirectoryNotEmpty" otherwise; nothing is written on any error); principals get no
  // credentials. Export reads every table back, ended role assignments and link intervals
  // included, from the histories.
  virtual Result<void> ImportDataset(const Dataset& dataset,
                                     const PowerPlatformUsage& power_platform) = 0;
  virtual Result<Dataset> ExportDataset() = 0;

  // --- PAL links.
  // The owner's link as last committed (Active or Deleted), or nullopt if it never had one.
  virtual std::optional<ManagementPartnerLink> FindLink(const PrincipalKey& owner) = 0;

  using LinkWriteDone = std::function<void(Result<ManagementPartnerLink>)>;
  // Applies `command` to the owner's link with the rules of ApplyLinkCommand, atomically with
  // respect to other writes, stamps it with the store's clock, appends the history row, and
  // calls `done` — on an unspecified thread — once the change is durable, or with the rule's
  // or the storage's error. `done` must not block.
  virtual void WriteLink(const PrincipalKey& owner, const PrincipalKey& actor,
                         const LinkCommand& command, LinkWriteDone done) = 0;

  // History of link changes in commit order; all principals if `owner` is nullopt.
  virtual Result<std::vector<LinkHistoryEntry>> ListLinkHistory(
      const std::optional<PrincipalKey>& owner) = 0;
};

}  // namespace pal::store
