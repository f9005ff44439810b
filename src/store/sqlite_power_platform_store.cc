#include "store/sqlite_power_platform_store.h"

#include <fmt/format.h>

#include <map>

#include "core/text.h"

namespace pal::store {
namespace {

const std::string kNobody = Guid().ToString();

constexpr std::string_view kEnvironmentColumns =
    "name, tenant_id, display_name, type, paid, created_by_tenant_id, created_by_object_id, created_at";

PowerPlatformEnvironment EnvironmentFromRow(const SqliteStatement& r) {
  PowerPlatformEnvironment e;
  e.name = r.ColumnText(0);
  e.tenant_id = r.ColumnGuid(1);
  e.display_name = r.ColumnText(2);
  e.type = r.ColumnText(3);
  e.paid = r.ColumnInt(4) != 0;
  e.created_by = {r.ColumnGuid(5), r.ColumnGuid(6)};
  e.created_at = r.ColumnInt(7);
  return e;
}

// A resource with its environment's tenant and its owners in force.
constexpr std::string_view kResourceSelect =
    "SELECT r.resource_id, r.environment, e.tenant_id, r.product, r.name, r.display_name, "
    "(SELECT principal_id FROM pp_ownership_history h WHERE h.resource_id = r.resource_id "
    "AND h.valid_to IS NULL AND h.role = 'Owner'), "
    "(SELECT group_concat(principal_id, ';') FROM pp_ownership_history h WHERE "
    "h.resource_id = r.resource_id AND h.valid_to IS NULL AND h.role = 'CoOwner'), "
    "r.created_by_tenant_id, r.created_by_object_id, r.created_at, r.solution, e.type, e.paid "
    "FROM pp_resources r JOIN pp_environments e ON e.name = r.environment";

std::vector<Guid> GuidList(const std::optional<std::string>& text) {
  std::vector<Guid> out;
  if (!text) return out;
  size_t start = 0;
  while (start <= text->size()) {
    size_t end = text->find(';', start);
    if (end == std::string::npos) end = text->size();
    if (auto g = Guid::Parse(std::string_view(*text).substr(start, end - start))) out.push_back(*g);
    start = end + 1;
  }
  return out;
}

PowerPlatformResourceRecord ResourceFromRow(const SqliteStatement& r) {
  PowerPlatformResourceRecord p;
  p.resource_id = r.ColumnText(0);
  p.environment = r.ColumnText(1);
  p.tenant_id = r.ColumnGuid(2);
  p.product = ParsePowerPlatformProduct(r.ColumnText(3)).value_or(PowerPlatformProduct::kCanvasApp);
  p.name = r.ColumnText(4);
  p.display_name = r.ColumnText(5);
  if (auto owner = r.ColumnOptionalText(6)) p.owner = Guid::Parse(*owner);
  p.co_owners = GuidList(r.ColumnOptionalText(7));
  p.created_by = {r.ColumnGuid(8), r.ColumnGuid(9)};
  p.created_at = r.ColumnInt(10);
  p.solution = r.ColumnOptionalText(11).value_or("");
  return p;
}

Error ResourceNotFound(const std::string& resource_id) {
  return Error::NotFound("ResourceNotFound", fmt::format("The resource '{}' was not found.", resource_id));
}

Error EnvironmentNotFound(const std::string& name) {
  return Error::NotFound("EnvironmentNotFound", fmt::format("The environment '{}' was not found.", name));
}

const Error kConcurrent = Error::Conflict("Conflict", "The resource's ownership changed concurrently.");

Result<std::optional<std::string>> QueryText(SqliteConnection& c, std::string_view sql, const std::string& a,
                                             const std::string& b = {}) {
  auto s = SqliteStatement::Prepare(c, sql);
  if (!s.ok()) return s.error();
  s->Bind(1, a);
  if (!b.empty()) s->Bind(2, b);
  auto row = s->Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(s->ColumnText(0));
}

Result<void> OpenInterval(SqliteConnection& c, const std::string& resource_id, const Guid& principal,
                          OwnershipRole role, std::string_view channel, const PrincipalKey& actor, Timestamp now) {
  return SqliteConnectionPool::RunOn(
      c,
      "INSERT INTO pp_ownership_history(resource_id, principal_id, role, channel, actor_tenant_id, "
      "actor_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      [&](SqliteStatement& s) {
        s.Bind(1, resource_id)
            .Bind(2, principal.ToString())
            .Bind(3, OwnershipRoleName(role))
            .Bind(4, channel)
            .Bind(5, actor.tenant_id.ToString())
            .Bind(6, actor.object_id.ToString())
            .Bind(7, now);
      },
      kConcurrent);
}

// Closes the intervals in force of `role` (of `principal` only, when given).
Result<void> CloseIntervals(SqliteConnection& c, const std::string& resource_id, OwnershipRole role,
                            const std::optional<Guid>& principal, const PrincipalKey& actor, Timestamp now) {
  return SqliteConnectionPool::RunOn(
      c,
      "UPDATE pp_ownership_history SET valid_to = ?3, ended_by_tenant_id = ?4, ended_by_object_id = ?5 "
      "WHERE resource_id = ?1 AND role = ?2 AND valid_to IS NULL AND (?6 = '' OR principal_id = ?6)",
      [&](SqliteStatement& s) {
        s.Bind(1, resource_id)
            .Bind(2, OwnershipRoleName(role))
            .Bind(3, now)
            .Bind(4, actor.tenant_id.ToString())
            .Bind(5, actor.object_id.ToString())
            .Bind(6, principal ? principal->ToString() : std::string());
      },
      kConcurrent);
}

// Makes `owner` the owner in force: the previous owner's interval and `owner`'s co-owner
// interval end. Nothing changes when `owner` already is the owner.
Result<void> MoveOwnership(SqliteConnection& c, const std::string& resource_id, const Guid& owner,
                           const PrincipalKey& actor, std::string_view channel, Timestamp now) {
  auto current = QueryText(c,
                           "SELECT principal_id FROM pp_ownership_history WHERE resource_id = ?1 AND "
                           "valid_to IS NULL AND role = 'Owner'",
                           resource_id);
  if (!current.ok()) return current.error();
  if (*current && Guid::Parse(**current) == owner) return {};
  if (auto closed = CloseIntervals(c, resource_id, OwnershipRole::kOwner, std::nullopt, actor, now); !closed.ok()) {
    return closed;
  }
  if (auto closed = CloseIntervals(c, resource_id, OwnershipRole::kCoOwner, owner, actor, now); !closed.ok()) {
    return closed;
  }
  return OpenInterval(c, resource_id, owner, OwnershipRole::kOwner, channel, actor, now);
}

Result<bool> ResourceExists(SqliteConnection& c, const std::string& resource_id) {
  auto found = QueryText(c, "SELECT resource_id FROM pp_resources WHERE resource_id = ?1", resource_id);
  if (!found.ok()) return found.error();
  return found->has_value();
}

Result<void> InsertResource(SqliteConnection& c, const PowerPlatformResourceRecord& r, const Error& conflict) {
  return SqliteConnectionPool::RunOn(
      c,
      "INSERT INTO pp_resources(resource_id, environment, product, name, display_name, created_by_tenant_id, "
      "created_by_object_id, created_at, solution) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      [&](SqliteStatement& s) {
        s.Bind(1, r.resource_id)
            .Bind(2, r.environment)
            .Bind(3, PowerPlatformProductName(r.product))
            .Bind(4, r.name)
            .Bind(5, r.display_name)
            .Bind(6, r.created_by.tenant_id.ToString())
            .Bind(7, r.created_by.object_id.ToString())
            .Bind(8, r.created_at)
            .BindOptional(9, r.solution.empty() ? std::nullopt : std::optional<std::string>(r.solution));
      },
      conflict);
}

