#include "store/sql_power_platform_store.h"

#include <fmt/format.h>

#include "store/sql_power_platform_rows.h"

// Every statement names the tenant beside the environment name or resource id: the keys are
// (tenant_id, name) and (tenant_id, resource_id), so one tenant's names never find, conflict
// with or change another tenant's.
namespace pal::store {

Result<void> SqlPowerPlatformStore::CreateEnvironment(const PowerPlatformEnvironment& environment) {
  const Error taken =
      Error::Conflict("EnvironmentNameUnavailable",
                      fmt::format("The environment name '{}' is already in use; choose another.",
                                  environment.name));
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(auto tenant,
                         pp::QueryText(c, "SELECT tenant_id FROM tenants WHERE tenant_id = ?1",
                                       {environment.tenant_id.ToString()}));
    if (!tenant) {
      return Error::NotFound("TenantNotFound", fmt::format("Tenant '{}' does not exist.",
                                                           environment.tenant_id.ToString()));
    }
    if (auto inserted = pp::InsertEnvironment(c, environment, taken); !inserted.ok())
      return inserted;
    return SqlConnectionPool::RunOn(
        c,
        "INSERT INTO pp_environment_members(tenant_id, environment, object_id, role, added_at) "
        "VALUES (?1, ?2, ?3, "
        "'EnvironmentAdmin', ?4)",
        [&](SqlStatement& s) {
          s.Bind(1, environment.tenant_id.ToString())
              .Bind(2, environment.name)
              .Bind(3, environment.created_by.object_id.ToString())
              .Bind(4, environment.created_at);
        },
        taken);
  });
}

Result<std::optional<PowerPlatformEnvironment>> SqlPowerPlatformStore::FindEnvironment(
    const Guid& tenant_id, const std::string& name) {
  return pool_.QueryOne<PowerPlatformEnvironment>(
      fmt::format("SELECT {} FROM pp_environments WHERE tenant_id = ?1 AND name = ?2",
                  pp::kEnvironmentColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, name); },
      pp::EnvironmentFromRow);
}

Result<std::vector<PowerPlatformEnvironment>> SqlPowerPlatformStore::ListEnvironments(
    const Guid& tenant_id) {
  return pool_.QueryAll<PowerPlatformEnvironment>(
      fmt::format("SELECT {} FROM pp_environments WHERE tenant_id = ?1 ORDER BY name",
                  pp::kEnvironmentColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, pp::EnvironmentFromRow);
}

Result<void> SqlPowerPlatformStore::UpdateEnvironment(const PowerPlatformEnvironment& environment) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        c,
        "UPDATE pp_environments SET display_name = ?2, type = ?3, paid = ?4 WHERE tenant_id = ?5 "
        "AND name = ?1",
        [&](SqlStatement& s) {
          s.Bind(1, environment.name)
              .Bind(2, environment.display_name)
              .Bind(3, EnvironmentTypeName(environment.type))
              .Bind(4, std::int64_t{environment.paid ? 1 : 0})
              .Bind(5, environment.tenant_id.ToString());
        },
        pp::ConcurrentChange());
    if (!updated.ok()) return updated;
    if (c.Changes() == 0) return pp::EnvironmentNotFound(environment.name);
    return {};
  });
}

Result<void> SqlPowerPlatformStore::DeleteEnvironment(const Guid& tenant_id,
                                                      const std::string& name) {
  const std::string tenant = tenant_id.ToString();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(auto resource, pp::QueryText(c,
                                                      "SELECT resource_id FROM pp_resources WHERE "
                                                      "tenant_id = ?1 AND environment = ?2 LIMIT 1",
                                                      {tenant, name}));
    if (resource) {
      return Error::Conflict(
          "EnvironmentNotEmpty",
          fmt::format("The environment '{}' still holds resources (such as '{}'); delete "
                      "them first.",
                      name, *resource));
    }
    auto members = SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_environment_members WHERE tenant_id = ?1 AND environment = ?2",
        [&](SqlStatement& s) { s.Bind(1, tenant).Bind(2, name); }, pp::ConcurrentChange());
    if (!members.ok()) return members;
    auto deleted = SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_environments WHERE tenant_id = ?1 AND name = ?2",
        [&](SqlStatement& s) { s.Bind(1, tenant).Bind(2, name); }, pp::ConcurrentChange());
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return pp::EnvironmentNotFound(name);
    return {};
  });
}

