#include "store/sql_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "core/text.h"
#include "store/group_commit_link_writer.h"
#include "store/link_index.h"
#include "store/postgresql_connection.h"
#include "store/schema_migrations.h"
#include "store/sql_connection_pool.h"
#include "store/sql_dataset_store.h"
#include "store/sql_delegation_store.h"
#include "store/sql_dpor_store.h"
#include "store/sql_link_row.h"
#include "store/sql_partner_role_store.h"
#include "store/sql_power_platform_store.h"
#include "store/sql_scope_store.h"
#include "store/sqlite_connection.h"

namespace pal::store {
namespace {

constexpr std::string_view kPrincipalColumns =
    "tenant_id, object_id, kind, name, app_id, secret_hash, created_at, secret_expires_at";
// One owner's link: binds ?1 tenant id, ?2 object id.
const std::string& FindLinkSql() {
  static const std::string sql = SelectLinksSql("WHERE tenant_id = ?1 AND object_id = ?2");
  return sql;
}
constexpr std::string_view kPartnerColumns =
    "partner_id, name, kind, global_id, status, created_at, home_tenant_id";

Principal PrincipalFromRow(const SqlStatement& row) {
  Principal p;
  p.tenant_id = row.ColumnGuid(0);
  p.object_id = row.ColumnGuid(1);
  p.kind = ParsePrincipalKind(row.ColumnText(2)).value_or(PrincipalKind::kUser);
  p.name = row.ColumnText(3);
  if (auto app = row.ColumnOptionalText(4)) p.app_id = Guid::Parse(*app);
  p.secret_hash = row.ColumnText(5);
  p.created_at = row.ColumnInt(6);
  p.secret_expires_at = row.ColumnOptionalInt(7);
  return p;
}

// One row of partner_history, in force from `from`; the actor is the pal administrator.
Result<void> AppendPartnerHistory(SqlConnection& connection, const Partner& p,
                                  std::string_view action, Timestamp from, const Error& conflict) {
  const std::string administrator = Guid().ToString();
  return SqlConnectionPool::RunOn(
      connection,
      "INSERT INTO partner_history(partner_id, action, name, kind, global_id, status, "
      "actor_tenant_id, actor_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
      [&](SqlStatement& s) {
        s.Bind(1, p.partner_id)
            .Bind(2, action)
            .Bind(3, p.name)
            .Bind(4, PartnerIdKindName(p.kind))
            .BindOptional(5, p.global_id)
            .Bind(6, PartnerStatusName(p.status))
            .Bind(7, administrator)
            .Bind(8, from);
      },
      conflict);
}

// One row of principal_history, in force from `from`; the actor is the pal administrator.
Result<void> AppendPrincipalHistory(SqlConnection& connection, const Principal& p,
                                    std::string_view action, Timestamp from,
                                    const Error& conflict) {
  std::optional<std::string> app;
  if (p.app_id) app = p.app_id->ToString();
  const std::string administrator = Guid().ToString();
  return SqlConnectionPool::RunOn(
      connection,
      "INSERT INTO principal_history(tenant_id, object_id, action, kind, name, app_id, "
      "secret_expires_at, actor_tenant_id, actor_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6, ?7, ?8, ?8, ?9)",
      [&](SqlStatement& s) {
        s.Bind(1, p.tenant_id.ToString())
            .Bind(2, p.object_id.ToString())
            .Bind(3, action)
            .Bind(4, PrincipalKindName(p.kind))
            .Bind(5, p.name)
            .BindOptional(6, app)
            .BindOptional(7, p.secret_expires_at)
            .Bind(8, administrator)
            .Bind(9, from);
      },
      conflict);
}

Partner PartnerFromRow(const SqlStatement& row) {
  Partner p;
  p.partner_id = row.ColumnText(0);
  p.name = row.ColumnText(1);
  p.kind = ParsePartnerIdKind(row.ColumnText(2)).value_or(PartnerIdKind::kLocation);
  p.global_id = row.ColumnOptionalText(3);
  p.status = ParsePartnerStatus(row.ColumnText(4)).value_or(PartnerStatus::kActive);
  p.created_at = row.ColumnInt(5);
  if (auto tenant = row.ColumnOptionalText(6)) p.home_tenant_id = Guid::Parse(*tenant);
  return p;
}

LinkAction ParseLinkAction(const std::string& text) {
  if (text == "update") return LinkAction::kUpdate;
  if (text == "delete") return LinkAction::kDelete;
  return LinkAction::kCreate;
}

class SqlStore final : public Store {
 public:
  // `shared` says whether other processes may write links to the same database (PostgreSQL):
  // then link reads and the writer's read-modify-write go to the database, not the index.
  SqlStore(SqlConnectionPool::Opener open, const Clock& clock, bool shared)
      : clock_(clock), shared_(shared), pool_(std::move(open)) {}