Result<void> InsertEnvironment(SqliteConnection& c, const PowerPlatformEnvironment& e, const Error& conflict) {
  return SqliteConnectionPool::RunOn(
      c,
      fmt::format("INSERT INTO pp_environments({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", kEnvironmentColumns),
      [&](SqliteStatement& s) {
        s.Bind(1, e.name)
            .Bind(2, e.tenant_id.ToString())
            .Bind(3, e.display_name)
            .Bind(4, e.type)
            .Bind(5, std::int64_t{e.paid ? 1 : 0})
            .Bind(6, e.created_by.tenant_id.ToString())
            .Bind(7, e.created_by.object_id.ToString())
            .Bind(8, e.created_at);
      },
      conflict);
}

// The last path segment of a resource id ("app-1" for "app-1").
std::string LastSegment(const std::string& id) {
  const std::string_view trimmed = TrimTrailingSlashes(id);
  const size_t slash = trimmed.rfind('/');
  return std::string(slash == std::string_view::npos ? trimmed : trimmed.substr(slash + 1));
}

}  // namespace

Result<void> SqlitePowerPlatformStore::CreateEnvironment(const PowerPlatformEnvironment& environment) {
  const Error taken = Error::Conflict(
      "EnvironmentNameUnavailable",
      fmt::format("The environment name '{}' is already in use; choose another.", environment.name));
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto tenant = QueryText(c, "SELECT tenant_id FROM tenants WHERE tenant_id = ?1", environment.tenant_id.ToString());
    if (!tenant.ok()) return tenant.error();
    if (!*tenant) {
      return Error::NotFound("TenantNotFound",
                             fmt::format("Tenant '{}' does not exist.", environment.tenant_id.ToString()));
    }
    if (auto inserted = InsertEnvironment(c, environment, taken); !inserted.ok()) return inserted;
    return SqliteConnectionPool::RunOn(
        c,
        "INSERT INTO pp_environment_members(environment, object_id, role, added_at) VALUES (?1, ?2, "
        "'EnvironmentAdmin', ?3)",
        [&](SqliteStatement& s) {
          s.Bind(1, environment.name).Bind(2, environment.created_by.object_id.ToString()).Bind(3, environment.created_at);
        },
        taken);
  });
}