Result<void> SqlPowerPlatformStore::SetEnvironmentMember(const EnvironmentMember& member) {
  const std::string tenant = member.tenant_id.ToString();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(auto env, pp::EnvironmentExists(c, member.tenant_id, member.environment));
    if (!env) return pp::EnvironmentNotFound(member.environment);
    if (member.role == EnvironmentRole::kMaker) {
      PAL_ASSIGN_OR_RETURN(
          auto others,
          pp::QueryText(c,
                        "SELECT count(*) FROM pp_environment_members WHERE tenant_id = ?1 AND "
                        "environment = ?2 AND role = 'EnvironmentAdmin' AND object_id <> ?3",
                        {tenant, member.environment, member.object_id.ToString()}));
      PAL_ASSIGN_OR_RETURN(
          auto self,
          pp::QueryText(
              c,
              "SELECT role FROM pp_environment_members WHERE tenant_id = ?1 AND environment = ?2 "
              "AND object_id = ?3",
              {tenant, member.environment, member.object_id.ToString()}));
      if (self && *self == "EnvironmentAdmin" && others && *others == "0") {
        return Error::Conflict(
            "LastEnvironmentAdmin",
            fmt::format("'{}' is the only admin of environment '{}'; make another principal "
                        "admin first.",
                        member.object_id.ToString(), member.environment));
      }
    }
    return SqlConnectionPool::RunOn(
        c,
        "INSERT INTO pp_environment_members(tenant_id, environment, object_id, role, added_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(tenant_id, environment, object_id) DO UPDATE SET role = excluded.role",
        [&](SqlStatement& s) {
          s.Bind(1, tenant)
              .Bind(2, member.environment)
              .Bind(3, member.object_id.ToString())
              .Bind(4, EnvironmentRoleName(member.role))
              .Bind(5, member.added_at);
        },
        pp::ConcurrentChange());
  });
}

Result<void> SqlPowerPlatformStore::RemoveEnvironmentMember(const Guid& tenant_id,
                                                            const std::string& environment,
                                                            const Guid& object_id) {
  const std::string tenant = tenant_id.ToString();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto role = pp::QueryText(
        c,
        "SELECT role FROM pp_environment_members WHERE tenant_id = ?1 AND environment = ?2 AND "
        "object_id = ?3",
        {tenant, environment, object_id.ToString()});
    if (!role.ok()) return role.error();
    if (!*role) {
      return Error::NotFound("MemberNotFound",
                             fmt::format("'{}' is not a member of environment '{}'.",
                                         object_id.ToString(), environment));
    }
    if (**role == "EnvironmentAdmin") {
      PAL_ASSIGN_OR_RETURN(
          auto admins,
          pp::QueryText(c,
                        "SELECT count(*) FROM pp_environment_members WHERE tenant_id = ?1 AND "
                        "environment = ?2 AND role = 'EnvironmentAdmin'",
                        {tenant, environment}));
      if (admins && *admins == "1") {
        return Error::Conflict(
            "LastEnvironmentAdmin",
            fmt::format("'{}' is the only admin of environment '{}'; make another principal "
                        "admin first.",
                        object_id.ToString(), environment));
      }
    }
    return SqlConnectionPool::RunOn(
        c,
        "DELETE FROM pp_environment_members WHERE tenant_id = ?1 AND environment = ?2 AND "
        "object_id = ?3",
        [&](SqlStatement& s) {
          s.Bind(1, tenant).Bind(2, environment).Bind(3, object_id.ToString());
        },
        pp::ConcurrentChange());
  });
}