  ~SqlStore() override {
    writer_.reset();  // completes every accepted write first
  }

  Result<void> Open(bool enable_link_writer) {
    auto primary = pool_.Acquire();
    if (!primary.ok()) return primary.error();
    auto migrated = MigrateSchema(*primary, clock_.Now());
    if (!migrated.ok()) return migrated;
    auto loaded = LoadLinkIndex(*primary);
    if (!loaded.ok()) return loaded;
    if (enable_link_writer) {
      writer_ = std::make_unique<GroupCommitLinkWriter>(
          std::move(primary).value(), index_, clock_,
          shared_ ? GroupCommitLinkWriter::CurrentLinks::kFromDatabase
                  : GroupCommitLinkWriter::CurrentLinks::kFromIndex);
    } else {
      pool_.Release(std::move(primary).value());
    }
    return {};
  }

  Result<void> CreateTenant(const Tenant& tenant) override {
    return pool_.Write(
        "INSERT INTO tenants(tenant_id, name, created_at) VALUES (?1, ?2, ?3)",
        [&](SqlStatement& s) {
          s.Bind(1, tenant.id.ToString()).Bind(2, tenant.name).Bind(3, tenant.created_at);
        },
        AlreadyExists(fmt::format("Tenant '{}'", tenant.id.ToString())));
  }

  Result<std::optional<Tenant>> FindTenant(const Guid& tenant_id) override {
    return pool_.QueryOne<Tenant>(
        "SELECT tenant_id, name, created_at FROM tenants WHERE tenant_id = ?1",
        [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, TenantFromRow);
  }

  Result<std::vector<Tenant>> ListTenants() override {
    return pool_.QueryAll<Tenant>(
        "SELECT tenant_id, name, created_at FROM tenants ORDER BY name", [](SqlStatement&) {},
        TenantFromRow);
  }

  Result<void> CreatePrincipal(const Principal& p) override {
    auto tenant = FindTenant(p.tenant_id);
    if (!tenant.ok()) return tenant.error();
    if (!*tenant) {
      return Error::NotFound("TenantNotFound",
                             fmt::format("Tenant '{}' does not exist.", p.tenant_id.ToString()));
    }
    std::optional<std::string> sign_in;
    if (p.kind != PrincipalKind::kServicePrincipal) sign_in = ToLowerAscii(p.name);
    std::optional<std::string> app;
    if (p.app_id) app = p.app_id->ToString();
    const Error exists = AlreadyExists(fmt::format(
        "A principal named '{}' (or with that id) in tenant '{}'", p.name, p.tenant_id.ToString()));
    return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
      auto inserted = SqlConnectionPool::RunOn(
          connection,
          "INSERT INTO principals(tenant_id, object_id, kind, name, sign_in_name, app_id, "
          "secret_hash, created_at, secret_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
          [&](SqlStatement& s) {
            s.Bind(1, p.tenant_id.ToString())
                .Bind(2, p.object_id.ToString())
                .Bind(3, PrincipalKindName(p.kind))
                .Bind(4, p.name)
                .BindOptional(5, sign_in)
                .BindOptional(6, app)
                .Bind(7, p.secret_hash)
                .Bind(8, p.created_at)
                .BindOptional(9, p.secret_expires_at);
          },
          exists);
      if (!inserted.ok()) return inserted;
      return AppendPrincipalHistory(connection, p, "create", p.created_at, exists);
    });
  }