Result<std::optional<PowerPlatformEnvironment>> SqlitePowerPlatformStore::FindEnvironment(const std::string& name) {
  return pool_.QueryOne<PowerPlatformEnvironment>(
      fmt::format("SELECT {} FROM pp_environments WHERE name = ?1", kEnvironmentColumns),
      [&](SqliteStatement& s) { s.Bind(1, name); }, EnvironmentFromRow);
}

Result<std::vector<PowerPlatformEnvironment>> SqlitePowerPlatformStore::ListEnvironments(const Guid& tenant_id) {
  return pool_.QueryAll<PowerPlatformEnvironment>(
      fmt::format("SELECT {} FROM pp_environments WHERE tenant_id = ?1 ORDER BY name", kEnvironmentColumns),
      [&](SqliteStatement& s) { s.Bind(1, tenant_id.ToString()); }, EnvironmentFromRow);
}

Result<void> SqlitePowerPlatformStore::UpdateEnvironment(const PowerPlatformEnvironment& environment) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto updated = SqliteConnectionPool::RunOn(
        c, "UPDATE pp_environments SET display_name = ?2, type = ?3, paid = ?4 WHERE name = ?1",
        [&](SqliteStatement& s) {
          s.Bind(1, environment.name)
              .Bind(2, environment.display_name)
              .Bind(3, environment.type)
              .Bind(4, std::int64_t{environment.paid ? 1 : 0});
        },
        kConcurrent);
    if (!updated.ok()) return updated;
    if (c.Changes() == 0) return EnvironmentNotFound(environment.name);
    return {};
  });
}

Result<void> SqlitePowerPlatformStore::DeleteEnvironment(const std::string& name) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto resource = QueryText(c, "SELECT resource_id FROM pp_resources WHERE environment = ?1 LIMIT 1", name);
    if (!resource.ok()) return resource.error();
    if (*resource) {
      return Error::Conflict("EnvironmentNotEmpty",
                             fmt::format("The environment '{}' still holds resources (such as '{}'); delete "
                                         "them first.",
                                         name, **resource));
    }
    auto members = SqliteConnectionPool::RunOn(
        c, "DELETE FROM pp_environment_members WHERE environment = ?1",
        [&](SqliteStatement& s) { s.Bind(1, name); }, kConcurrent);
    if (!members.ok()) return members;
    auto deleted = SqliteConnectionPool::RunOn(
        c, "DELETE FROM pp_environments WHERE name = ?1", [&](SqliteStatement& s) { s.Bind(1, name); },
        kConcurrent);
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return EnvironmentNotFound(name);
    return {};
  });
}