Result<std::vector<EnvironmentMember>> SqlPowerPlatformStore::ListEnvironmentMembers(
    const Guid& tenant_id, const std::string& environment) {
  return pool_.QueryAll<EnvironmentMember>(
      "SELECT tenant_id, environment, object_id, role, added_at FROM pp_environment_members WHERE "
      "tenant_id = ?1 "
      "AND environment = ?2 ORDER BY added_at, object_id",
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, environment); },
      [](const SqlStatement& r) {
        return EnvironmentMember{
            r.ColumnGuid(0), r.ColumnText(1), r.ColumnGuid(2),
            ParseEnvironmentRole(r.ColumnText(3)).value_or(EnvironmentRole::kMaker),
            r.ColumnInt(4)};
      });
}

Result<PowerPlatformResourceRecord> SqlPowerPlatformStore::CreatePowerPlatformResource(
    const PowerPlatformResourceRecord& record, const PrincipalKey& actor,
    std::string_view channel) {
  PowerPlatformResourceRecord resource = record;
  resource.created_at = clock_.Now();
  const Error exists = Error::Conflict(
      "ResourceExists", fmt::format("The resource '{}' already exists.", resource.resource_id));
  PAL_TRY(pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(const bool env,
                         pp::EnvironmentExists(c, resource.tenant_id, resource.environment));
    if (!env) return pp::EnvironmentNotFound(resource.environment);
    PAL_TRY(pp::InsertResource(c, resource, exists));
    if (!resource.owner) return {};
    return pp::OpenInterval(c, resource.tenant_id, resource.resource_id, *resource.owner,
                            OwnershipRole::kOwner, channel, actor, resource.created_at);
  }));
  return resource;
}

Result<std::optional<PowerPlatformResourceRecord>> SqlPowerPlatformStore::FindPowerPlatformResource(
    const Guid& tenant_id, const std::string& resource_id) {
  return pool_.QueryOne<PowerPlatformResourceRecord>(
      fmt::format("{} WHERE r.tenant_id = ?1 AND r.resource_id = ?2", pp::kResourceSelect),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, resource_id); },
      pp::ResourceFromRow);
}

Result<std::vector<PowerPlatformResourceRecord>> SqlPowerPlatformStore::ListPowerPlatformResources(
    const Guid& tenant_id, const std::string& environment) {
  return pool_.QueryAll<PowerPlatformResourceRecord>(
      fmt::format("{} WHERE r.tenant_id = ?1 AND r.environment = ?2 ORDER BY r.product, r.name",
                  pp::kResourceSelect),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, environment); },
      pp::ResourceFromRow);
}

Result<void> SqlPowerPlatformStore::RenamePowerPlatformResource(const Guid& tenant_id,
                                                                const std::string& resource_id,
                                                                const std::string& display_name) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        c, "UPDATE pp_resources SET display_name = ?2 WHERE tenant_id = ?3 AND resource_id = ?1",
        [&](SqlStatement& s) {
          s.Bind(1, resource_id).Bind(2, display_name).Bind(3, tenant_id.ToString());
        },
        pp::ConcurrentChange());
    if (!updated.ok()) return updated;
    if (c.Changes() == 0) return pp::ResourceNotFound(resource_id);
    return {};
  });
}

Result<void> SqlPowerPlatformStore::DeletePowerPlatformResource(const Guid& tenant_id,
                                                                const std::string& resource_id,
                                                                const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto deleted = SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_resources WHERE tenant_id = ?1 AND resource_id = ?2",
        [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, resource_id); },
        pp::ConcurrentChange());
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return pp::ResourceNotFound(resource_id);
    for (auto role : {OwnershipRole::kOwner, OwnershipRole::kCoOwner}) {
      if (auto closed =
              pp::CloseIntervals(c, tenant_id, resource_id, role, std::nullopt, actor, now);
          !closed.ok()) {
        return closed;
      }
    }
    return {};
  });
}