  Result<void> SetPrincipalSecretHash(const PrincipalKey& key, const std::string& secret_hash,
                                      std::optional<Timestamp> expires_at) override {
    // Principals are never deleted, so checking first cannot race with a removal.
    auto existing = FindPrincipal(key);
    if (!existing.ok()) return existing.error();
    if (!*existing) {
      return Error::NotFound("PrincipalNotFound",
                             fmt::format("Principal '{}' does not exist in tenant '{}'.",
                                         key.object_id.ToString(), key.tenant_id.ToString()));
    }
    const Error conflict = AlreadyExists("The principal");
    const Timestamp now = clock_.Now();
    return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
      auto updated = SqlConnectionPool::RunOn(
          connection,
          "UPDATE principals SET secret_hash = ?3, secret_expires_at = ?4 WHERE tenant_id = ?1 "
          "AND object_id = ?2",
          [&](SqlStatement& s) {
            s.Bind(1, key.tenant_id.ToString())
                .Bind(2, key.object_id.ToString())
                .Bind(3, secret_hash)
                .BindOptional(4, expires_at);
          },
          conflict);
      if (!updated.ok()) return updated;
      auto closed = SqlConnectionPool::RunOn(
          connection,
          "UPDATE principal_history SET valid_to = ?3 WHERE tenant_id = ?1 AND object_id = ?2 "
          "AND valid_to IS NULL",
          [&](SqlStatement& s) {
            s.Bind(1, key.tenant_id.ToString()).Bind(2, key.object_id.ToString()).Bind(3, now);
          },
          conflict);
      if (!closed.ok()) return closed;
      Principal changed = **existing;
      changed.secret_expires_at = expires_at;
      return AppendPrincipalHistory(connection, changed, "reset-secret", now, conflict);
    });
  }

  Result<std::optional<Principal>> FindPrincipal(const PrincipalKey& key) override {
    return pool_.QueryOne<Principal>(
        fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 AND object_id = ?2",
                    kPrincipalColumns),
        [&](SqlStatement& s) {
          s.Bind(1, key.tenant_id.ToString()).Bind(2, key.object_id.ToString());
        },
        PrincipalFromRow);
  }

  Result<std::optional<Principal>> FindPrincipalByAppId(const Guid& tenant_id,
                                                        const Guid& app_id) override {
    return pool_.QueryOne<Principal>(
        fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 AND app_id = ?2",
                    kPrincipalColumns),
        [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, app_id.ToString()); },
        PrincipalFromRow);
  }

  Result<std::optional<Principal>> FindPrincipalBySignInName(const Guid& tenant_id,
                                                             const std::string& name) override {
    return pool_.QueryOne<Principal>(
        fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 AND sign_in_name = ?2",
                    kPrincipalColumns),
        [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, ToLowerAscii(name)); },
        PrincipalFromRow);
  }

  Result<std::vector<Principal>> ListPrincipals(const Guid& tenant_id) override {
    return pool_.QueryAll<Principal>(
        fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 ORDER BY kind, name",
                    kPrincipalColumns),
        [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, PrincipalFromRow);
  }

  Result<void> AddPartner(const Partner& p) override {
    std::optional<std::string> home_tenant;
    if (p.home_tenant_id) home_tenant = p.home_tenant_id->ToString();
    const Error exists = AlreadyExists(fmt::format("Partner ID '{}'", p.partner_id));
    return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
      auto added = SqlConnectionPool::RunOn(
          c,
          "INSERT INTO partners(partner_id, name, kind, global_id, status, created_at, "
          "home_tenant_id) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
          [&](SqlStatement& s) {
            s.Bind(1, p.partner_id)
                .Bind(2, p.name)
                .Bind(3, PartnerIdKindName(p.kind))
                .BindOptional(4, p.global_id)
                .Bind(5, PartnerStatusName(p.status))
                .Bind(6, p.created_at)
                .BindOptional(7, home_tenant);
          },
          exists);
      if (!added.ok()) return added;
      return AppendPartnerHistory(c, p, "add", p.created_at, exists);
    });
  }

  Result<void> RetirePartner(const std::string& partner_id) override {
    auto existing = FindPartner(partner_id);
    if (!existing.ok()) return existing.error();
    if (!*existing) {
      return Error::NotFound("PartnerNotFound",
                             fmt::format("Partner ID '{}' is not in the registry.", partner_id));
    }
    if ((*existing)->status == PartnerStatus::kRetired) {
      return Error::Conflict("PartnerRetired",
                             fmt::format("Partner ID '{}' is already retired.", partner_id));
    }
    Partner retired = **existing;
    retired.status = PartnerStatus::kRetired;
    const Timestamp now = clock_.Now();
    const Error conflict = Error::Conflict("Conflict", "The partner changed concurrently.");
    return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
      auto updated = SqlConnectionPool::RunOn(
          c, "UPDATE partners SET status = 'Retired' WHERE partner_id = ?1",
          [&](SqlStatement& s) { s.Bind(1, partner_id); }, conflict);
      if (!updated.ok()) return updated;
      auto closed = SqlConnectionPool::RunOn(
          c, "UPDATE partner_history SET valid_to = ?2 WHERE partner_id = ?1 AND valid_to IS NULL",
          [&](SqlStatement& s) { s.Bind(1, partner_id).Bind(2, now); }, conflict);
      if (!closed.ok()) return closed;
      return AppendPartnerHistory(c, retired, "retire", now, conflict);
    });
  }

  Result<std::optional<Timestamp>> FindPartnerRetirement(const std::string& partner_id) override {
    return pool_.QueryOne<Timestamp>(
        "SELECT valid_from FROM partner_history WHERE partner_id = ?1 AND action = 'retire' "
        "ORDER BY seq LIMIT 1",
        [&](SqlStatement& s) { s.Bind(1, partner_id); },
        [](const SqlStatement& r) { return r.ColumnInt(0); });
  }

  // --- Partner organisations live in SqlPartnerRoleStore.
  Result<void> SetPartnerHomeTenant(const std::string& organisation_id,
                                    const Guid& tenant_id) override {
    return partner_roles_.SetPartnerHomeTenant(organisation_id, tenant_id);
  }
  Result<void> AddPartnerRole(const PartnerRoleAssignment& assignment) override {
    PartnerRoleAssignment stamped = assignment;
    stamped.granted_at = clock_.Now();
    return partner_roles_.AddPartnerRole(stamped);
  }
  Result<void> RemovePartnerRole(const std::string& organisation_id, const PrincipalKey& principal,
                                 PartnerRole role) override {
    return partner_roles_.RemovePartnerRole(organisation_id, principal, role);
  }
  Result<std::vector<PartnerRoleAssignment>> ListPartnerRoles(
      const std::string& organisation_id) override {
    return partner_roles_.ListPartnerRoles(organisation_id);
  }
  Result<std::vector<PartnerRoleAssignment>> ListPartnerRolesOfPrincipal(
      const PrincipalKey& principal) override {
    return partner_roles_.ListPartnerRolesOfPrincipal(principal);
  }

  Result<std::optional<Partner>> FindPartner(const std::string& partner_id) override {
    return pool_.QueryOne<Partner>(
        fmt::format("SELECT {} FROM partners WHERE partner_id = ?1", kPartnerColumns),
        [&](SqlStatement& s) { s.Bind(1, partner_id); }, PartnerFromRow);
  }

  Result<std::vector<Partner>> ListPartners() override {
    return pool_.QueryAll<Partner>(
        fmt::format("SELECT {} FROM partners ORDER BY CAST(partner_id AS INTEGER)",
                    kPartnerColumns),
        [](SqlStatement&) {}, PartnerFromRow);
  }

  // --- Power Platform lives in SqlPowerPlatformStore.
  Result<void> CreateEnvironment(const PowerPlatformEnvironment& environment) override {
    return power_platform_.CreateEnvironment(environment);
  }
  Result<std::optional<PowerPlatformEnvironment>> FindEnvironment(
      const Guid& tenant_id, const std::string& name) override {
    return power_platform_.FindEnvironment(tenant_id, name);
  }
  Result<std::vector<PowerPlatformEnvironment>> ListEnvironments(const Guid& tenant_id) override {
    return power_platform_.ListEnvironments(tenant_id);
  }
  Result<void> UpdateEnvironment(const PowerPlatformEnvironment& environment) override {
    return power_platform_.UpdateEnvironment(environment);
  }
  Result<void> DeleteEnvironment(const Guid& tenant_id, const std::string& name) override {
    return power_platform_.DeleteEnvironment(tenant_id, name);
  }
  Result<void> SetEnvironmentMember(const EnvironmentMember& member) override {
    return power_platform_.SetEnvironmentMember(member);
  }
  Result<void> RemoveEnvironmentMember(const Guid& tenant_id, const std::string& environment,
                                       const Guid& object_id) override {
    return power_platform_.RemoveEnvironmentMember(tenant_id, environment, object_id);
  }
  Result<std::vector<EnvironmentMember>> ListEnvironmentMembers(
      const Guid& tenant_id, const std::string& environment) override {
    return power_platform_.ListEnvironmentMembers(tenant_id, environment);
  }
  Result<void> CreatePowerPlatformResource(const PowerPlatformResourceRecord& resource,
                                           const PrincipalKey& actor,
                                           std::string_view channel) override {
    return power_platform_.CreateResource(resource, actor, channel);
  }
  Result<std::optional<PowerPlatformResourceRecord>> FindPowerPlatformResource(
      const Guid& tenant_id, const std::string& resource_id) override {
    return power_platform_.FindResource(tenant_id, resource_id);
  }
  Result<std::vector<PowerPlatformResourceRecord>> ListPowerPlatformResources(
      const Guid& tenant_id, const std::string& environment) override {
    return power_platform_.ListResources(tenant_id, environment);
  }
  Result<void> RenamePowerPlatformResource(const Guid& tenant_id, const std::string& resource_id,
                                           const std::string& display_name) override {
    return power_platform_.RenameResource(tenant_id, resource_id, display_name);
  }
  Result<void> DeletePowerPlatformResource(const Guid& tenant_id, const std::string& resource_id,
                                           const PrincipalKey& actor) override {
    return power_platform_.DeleteResource(tenant_id, resource_id, actor, clock_.Now());
  }
  Result<void> SetPowerPlatformOwner(const Guid& tenant_id, const std::string& resource_id,
                                     const Guid& owner, const PrincipalKey& actor,
                                     std::string_view channel) override {
    return power_platform_.SetOwner(tenant_id, resource_id, owner, actor, channel, clock_.Now());
  }
  Result<void> AddPowerPlatformCoOwner(const Guid& tenant_id, const std::string& resource_id,
                                       const Guid& co_owner, const PrincipalKey& actor,
                                       std::string_view channel) override {
    return power_platform_.AddCoOwner(tenant_id, resource_id, co_owner, actor, channel,
                                      clock_.Now());
  }
  Result<void> RemovePowerPlatformCoOwner(const Guid& tenant_id, const std::string& resource_id,
                                          const Guid& co_owner,
                                          const PrincipalKey& actor) override {
    return power_platform_.RemoveCoOwner(tenant_id, resource_id, co_owner, actor, clock_.Now());
  }
  Result<std::vector<OwnershipHistoryEntry>> ListOwnershipHistory(
      const Guid& tenant_id, const std::string& resource_id) override {
    return power_platform_.ListOwnershipHistory(tenant_id, resource_id);
  }
  Result<SolutionImport> ImportSolution(const std::string& environment, const Solution& solution,
                                        const PrincipalKey& importer) override {
    return power_platform_.ImportSolution(environment, solution, importer, clock_.Now());
  }
  Result<size_t> AddPowerPlatformActivity(const std::vector<PowerPlatformActivity>& rows) override {
    return power_platform_.AddActivity(rows);
  }
  Result<size_t> SetUnifiedProfiles(const std::vector<CustomerInsightsProfiles>& rows) override {
    return power_platform_.SetUnifiedProfiles(rows);
  }
  Result<PowerPlatformUsage> ExportPowerPlatform() override { return power_platform_.Export(); }

  // --- Scope hierarchy and role assignments live in SqlScopeStore.
  Result<void> CreateSubscription(const Subscription& s) override {
    return scope_.CreateSubscription(s);
  }
  Result<std::vector<Subscription>> ListSubscriptions(const Guid& tenant_id) override {
    return scope_.ListSubscriptions(tenant_id);
  }
  Result<std::optional<Subscription>> FindSubscription(const Guid& id) override {
    return scope_.FindSubscription(id);
  }
  Result<void> CreateManagementGroup(const ManagementGroup& group) override {
    auto tenant = FindTenant(group.tenant_id);
    if (!tenant.ok()) return tenant.error();
    if (!*tenant) {
      return Error::NotFound(
          "TenantNotFound", fmt::format("Tenant '{}' does not exist.", group.tenant_id.ToString()));
    }
    return scope_.CreateManagementGroup(group);
  }
  Result<std::vector<ManagementGroup>> ListManagementGroups(const Guid& tenant_id) override {
    return scope_.ListManagementGroups(tenant_id);
  }
  Result<void> ImportDataset(const Dataset& dataset,
                             const PowerPlatformUsage& power_platform) override {
    auto imported = dataset_.Import(dataset, power_platform, clock_.Now());
    if (!imported.ok()) return imported;
    // The links this process serves come from the index: load the imported ones.
    auto connection = pool_.Acquire();
    if (!connection.ok()) return connection.error();
    auto loaded = LoadLinkIndex(*connection);
    pool_.Release(std::move(connection).value());
    return loaded;
  }
  Result<Dataset> ExportDataset() override { return dataset_.Export(); }
  Result<std::optional<PartnerOfRecord>> FindPartnerOfRecord(const Guid& subscription_id) override {
    return dpor_.FindPartnerOfRecord(subscription_id);
  }
  Result<void> SetPartnerOfRecord(const Guid& subscription_id, const std::string& partner_id,
                                  const PrincipalKey& actor) override {
    return dpor_.SetPartnerOfRecord(subscription_id, partner_id, actor, clock_.Now());
  }
  Result<void> EndPartnerOfRecord(const Guid& subscription_id, const PrincipalKey& actor,
                                  std::string_view reason) override {
    return dpor_.EndPartnerOfRecord(subscription_id, actor, reason, clock_.Now());
  }
  Result<std::vector<PartnerOfRecord>> ListPartnerOfRecordHistory() override {
    return dpor_.ListPartnerOfRecordHistory();
  }
  Result<void> CreateRegistrationDefinition(const RegistrationDefinition& definition) override {
    return delegation_.CreateRegistrationDefinition(definition);
  }
  Result<std::optional<RegistrationDefinition>> FindRegistrationDefinition(
      const Guid& customer_tenant_id, const Guid& id) override {
    return delegation_.FindRegistrationDefinition(customer_tenant_id, id);
  }
  Result<std::vector<RegistrationDefinition>> ListRegistrationDefinitions(
      const Guid& customer_tenant_id) override {
    return delegation_.ListRegistrationDefinitions(customer_tenant_id);
  }
  Result<void> DeleteRegistrationDefinition(const Guid& customer_tenant_id,
                                            const Guid& id) override {
    return delegation_.DeleteRegistrationDefinition(customer_tenant_id, id);
  }
  Result<void> CreateRegistrationAssignment(const RegistrationAssignment& assignment) override {
    return delegation_.CreateRegistrationAssignment(assignment);
  }
  Result<std::optional<RegistrationAssignment>> FindRegistrationAssignment(
      const Guid& customer_tenant_id, const Guid& id) override {
    return delegation_.FindRegistrationAssignment(customer_tenant_id, id);
  }
  Result<std::vector<RegistrationAssignment>> ListRegistrationAssignments(
      const Guid& customer_tenant_id) override {
    return delegation_.ListRegistrationAssignments(customer_tenant_id);
  }
  Result<std::vector<DelegatedGrant>> ListDelegatedGrants(const PrincipalKey& principal) override {
    return delegation_.ListDelegatedGrants(principal);
  }
  Result<void> DeleteRegistrationAssignment(const Guid& customer_tenant_id, const Guid& id,
                                            const PrincipalKey& actor) override {
    return delegation_.DeleteRegistrationAssignment(customer_tenant_id, id, actor, clock_.Now());
  }

  Result<void> UpdateManagementGroup(const ManagementGroup& group) override {
    return scope_.UpdateManagementGroup(group);
  }
  Result<void> DeleteManagementGroup(const Guid& tenant_id, const std::string& group_id,
                                     const PrincipalKey& actor) override {
    return scope_.DeleteManagementGroup(tenant_id, group_id, actor, clock_.Now());
  }
  Result<void> MigrateSubscriptionToAzurePlan(const Guid& subscription_id,
                                              const PrincipalKey& actor) override {
    return scope_.MigrateSubscriptionToAzurePlan(subscription_id, actor, clock_.Now());
  }
  Result<void> UpdateSubscription(const Subscription& subscription,
                                  const PrincipalKey& actor) override {
    return scope_.UpdateSubscription(subscription, actor, clock_.Now());
  }
  Result<void> MoveSubscription(const Guid& subscription_id, const std::string& parent_group_id,
                                const PrincipalKey& actor) override {
    return scope_.MoveSubscription(subscription_id, parent_group_id, actor, clock_.Now());
  }
  Result<void> CreateResourceGroup(const ResourceGroup& group) override {
    return scope_.CreateResourceGroup(group);
  }
  Result<std::vector<ResourceGroup>> ListResourceGroups(const Guid& subscription_id) override {
    return scope_.ListResourceGroups(subscription_id);
  }
  Result<void> UpdateResourceGroupTags(const Guid& subscription_id, const std::string& name,
                                       const std::string& tags_json) override {
    return scope_.UpdateResourceGroupTags(subscription_id, name, tags_json);
  }
  Result<void> DeleteResourceGroup(const Guid& subscription_id, const std::string& name,
                                   const PrincipalKey& actor) override {
    return scope_.DeleteResourceGroup(subscription_id, name, actor, clock_.Now());
  }
  Result<void> CreateRoleAssignment(const RoleAssignment& assignment) override {
    return scope_.CreateRoleAssignment(assignment);
  }
  Result<void> DeleteRoleAssignment(const Guid& name, const PrincipalKey& actor) override {
    return scope_.DeleteRoleAssignment(name, actor, clock_.Now());
  }
  Result<std::optional<RoleAssignment>> FindRoleAssignment(const Guid& name) override {
    return scope_.FindRoleAssignment(name);
  }
  Result<std::vector<RoleAssignment>> ListRoleAssignments(
      const std::optional<Guid>& subscription_id) override {
    return scope_.ListRoleAssignments(subscription_id);
  }
  Result<void> UpdateRoleAssignment(const RoleAssignment& assignment) override {
    return scope_.UpdateRoleAssignment(assignment);
  }
  Result<std::vector<RoleAssignment>> ListRoleAssignmentsOfPrincipal(
      const PrincipalKey& principal) override {
    return scope_.ListRoleAssignmentsOfPrincipal(principal);
  }
  Result<std::vector<RoleAssignment>> ListRoleAssignmentsInTenant(const Guid& tenant_id) override {
    return scope_.ListRoleAssignmentsInTenant(tenant_id);
  }
  Result<void> CreateResource(const Resource& resource) override {
    return scope_.CreateResource(resource);
  }
  Result<std::optional<Resource>> FindResource(const ResourceId& id) override {
    return scope_.FindResource(id);
  }
  Result<std::vector<Resource>> ListResources(const Guid& subscription_id) override {
    return scope_.ListResources(subscription_id);
  }

  std::optional<ManagementPartnerLink> FindLink(const PrincipalKey& owner) override {
    if (!shared_) return index_.Find(owner);
    // Another node may have written it: read the committed row. If the database cannot be
    // reached, answer with what this node last knew rather than fail the read.
    auto row = pool_.QueryOne<ManagementPartnerLink>(
        FindLinkSql(),
        [&](SqlStatement& s) {
          s.Bind(1, owner.tenant_id.ToString()).Bind(2, owner.object_id.ToString());
        },
        LinkFromRow);
    if (!row.ok()) return index_.Find(owner);
    if (*row) index_.Put(**row);
    return *row;
  }

  void WriteLink(const PrincipalKey& owner, const PrincipalKey& actor, const LinkCommand& command,
                 LinkWriteDone done) override {
    if (!writer_) {
      done(Error::Internal("this store was opened without a link writer"));
      return;
    }
    writer_->Submit(owner, actor, command, std::move(done));
  }

  Result<std::vector<LinkHistoryEntry>> ListLinkHistory(
      const std::optional<PrincipalKey>& owner) override {
    std::string sql =
        "SELECT seq, tenant_id, object_id, version, action, actor_tenant_id, actor_object_id, "
        "old_partner_id, new_partner_id, old_state, new_state, valid_from, valid_to "
        "FROM partner_link_history";
    if (owner) sql += " WHERE tenant_id = ?1 AND object_id = ?2";
    sql += " ORDER BY seq";
    return pool_.QueryAll<LinkHistoryEntry>(
        sql,
        [&](SqlStatement& s) {
          if (owner) s.Bind(1, owner->tenant_id.ToString()).Bind(2, owner->object_id.ToString());
        },
        [](const SqlStatement& row) {
          LinkHistoryEntry e;
          e.sequence = row.ColumnInt(0);
          e.owner = {row.ColumnGuid(1), row.ColumnGuid(2)};
          e.version = row.ColumnInt(3);
          e.action = ParseLinkAction(row.ColumnText(4));
          e.actor = {row.ColumnGuid(5), row.ColumnGuid(6)};
          e.old_partner_id = row.ColumnOptionalText(7);
          e.new_partner_id = row.ColumnText(8);
          if (auto old_state = row.ColumnOptionalText(9)) e.old_state = ParseLinkState(*old_state);
          e.new_state = ParseLinkState(row.ColumnText(10));
          e.valid_from = row.ColumnInt(11);
          if (auto to = row.ColumnOptionalText(12)) e.valid_to = row.ColumnInt(12);
          return e;
        });
  }

 private:
  static Tenant TenantFromRow(const SqlStatement& row) {
    return Tenant{row.ColumnGuid(0), row.ColumnText(1), row.ColumnInt(2)};
  }

  Result<void> LoadLinkIndex(SqlConnection& connection) {
    auto statement = SqlStatement::Prepare(connection, SelectLinksSql(""));
    if (!statement.ok()) return statement.error();
    for (;;) {
      auto row = statement->Step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      index_.Put(LinkFromRow(*statement));
    }
    return {};
  }

  const Clock& clock_;
  const bool shared_;
  LinkIndex index_;
  SqlConnectionPool pool_;
  SqlScopeStore scope_{pool_};
  SqlDatasetStore dataset_{pool_};
  SqlDelegationStore delegation_{pool_};
  SqlDporStore dpor_{pool_};
  SqlPartnerRoleStore partner_roles_{pool_};
  SqlPowerPlatformStore power_platform_{pool_};
  std::unique_ptr<GroupCommitLinkWriter> writer_;
};