Result<void> SqlitePowerPlatformStore::SetEnvironmentMember(const EnvironmentMember& member) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto env = QueryText(c, "SELECT name FROM pp_environments WHERE name = ?1", member.environment);
    if (!env.ok()) return env.error();
    if (!*env) return EnvironmentNotFound(member.environment);
    if (member.role == EnvironmentRole::kMaker) {
      auto others = QueryText(c,
                              "SELECT count(*) FROM pp_environment_members WHERE environment = ?1 AND "
                              "role = 'EnvironmentAdmin' AND object_id <> ?2",
                              member.environment, member.object_id.ToString());
      if (!others.ok()) return others.error();
      auto self = QueryText(c,
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
    return SqliteConnectionPool::RunOn(
        c,
        "INSERT INTO pp_environment_members(environment, object_id, role, added_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(environment, object_id) DO UPDATE SET role = excluded.role",
        [&](SqliteStatement& s) {
          s.Bind(1, member.environment)
              .Bind(2, member.object_id.ToString())
              .Bind(3, EnvironmentRoleName(member.role))
              .Bind(4, member.added_at);
        },
        kConcurrent);
  });
}

Result<void> SqlitePowerPlatformStore::RemoveEnvironmentMember(const std::string& environment, const Guid& object_id) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto role = QueryText(c, "SELECT role FROM pp_environment_members WHERE environment = ?1 AND object_id = ?2",
                          environment, object_id.ToString());
    if (!role.ok()) return role.error();
    if (!*role) {
      return Error::NotFound("MemberNotFound", fmt::format("'{}' is not a member of environment '{}'.",
                                                           object_id.ToString(), environment));
    }
    if (**role == "EnvironmentAdmin") {
      auto admins = QueryText(c,
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
    return SqliteConnectionPool::RunOn(
        c, "DELETE FROM pp_environment_members WHERE environment = ?1 AND object_id = ?2",
        [&](SqliteStatement& s) { s.Bind(1, environment).Bind(2, object_id.ToString()); }, kConcurrent);
  });
}

Result<std::vector<EnvironmentMember>> SqlitePowerPlatformStore::ListEnvironmentMembers(
    const std::string& environment) {
  return pool_.QueryAll<EnvironmentMember>(
      "SELECT environment, object_id, role, added_at FROM pp_environment_members WHERE environment = ?1 "
      "ORDER BY added_at, object_id",
      [&](SqliteStatement& s) { s.Bind(1, environment); },
      [](const SqliteStatement& r) {
        return EnvironmentMember{r.ColumnText(0), r.ColumnGuid(1),
                                 ParseEnvironmentRole(r.ColumnText(2)).value_or(EnvironmentRole::kMaker),
                                 r.ColumnInt(3)};
      });
}

Result<void> SqlitePowerPlatformStore::CreateResource(const PowerPlatformResourceRecord& resource,
                                                      const PrincipalKey& actor, std::string_view channel) {
  const Error exists =
      Error::Conflict("ResourceExists", fmt::format("The resource '{}' already exists.", resource.resource_id));
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto env = QueryText(c, "SELECT name FROM pp_environments WHERE name = ?1", resource.environment);
    if (!env.ok()) return env.error();
    if (!*env) return EnvironmentNotFound(resource.environment);
    if (auto inserted = InsertResource(c, resource, exists); !inserted.ok()) return inserted;
    if (!resource.owner) return {};
    return OpenInterval(c, resource.resource_id, *resource.owner, OwnershipRole::kOwner, channel, actor,
                        resource.created_at);
  });
}

Result<std::optional<PowerPlatformResourceRecord>> SqlitePowerPlatformStore::FindResource(
    const std::string& resource_id) {
  return pool_.QueryOne<PowerPlatformResourceRecord>(
      fmt::format("{} WHERE r.resource_id = ?1", kResourceSelect),
      [&](SqliteStatement& s) { s.Bind(1, resource_id); }, ResourceFromRow);
}

Result<std::vector<PowerPlatformResourceRecord>> SqlitePowerPlatformStore::ListResources(
    const std::string& environment) {
  return pool_.QueryAll<PowerPlatformResourceRecord>(
      fmt::format("{} WHERE r.environment = ?1 ORDER BY r.product, r.name", kResourceSelect),
      [&](SqliteStatement& s) { s.Bind(1, environment); }, ResourceFromRow);
}

