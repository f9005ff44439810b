#include "store/sql_power_platform_store.h"

#include <fmt/format.h>

#include "store/sql_power_platform_rows.h"

namespace pal::store {

Result<void> SqlPowerPlatformStore::CreateEnvironment(const PowerPlatformEnvironment& environment) {
  const Error taken = Error::Conflict(
      "EnvironmentNameUnavailable",
      fmt::format("The environment name '{}' is already in use; choose another.", environment.name));
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto tenant = pp::QueryText(c, "SELECT tenant_id FROM tenants WHERE tenant_id = ?1", environment.tenant_id.ToString());
    if (!tenant.ok()) return tenant.error();
    if (!*tenant) {
      return Error::NotFound("TenantNotFound",
                             fmt::format("Tenant '{}' does not exist.", environment.tenant_id.ToString()));
    }
    if (auto inserted = pp::InsertEnvironment(c, environment, taken); !inserted.ok()) return inserted;
    return SqlConnectionPool::RunOn(
        c,
        "INSERT INTO pp_environment_members(environment, object_id, role, added_at) VALUES (?1, ?2, "
        "'EnvironmentAdmin', ?3)",
        [&](SqlStatement& s) {
          s.Bind(1, environment.name).Bind(2, environment.created_by.object_id.ToString()).Bind(3, environment.created_at);
        },
        taken);
  });
}

Result<std::optional<PowerPlatformEnvironment>> SqlPowerPlatformStore::FindEnvironment(const std::string& name) {
  return pool_.QueryOne<PowerPlatformEnvironment>(
      fmt::format("SELECT {} FROM pp_environments WHERE name = ?1", pp::kEnvironmentColumns),
      [&](SqlStatement& s) { s.Bind(1, name); }, pp::EnvironmentFromRow);
}

Result<std::vector<PowerPlatformEnvironment>> SqlPowerPlatformStore::ListEnvironments(const Guid& tenant_id) {
  return pool_.QueryAll<PowerPlatformEnvironment>(
      fmt::format("SELECT {} FROM pp_environments WHERE tenant_id = ?1 ORDER BY name", pp::kEnvironmentColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, pp::EnvironmentFromRow);
}

Result<void> SqlPowerPlatformStore::UpdateEnvironment(const PowerPlatformEnvironment& environment) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        c, "UPDATE pp_environments SET display_name = ?2, type = ?3, paid = ?4 WHERE name = ?1",
        [&](SqlStatement& s) {
          s.Bind(1, environment.name)
              .Bind(2, environment.display_name)
              .Bind(3, environment.type)
              .Bind(4, std::int64_t{environment.paid ? 1 : 0});
        },
        pp::ConcurrentChange());
    if (!updated.ok()) return updated;
    if (c.Changes() == 0) return pp::EnvironmentNotFound(environment.name);
    return {};
  });
}

Result<void> SqlPowerPlatformStore::DeleteEnvironment(const std::string& name) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto resource = pp::QueryText(c, "SELECT resource_id FROM pp_resources WHERE environment = ?1 LIMIT 1", name);
    if (!resource.ok()) return resource.error();
    if (*resource) {
      return Error::Conflict("EnvironmentNotEmpty",
                             fmt::format("The environment '{}' still holds resources (such as '{}'); delete "
                                         "them first.",
                                         name, **resource));
    }
    auto members = SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_environment_members WHERE environment = ?1",
        [&](SqlStatement& s) { s.Bind(1, name); }, pp::ConcurrentChange());
    if (!members.ok()) return members;
    auto deleted = SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_environments WHERE name = ?1", [&](SqlStatement& s) { s.Bind(1, name); },
        pp::ConcurrentChange());
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return pp::EnvironmentNotFound(name);
    return {};
  });
}

Result<void> SqlPowerPlatformStore::SetEnvironmentMember(const EnvironmentMember& member) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto env = pp::QueryText(c, "SELECT name FROM pp_environments WHERE name = ?1", member.environment);
    if (!env.ok()) return env.error();
    if (!*env) return pp::EnvironmentNotFound(member.environment);
    if (member.role == EnvironmentRole::kMaker) {
      auto others = pp::QueryText(c,
                              "SELECT count(*) FROM pp_environment_members WHERE environment = ?1 AND "
                              "role = 'EnvironmentAdmin' AND object_id <> ?2",
                              member.environment, member.object_id.ToString());
      if (!others.ok()) return others.error();
      auto self = pp::QueryText(c,
                            "SELECT role FROM pp_environment_members WHERE environment = ?1 AND object_id = ?2",
                            member.environment, member.object_id.ToString());
      if (!self.ok()) return self.error();
      if (*self && **self == "EnvironmentAdmin" && *others && **others == "0") {
        return Error::Conflict("LastEnvironmentAdmin",
                               fmt::format("'{}' is the only admin of environment '{}'; make another principal "
                                           "admin first.",
                                           member.object_id.ToString(), member.environment));
      }
    }
    return SqlConnectionPool::RunOn(
        c,
        "INSERT INTO pp_environment_members(environment, object_id, role, added_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(environment, object_id) DO UPDATE SET role = excluded.role",
        [&](SqlStatement& s) {
          s.Bind(1, member.environment)
              .Bind(2, member.object_id.ToString())
              .Bind(3, EnvironmentRoleName(member.role))
              .Bind(4, member.added_at);
        },
        pp::ConcurrentChange());
  });
}