std::atomic<int> in_memory_counter{0};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options,
                                               const Clock& clock) {
  std::string uri = options.path;
  if (options.in_memory) {
    // The memdb VFS shares one in-memory database between this process's connections.
    uri = fmt::format("file:/pal-memory-{}-{}?vfs=memdb", reinterpret_cast<std::uintptr_t>(&clock),
                      in_memory_counter.fetch_add(1));
  }
  if (!options.in_memory && !options.path.starts_with("file:")) {
    // The database holds secret hashes: only its owner may read it. SQLite gives its -wal and
    // -shm files the database's mode, so creating it 0600 (and tightening an older one) covers
    // all three, whatever the umask or the data directory's mode.
    const int fd = ::open(options.path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Error::Internal(
          fmt::format("cannot open database '{}': {}", options.path, std::strerror(errno)));
    }
    struct stat st {};
    const bool loose = ::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0;
    if (loose) (void)::fchmod(fd, 0600);
    ::close(fd);
  }
  auto store = std::make_unique<SqlStore>([uri] { return OpenSqliteConnection(uri); }, clock,
                                          /*shared=*/false);
  auto opened = store->Open(options.enable_link_writer);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> OpenPostgresqlStore(const PostgresqlStoreOptions& options,
                                                   const Clock& clock) {
  const std::string url = options.url;
  auto store = std::make_unique<SqlStore>([url] { return OpenPostgresqlConnection(url); }, clock,
                                          /*shared=*/true);
  auto opened = store->Open(options.enable_link_writer);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace pal::store