Result<void> SqlitePowerPlatformStore::RenameResource(const std::string& resource_id,
                                                      const std::string& display_name) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto updated = SqliteConnectionPool::RunOn(
        c, "UPDATE pp_resources SET display_name = ?2 WHERE resource_id = ?1",
        [&](SqliteStatement& s) { s.Bind(1, resource_id).Bind(2, display_name); }, kConcurrent);
    if (!updated.ok()) return updated;
    if (c.Changes() == 0) return ResourceNotFound(resource_id);
    return {};
  });
}

Result<void> SqlitePowerPlatformStore::DeleteResource(const std::string& resource_id, const PrincipalKey& actor,
                                                      Timestamp now) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto deleted = SqliteConnectionPool::RunOn(
        c, "DELETE FROM pp_resources WHERE resource_id = ?1", [&](SqliteStatement& s) { s.Bind(1, resource_id); },
        kConcurrent);
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return ResourceNotFound(resource_id);
    for (auto role : {OwnershipRole::kOwner, OwnershipRole::kCoOwner}) {
      if (auto closed = CloseIntervals(c, resource_id, role, std::nullopt, actor, now); !closed.ok()) return closed;
    }
    return {};
  });
}

Result<void> SqlitePowerPlatformStore::SetOwner(const std::string& resource_id, const Guid& owner,
                                                const PrincipalKey& actor, std::string_view channel, Timestamp now) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto exists = ResourceExists(c, resource_id);
    if (!exists.ok()) return exists.error();
    if (!*exists) return ResourceNotFound(resource_id);
    return MoveOwnership(c, resource_id, owner, actor, channel, now);
  });
}

Result<void> SqlitePowerPlatformStore::AddCoOwner(const std::string& resource_id, const Guid& co_owner,
                                                  const PrincipalKey& actor, std::string_view channel,
                                                  Timestamp now) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto exists = ResourceExists(c, resource_id);
    if (!exists.ok()) return exists.error();
    if (!*exists) return ResourceNotFound(resource_id);
    auto role = QueryText(c,
                          "SELECT role FROM pp_ownership_history WHERE resource_id = ?1 AND principal_id = ?2 AND "
                          "valid_to IS NULL",
                          resource_id, co_owner.ToString());
    if (!role.ok()) return role.error();
    if (*role && **role == "Owner") {
      return Error::Conflict("AlreadyOwner", fmt::format("'{}' owns '{}'; an owner is not also a co-owner.",
                                                         co_owner.ToString(), resource_id));
    }
    if (*role) return {};
    return OpenInterval(c, resource_id, co_owner, OwnershipRole::kCoOwner, channel, actor, now);
  });
}

Result<void> SqlitePowerPlatformStore::RemoveCoOwner(const std::string& resource_id, const Guid& co_owner,
                                                     const PrincipalKey& actor, Timestamp now) {
  return pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto closed = CloseIntervals(c, resource_id, OwnershipRole::kCoOwner, co_owner, actor, now);
    if (!closed.ok()) return closed;
    if (c.Changes() == 0) {
      return Error::NotFound("CoOwnerNotFound", fmt::format("'{}' is not a co-owner of '{}'.", co_owner.ToString(),
                                                            resource_id));
    }
    return {};
  });
}