Result<void> SqlPowerPlatformStore::RemoveEnvironmentMember(const std::string& environment, const Guid& object_id) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto role = pp::QueryText(c, "SELECT role FROM pp_environment_members WHERE environment = ?1 AND object_id = ?2",
                          environment, object_id.ToString());
    if (!role.ok()) return role.error();
    if (!*role) {
      return Error::NotFound("MemberNotFound", fmt::format("'{}' is not a member of environment '{}'.",
                                                           object_id.ToString(), environment));
    }
    if (**role == "EnvironmentAdmin") {
      auto admins = pp::QueryText(c,
                              "SELECT count(*) FROM pp_environment_members WHERE environment = ?1 AND "
                              "role = 'EnvironmentAdmin'",
                              environment);
      if (!admins.ok()) return admins.error();
      if (*admins && **admins == "1") {
        return Error::Conflict("LastEnvironmentAdmin",
                               fmt::format("'{}' is the only admin of environment '{}'; make another principal "
                                           "admin first.",
                                           object_id.ToString(), environment));
      }
    }
    return SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_environment_members WHERE environment = ?1 AND object_id = ?2",
        [&](SqlStatement& s) { s.Bind(1, environment).Bind(2, object_id.ToString()); }, pp::ConcurrentChange());
  });
}

Result<std::vector<EnvironmentMember>> SqlPowerPlatformStore::ListEnvironmentMembers(
    const std::string& environment) {
  return pool_.QueryAll<EnvironmentMember>(
      "SELECT environment, object_id, role, added_at FROM pp_environment_members WHERE environment = ?1 "
      "ORDER BY added_at, object_id",
      [&](SqlStatement& s) { s.Bind(1, environment); },
      [](const SqlStatement& r) {
        return EnvironmentMember{r.ColumnText(0), r.ColumnGuid(1),
                                 ParseEnvironmentRole(r.ColumnText(2)).value_or(EnvironmentRole::kMaker),
                                 r.ColumnInt(3)};
      });
}

Result<void> SqlPowerPlatformStore::CreateResource(const PowerPlatformResourceRecord& resource,
                                                      const PrincipalKey& actor, std::string_view channel) {
  const Error exists =
      Error::Conflict("ResourceExists", fmt::format("The resource '{}' already exists.", resource.resource_id));
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto env = pp::QueryText(c, "SELECT name FROM pp_environments WHERE name = ?1", resource.environment);
    if (!env.ok()) return env.error();
    if (!*env) return pp::EnvironmentNotFound(resource.environment);
    if (auto inserted = pp::InsertResource(c, resource, exists); !inserted.ok()) return inserted;
    if (!resource.owner) return {};
    return pp::OpenInterval(c, resource.resource_id, *resource.owner, OwnershipRole::kOwner, channel, actor,
                        resource.created_at);
  });
}

Result<std::optional<PowerPlatformResourceRecord>> SqlPowerPlatformStore::FindResource(
    const std::string& resource_id) {
  return pool_.QueryOne<PowerPlatformResourceRecord>(
      fmt::format("{} WHERE r.resource_id = ?1", pp::kResourceSelect),
      [&](SqlStatement& s) { s.Bind(1, resource_id); }, pp::ResourceFromRow);
}

Result<std::vector<PowerPlatformResourceRecord>> SqlPowerPlatformStore::ListResources(
    const std::string& environment) {
  return pool_.QueryAll<PowerPlatformResourceRecord>(
      fmt::format("{} WHERE r.environment = ?1 ORDER BY r.product, r.name", pp::kResourceSelect),
      [&](SqlStatement& s) { s.Bind(1, environment); }, pp::ResourceFromRow);
}

Result<void> SqlPowerPlatformStore::RenameResource(const std::string& resource_id,
                                                      const std::string& display_name) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        c, "UPDATE pp_resources SET display_name = ?2 WHERE resource_id = ?1",
        [&](SqlStatement& s) { s.Bind(1, resource_id).Bind(2, display_name); }, pp::ConcurrentChange());
    if (!updated.ok()) return updated;
    if (c.Changes() == 0) return pp::ResourceNotFound(resource_id);
    return {};
  });
}

Result<void> SqlPowerPlatformStore::DeleteResource(const std::string& resource_id, const PrincipalKey& actor,
                                                      Timestamp now) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto deleted = SqlConnectionPool::RunOn(
        c, "DELETE FROM pp_resources WHERE resource_id = ?1", [&](SqlStatement& s) { s.Bind(1, resource_id); },
        pp::ConcurrentChange());
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return pp::ResourceNotFound(resource_id);
    for (auto role : {OwnershipRole::kOwner, OwnershipRole::kCoOwner}) {
      if (auto closed = pp::CloseIntervals(c, resource_id, role, std::nullopt, actor, now); !closed.ok()) return closed;
    }
    return {};
  });
}