Result<void> SqlPowerPlatformStore::SetPowerPlatformOwner(const Guid& tenant_id,
                                                          const std::string& resource_id,
                                                          const Guid& owner,
                                                          const PrincipalKey& actor,
                                                          std::string_view channel) {
  const Timestamp now = clock_.Now();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(auto exists, pp::ResourceExists(c, tenant_id, resource_id));
    if (!exists) return pp::ResourceNotFound(resource_id);
    return pp::MoveOwnership(c, tenant_id, resource_id, owner, actor, channel, now);
  });
}

Result<void> SqlPowerPlatformStore::AddPowerPlatformCoOwner(const Guid& tenant_id,
                                                            const std::string& resource_id,
                                                            const Guid& co_owner,
                                                            const PrincipalKey& actor,
                                                            std::string_view channel) {
  const Timestamp now = clock_.Now();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(auto exists, pp::ResourceExists(c, tenant_id, resource_id));
    if (!exists) return pp::ResourceNotFound(resource_id);
    PAL_ASSIGN_OR_RETURN(
        auto role,
        pp::QueryText(
            c,
            "SELECT role FROM pp_ownership_history WHERE tenant_id = ?1 AND resource_id = ?2 AND "
            "principal_id = ?3 AND valid_to IS NULL",
            {tenant_id.ToString(), resource_id, co_owner.ToString()}));
    if (role && *role == "Owner") {
      return Error::Conflict("AlreadyOwner",
                             fmt::format("'{}' owns '{}'; an owner is not also a co-owner.",
                                         co_owner.ToString(), resource_id));
    }
    if (role) return {};
    return pp::OpenInterval(c, tenant_id, resource_id, co_owner, OwnershipRole::kCoOwner, channel,
                            actor, now);
  });
}

Result<void> SqlPowerPlatformStore::RemovePowerPlatformCoOwner(const Guid& tenant_id,
                                                               const std::string& resource_id,
                                                               const Guid& co_owner,
                                                               const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto closed = pp::CloseIntervals(c, tenant_id, resource_id, OwnershipRole::kCoOwner, co_owner,
                                     actor, now);
    if (!closed.ok()) return closed;
    if (c.Changes() == 0) {
      return Error::NotFound("CoOwnerNotFound", fmt::format("'{}' is not a co-owner of '{}'.",
                                                            co_owner.ToString(), resource_id));
    }
    return {};
  });
}

Result<std::vector<OwnershipHistoryEntry>> SqlPowerPlatformStore::ListOwnershipHistory(
    const Guid& tenant_id, const std::string& resource_id) {
  return pool_.QueryAll<OwnershipHistoryEntry>(
      "SELECT resource_id, principal_id, role, valid_from, valid_to, channel, actor_tenant_id, "
      "actor_object_id "
      "FROM pp_ownership_history WHERE tenant_id = ?2 AND (?1 = '' OR resource_id = ?1) ORDER BY "
      "seq",
      [&](SqlStatement& s) { s.Bind(1, resource_id).Bind(2, tenant_id.ToString()); },
      [](const SqlStatement& r) {
        OwnershipHistoryEntry e;
        e.resource_id = r.ColumnText(0);
        e.principal = r.ColumnGuid(1);
        e.role = r.ColumnText(2) == "Owner" ? OwnershipRole::kOwner : OwnershipRole::kCoOwner;
        e.valid_from = r.ColumnInt(3);
        e.valid_to = r.ColumnOptionalInt(4);
        e.channel = r.ColumnText(5);
        e.actor = {r.ColumnGuid(6), r.ColumnGuid(7)};
        return e;
      });
}