Result<std::vector<OwnershipHistoryEntry>> SqlitePowerPlatformStore::ListOwnershipHistory(
    const std::string& resource_id) {
  return pool_.QueryAll<OwnershipHistoryEntry>(
      "SELECT resource_id, principal_id, role, valid_from, valid_to, channel, actor_tenant_id, actor_object_id "
      "FROM pp_ownership_history WHERE ?1 = '' OR resource_id = ?1 ORDER BY seq",
      [&](SqliteStatement& s) { s.Bind(1, resource_id); },
      [](const SqliteStatement& r) {
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

Result<std::vector<PowerPlatformResourceRecord>> SqlitePowerPlatformStore::ImportSolution(
    const std::string& environment, const Solution& solution, const PrincipalKey& importer, Timestamp now) {
  constexpr std::string_view kChannel = "solution-import";
  std::vector<std::string> ids;
  auto imported = pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto env = QueryText(c, "SELECT name FROM pp_environments WHERE name = ?1", environment);
    if (!env.ok()) return env.error();
    if (!*env) return EnvironmentNotFound(environment);
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
      auto exists = ResourceExists(c, r.resource_id);
      if (!exists.ok()) return exists.error();
      if (!*exists) {
        if (auto inserted = InsertResource(c, r, kConcurrent); !inserted.ok()) return inserted;
        if (auto opened = OpenInterval(c, r.resource_id, importer.object_id, OwnershipRole::kOwner, kChannel,
                                       importer, now);
            !opened.ok()) {
          return opened;
        }
        continue;
      }
      auto updated = SqliteConnectionPool::RunOn(
          c, "UPDATE pp_resources SET display_name = ?2, solution = ?3 WHERE resource_id = ?1",
          [&](SqliteStatement& s) { s.Bind(1, r.resource_id).Bind(2, r.display_name).Bind(3, solution.name); },
          kConcurrent);
      if (!updated.ok()) return updated;
      if (auto moved = MoveOwnership(c, r.resource_id, importer.object_id, importer, kChannel, now); !moved.ok()) {
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

Result<size_t> SqlitePowerPlatformStore::AddActivity(const std::vector<PowerPlatformActivity>& rows) {
  size_t added = 0;
  auto done = pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    auto s = SqliteStatement::Prepare(
        c, "INSERT OR IGNORE INTO pp_activity(resource_id, day, user_id) VALUES (?1, ?2, ?3)");
    if (!s.ok()) return s.error();
    for (const auto& a : rows) {
      s->Reset();
      s->Bind(1, a.resource_key).Bind(2, std::int64_t{a.day}).Bind(3, a.user_id.ToString());
      if (auto run = s->Run(); !run.ok()) return run;
      added += static_cast<size_t>(c.Changes());
    }
    return {};
  });
  if (!done.ok()) return done.error();
  return added;
}

Result<size_t> SqlitePowerPlatformStore::SetUnifiedProfiles(const std::vector<CustomerInsightsProfiles>& rows) {
  size_t added = 0;
  auto done = pool_.Transaction([&](SqliteConnection& c) -> Result<void> {
    for (const auto& p : rows) {
      auto known = QueryText(c, "SELECT day FROM pp_unified_profiles WHERE resource_id = ?1 AND day = ?2",
                             p.resource_key, std::to_string(p.day));
      if (!known.ok()) return known.error();
      if (!*known) ++added;
      auto run = SqliteConnectionPool::RunOn(
          c,
          "INSERT INTO pp_unified_profiles(resource_id, day, unified_profiles) VALUES (?1, ?2, ?3) "
          "ON CONFLICT(resource_id, day) DO UPDATE SET unified_profiles = excluded.unified_profiles",
          [&](SqliteStatement& s) {
            s.Bind(1, p.resource_key)
                .Bind(2, std::int64_t{p.day})
                .Bind(3, static_cast<std::int64_t>(p.unified_profiles));
          },
          kConcurrent);
      if (!run.ok()) return run;
    }
    return {};
  });
  if (!done.ok()) return done.error();
  return added;
}

Result<PowerPlatformUsage> SqlitePowerPlatformStore::Export() {
  PowerPlatformUsage usage;
  auto resources = pool_.QueryAll<PowerPlatformResource>(
      fmt::format("{} ORDER BY r.resource_id", kResourceSelect), [](SqliteStatement&) {},
      [](const SqliteStatement& row) {
        const PowerPlatformResourceRecord record = ResourceFromRow(row);
        PowerPlatformResource r;
        r.environment_id = record.environment;
        r.tenant_id = record.tenant_id;
        r.environment_type = row.ColumnText(12);
        r.paid = row.ColumnInt(13) != 0;
        r.resource_id = record.resource_id;
        r.product = record.product;
        if (record.owner) r.owners.push_back(*record.owner);
        r.co_owners = record.co_owners;
        return r;
      });
  if (!resources.ok()) return resources.error();
  usage.resources = std::move(*resources);
  auto activity = pool_.QueryAll<PowerPlatformActivity>(
      "SELECT day, resource_id, user_id FROM pp_activity ORDER BY resource_id, day, user_id", [](SqliteStatement&) {},
      [](const SqliteStatement& r) {
        return PowerPlatformActivity{static_cast<std::int32_t>(r.ColumnInt(0)), ToLowerAscii(r.ColumnText(1)),
                                     r.ColumnGuid(2)};
      });
  if (!activity.ok()) return activity.error();
  usage.activity = std::move(*activity);
  auto profiles = pool_.QueryAll<CustomerInsightsProfiles>(
      "SELECT day, resource_id, unified_profiles FROM pp_unified_profiles ORDER BY resource_id, day",
      [](SqliteStatement&) {},
      [](const SqliteStatement& r) {
        return CustomerInsightsProfiles{static_cast<std::int32_t>(r.ColumnInt(0)), ToLowerAscii(r.ColumnText(1)),
                                        static_cast<std::uint64_t>(r.ColumnInt(2))};
      });
  if (!profiles.ok()) return profiles.error();
  usage.profiles = std::move(*profiles);
  return usage;
}

Result<void> SqlitePowerPlatformStore::ImportOn(SqliteConnection& c, const PowerPlatformUsage& usage, Timestamp now) {
  const PrincipalKey administrator{};
  auto failed = [](std::string_view file, size_t line, const Error& e) {
    return Error::InvalidArgument("InvalidDataset", fmt::format("{}:{}: {}", file, line, e.message));
  };
  constexpr std::string_view kResources = "powerplatform_resources.csv";
  std::map<std::string, bool> environments;  // lower-case name -> created
  for (const auto& r : usage.resources) {
    const Error duplicate = Error::Conflict("Conflict", "duplicate key");
    if (!environments.count(ToLowerAscii(r.environment_id))) {
      PowerPlatformEnvironment e;
      e.name = r.environment_id;
      e.tenant_id = r.tenant_id;
      e.display_name = r.environment_id;
      e.type = std::string(ParseEnvironmentType(r.environment_type).value_or("Production"));
      e.paid = r.paid;
      e.created_by = administrator;
      e.created_at = now;
      if (auto inserted = InsertEnvironment(c, e, duplicate); !inserted.ok()) {
        return failed(kResources, r.line,
                      Error::InvalidArgument("", fmt::format("environment {} could not be created (is tenant {} in "
                                                             "tenants.csv?): {}",
                                                             r.environment_id, r.tenant_id.ToString(),
                                                             inserted.error().message)));
      }
      environments[ToLowerAscii(r.environment_id)] = true;
    }
    PowerPlatformResourceRecord record;
    record.resource_id = r.resource_id;
    record.environment = r.environment_id;
    record.product = r.product;
    record.name = LastSegment(r.resource_id);
    record.display_name = record.name;
    record.created_by = administrator;
    record.created_at = now;
    if (auto inserted = InsertResource(c, record, duplicate); !inserted.ok()) {
      return failed(kResources, r.line, inserted.error());
    }
    for (const auto& owner : r.owners) {
      if (auto opened = OpenInterval(c, r.resource_id, owner, OwnershipRole::kOwner, "import", administrator, now);
          !opened.ok()) {
        return failed(kResources, r.line, opened.error());
      }
    }
    for (const auto& co_owner : r.co_owners) {
      if (auto opened =
              OpenInterval(c, r.resource_id, co_owner, OwnershipRole::kCoOwner, "import", administrator, now);
          !opened.ok()) {
        return failed(kResources, r.line, opened.error());
      }
    }
  }
  auto activity = SqliteStatement::Prepare(
      c, "INSERT OR IGNORE INTO pp_activity(resource_id, day, user_id) VALUES (?1, ?2, ?3)");
  if (!activity.ok()) return activity.error();
  for (const auto& a : usage.activity) {
    activity->Reset();
    activity->Bind(1, a.resource_key).Bind(2, std::int64_t{a.day}).Bind(3, a.user_id.ToString());
    if (auto run = activity->Run(); !run.ok()) return run;
  }
  auto profiles = SqliteStatement::Prepare(
      c, "INSERT OR REPLACE INTO pp_unified_profiles(resource_id, day, unified_profiles) VALUES (?1, ?2, ?3)");
  if (!profiles.ok()) return profiles.error();
  for (const auto& p : usage.profiles) {
    profiles->Reset();
    profiles->Bind(1, p.resource_key).Bind(2, std::int64_t{p.day}).Bind(3, static_cast<std::int64_t>(p.unified_profiles));
    if (auto run = profiles->Run(); !run.ok()) return run;
  }
  return {};
}

}  // namespace pal::store