Result<void> SqlPowerPlatformStore::SetOwner(const std::string& resource_id, const Guid& owner,
                                                const PrincipalKey& actor, std::string_view channel, Timestamp now) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto exists = pp::ResourceExists(c, resource_id);
    if (!exists.ok()) return exists.error();
    if (!*exists) return pp::ResourceNotFound(resource_id);
    return pp::MoveOwnership(c, resource_id, owner, actor, channel, now);
  });
}

Result<void> SqlPowerPlatformStore::AddCoOwner(const std::string& resource_id, const Guid& co_owner,
                                                  const PrincipalKey& actor, std::string_view channel,
                                                  Timestamp now) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto exists = pp::ResourceExists(c, resource_id);
    if (!exists.ok()) return exists.error();
    if (!*exists) return pp::ResourceNotFound(resource_id);
    auto role = pp::QueryText(c,
                          "SELECT role FROM pp_ownership_history WHERE resource_id = ?1 AND principal_id = ?2 AND "
                          "valid_to IS NULL",
                          resource_id, co_owner.ToString());
    if (!role.ok()) return role.error();
    if (*role && **role == "Owner") {
      return Error::Conflict("AlreadyOwner", fmt::format("'{}' owns '{}'; an owner is not also a co-owner.",
                                                         co_owner.ToString(), resource_id));
    }
    if (*role) return {};
    return pp::OpenInterval(c, resource_id, co_owner, OwnershipRole::kCoOwner, channel, actor, now);
  });
}

Result<void> SqlPowerPlatformStore::RemoveCoOwner(const std::string& resource_id, const Guid& co_owner,
                                                     const PrincipalKey& actor, Timestamp now) {
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto closed = pp::CloseIntervals(c, resource_id, OwnershipRole::kCoOwner, co_owner, actor, now);
    if (!closed.ok()) return closed;
    if (c.Changes() == 0) {
      return Error::NotFound("CoOwnerNotFound", fmt::format("'{}' is not a co-owner of '{}'.", co_owner.ToString(),
                                                            resource_id));
    }
    return {};
  });
}

Result<std::vector<OwnershipHistoryEntry>> SqlPowerPlatformStore::ListOwnershipHistory(
    const std::string& resource_id) {
  return pool_.QueryAll<OwnershipHistoryEntry>(
      "SELECT resource_id, principal_id, role, valid_from, valid_to, channel, actor_tenant_id, actor_object_id "
      "FROM pp_ownership_history WHERE ?1 = '' OR resource_id = ?1 ORDER BY seq",
      [&](SqlStatement& s) { s.Bind(1, resource_id); },
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

Result<std::vector<PowerPlatformResourceRecord>> SqlPowerPlatformStore::ImportSolution(
    const std::string& environment, const Solution& solution, const PrincipalKey& importer, Timestamp now) {
  constexpr std::string_view kChannel = "solution-import";
  std::vector<std::string> ids;
  auto imported = pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto env = pp::QueryText(c, "SELECT name FROM pp_environments WHERE name = ?1", environment);
    if (!env.ok()) return env.error();
    if (!*env) return pp::EnvironmentNotFound(environment);
    for (const auto& component : solution.components) {
      PowerPlatformResourceRecord r;
      r.resource_id = PowerPlatformResourceId(**env, component.product, component.name);
      r.environment = **env;
      r.product = component.product;
      r.name = component.name;
      r.display_name = component.display_name.empty() ? component.name : component.display_name;
      r.created_by = importer;
      r.created_at = now;
      r.solution = solution.name;
      ids.push_back(r.resource_id);
      auto exists = pp::ResourceExists(c, r.resource_id);
      if (!exists.ok()) return exists.error();
      if (!*exists) {
        if (auto inserted = pp::InsertResource(c, r, pp::ConcurrentChange()); !inserted.ok()) return inserted;
        if (auto opened = pp::OpenInterval(c, r.resource_id, importer.object_id, OwnershipRole::kOwner, kChannel,
                                       importer, now);
            !opened.ok()) {
          return opened;
        }
        continue;
      }
      auto updated = SqlConnectionPool::RunOn(
          c, "UPDATE pp_resources SET display_name = ?2, solution = ?3 WHERE resource_id = ?1",
          [&](SqlStatement& s) { s.Bind(1, r.resource_id).Bind(2, r.display_name).Bind(3, solution.name); },
          pp::ConcurrentChange());
      if (!updated.ok()) return updated;
      if (auto moved = pp::MoveOwnership(c, r.resource_id, importer.object_id, importer, kChannel, now); !moved.ok()) {
        return moved;
      }
    }
    return {};
  });
  if (!imported.ok()) return imported.error();
  std::vector<PowerPlatformResourceRecord> out;
  for (const auto& id : ids) {
    auto found = FindResource(id);
    if (!found.ok()) return found.error();
    if (*found) out.push_back(std::move(**found));
  }
  return out;
}

}  // namespace pal::store