Result<SolutionImport> SqlPowerPlatformStore::ImportSolution(const std::string& environment,
                                                             const Solution& solution,
                                                             const PrincipalKey& importer) {
  const Timestamp now = clock_.Now();
  constexpr std::string_view kChannel = "solution-import";
  const Guid& tenant_id = importer.tenant_id;
  // A refusal rolls the transaction back (nothing was written yet, but no partial import can
  // ever be committed) and is reported in the result rather than as an error.
  const Error refused = Error::Forbidden("SolutionImportRefused", "");
  SolutionImport outcome;
  std::vector<std::string> ids;
  auto imported = pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(
        auto env,
        pp::QueryText(c, "SELECT name FROM pp_environments WHERE tenant_id = ?1 AND name = ?2",
                      {tenant_id.ToString(), environment}));
    if (!env) return pp::EnvironmentNotFound(environment);
    // The importer's rights as they are now, under the write lock: a membership or an owner
    // changed since the caller looked counts.
    PAL_ASSIGN_OR_RETURN(
        auto role,
        pp::QueryText(
            c,
            "SELECT role FROM pp_environment_members WHERE tenant_id = ?1 AND environment = ?2 AND "
            "object_id = ?3",
            {tenant_id.ToString(), environment, importer.object_id.ToString()}));
    if (!role) {
      outcome.refusal = SolutionImport::Refusal::kNotMaker;
      return refused;
    }
    const bool admin = ParseEnvironmentRole(*role) == EnvironmentRole::kAdmin;
    for (size_t i = 0; i < solution.components.size() && !admin; ++i) {
      const auto& component = solution.components[i];
      const std::string id = PowerPlatformResourceId(*env, component.product, component.name);
      PAL_ASSIGN_OR_RETURN(auto exists, pp::ResourceExists(c, tenant_id, id));
      if (!exists) continue;
      PAL_ASSIGN_OR_RETURN(auto owner, pp::OwnerOf(c, tenant_id, id));
      if (owner != importer.object_id) {
        outcome.refusal = SolutionImport::Refusal::kNotOwner;
        outcome.component = i;
        return refused;
      }
    }
    for (const auto& component : solution.components) {
      PowerPlatformResourceRecord r;
      r.resource_id = PowerPlatformResourceId(*env, component.product, component.name);
      r.environment = *env;
      r.tenant_id = tenant_id;
      r.product = component.product;
      r.name = component.name;
      r.display_name = component.display_name.empty() ? component.name : component.display_name;
      r.created_by = importer;
      r.created_at = now;
      r.solution = solution.name;
      ids.push_back(r.resource_id);
      PAL_ASSIGN_OR_RETURN(auto exists, pp::ResourceExists(c, tenant_id, r.resource_id));
      if (!exists) {
        if (auto inserted = pp::InsertResource(c, r, pp::ConcurrentChange()); !inserted.ok())
          return inserted;
        if (auto opened = pp::OpenInterval(c, tenant_id, r.resource_id, importer.object_id,
                                           OwnershipRole::kOwner, kChannel, importer, now);
            !opened.ok()) {
          return opened;
        }
        continue;
      }
      auto updated = SqlConnectionPool::RunOn(
          c,
          "UPDATE pp_resources SET display_name = ?2, solution = ?3 WHERE tenant_id = ?4 AND "
          "resource_id = ?1",
          [&](SqlStatement& s) {
            s.Bind(1, r.resource_id)
                .Bind(2, r.display_name)
                .Bind(3, solution.name)
                .Bind(4, tenant_id.ToString());
          },
          pp::ConcurrentChange());
      if (!updated.ok()) return updated;
      if (auto moved = pp::MoveOwnership(c, tenant_id, r.resource_id, importer.object_id, importer,
                                         kChannel, now);
          !moved.ok()) {
        return moved;
      }
    }
    return {};
  });
  if (outcome.refusal != SolutionImport::Refusal::kNone) return outcome;
  if (!imported.ok()) return imported.error();
  for (const auto& id : ids) {
    PAL_ASSIGN_OR_RETURN(auto found, FindPowerPlatformResource(tenant_id, id));
    if (found) outcome.components.push_back(std::move(*found));
  }
  return outcome;
}

}  // namespace pal::store
