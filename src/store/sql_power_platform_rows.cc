#include "store/sql_power_platform_rows.h"

#include <fmt/format.h>

#include "core/text.h"
#include "store/stored_names.h"

namespace pal::store::pp {
namespace {

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

}  // namespace

const std::string_view kEnvironmentColumns =
    "name, tenant_id, display_name, type, paid, created_by_tenant_id, created_by_object_id, "
    "created_at";

PowerPlatformEnvironment EnvironmentFromRow(const SqlStatement& r) {
  PowerPlatformEnvironment e;
  e.name = r.ColumnText(0);
  e.tenant_id = r.ColumnGuid(1);
  e.display_name = r.ColumnText(2);
  e.type = StoredEnvironmentType(r.ColumnText(3));
  e.paid = r.ColumnInt(4) != 0;
  e.created_by = {r.ColumnGuid(5), r.ColumnGuid(6)};
  e.created_at = r.ColumnInt(7);
  return e;
}

// A resource with its tenant and its owners in force.
const std::string_view kResourceSelect =
    "SELECT r.resource_id, r.environment, r.tenant_id, r.product, r.name, r.display_name, "
    "(SELECT principal_id FROM pp_ownership_history h WHERE h.tenant_id = r.tenant_id AND "
    "h.resource_id = r.resource_id AND h.valid_to IS NULL AND h.role = 'Owner'), "
    "(SELECT group_concat(principal_id, ';') FROM pp_ownership_history h WHERE h.tenant_id = "
    "r.tenant_id AND "
    "h.resource_id = r.resource_id AND h.valid_to IS NULL AND h.role = 'CoOwner'), "
    "r.created_by_tenant_id, r.created_by_object_id, r.created_at, r.solution, e.type, e.paid "
    "FROM pp_resources r JOIN pp_environments e ON e.tenant_id = r.tenant_id AND e.name = "
    "r.environment";

PowerPlatformResourceRecord ResourceFromRow(const SqlStatement& r) {
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
  return Error::NotFound("ResourceNotFound",
                         fmt::format("The resource '{}' was not found.", resource_id));
}

Error EnvironmentNotFound(const std::string& name) {
  return Error::NotFound("EnvironmentNotFound",
                         fmt::format("The environment '{}' was not found.", name));
}

const Error& ConcurrentChange() {
  static const Error kConcurrent =
      Error::Conflict("Conflict", "The resource's ownership changed concurrently.");
  return kConcurrent;
}

Result<std::optional<std::string>> QueryText(SqlConnection& c, std::string_view sql,
                                             std::initializer_list<std::string> values) {
  PAL_ASSIGN_OR_RETURN(auto s, SqlStatement::Prepare(c, sql));
  int index = 0;
  for (const auto& v : values) s.Bind(++index, v);
  PAL_ASSIGN_OR_RETURN(auto row, s.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s.ColumnText(0));
}

Result<void> OpenInterval(SqlConnection& c, const Guid& tenant_id, const std::string& resource_id,
                          const Guid& principal, OwnershipRole role, std::string_view channel,
                          const PrincipalKey& actor, Timestamp now) {
  return SqlConnectionPool::RunOn(
      c,
      "INSERT INTO pp_ownership_history(resource_id, principal_id, role, channel, actor_tenant_id, "
      "actor_object_id, valid_from, tenant_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      [&](SqlStatement& s) {
        s.Bind(1, resource_id)
            .Bind(2, principal.ToString())
            .Bind(3, OwnershipRoleName(role))
            .Bind(4, channel)
            .Bind(5, actor.tenant_id.ToString())
            .Bind(6, actor.object_id.ToString())
            .Bind(7, now)
            .Bind(8, tenant_id.ToString());
      },
      ConcurrentChange());
}

// Closes the intervals in force of `role` (of `principal` only, when given).
Result<void> CloseIntervals(SqlConnection& c, const Guid& tenant_id, const std::string& resource_id,
                            OwnershipRole role, const std::optional<Guid>& principal,
                            const PrincipalKey& actor, Timestamp now) {
  return SqlConnectionPool::RunOn(
      c,
      "UPDATE pp_ownership_history SET valid_to = ?3, ended_by_tenant_id = ?4, ended_by_object_id "
      "= ?5 "
      "WHERE tenant_id = ?7 AND resource_id = ?1 AND role = ?2 AND valid_to IS NULL AND "
      "(?6 = '' OR principal_id = ?6)",
      [&](SqlStatement& s) {
        s.Bind(1, resource_id)
            .Bind(2, OwnershipRoleName(role))
            .Bind(3, now)
            .Bind(4, actor.tenant_id.ToString())
            .Bind(5, actor.object_id.ToString())
            .Bind(6, principal ? principal->ToString() : std::string())
            .Bind(7, tenant_id.ToString());
      },
      ConcurrentChange());
}

// Makes `owner` the owner in force: the previous owner's interval and `owner`'s co-owner
// interval end. Nothing changes when `owner` already is the owner.
Result<void> MoveOwnership(SqlConnection& c, const Guid& tenant_id, const std::string& resource_id,
                           const Guid& owner, const PrincipalKey& actor, std::string_view channel,
                           Timestamp now) {
  PAL_ASSIGN_OR_RETURN(auto current, OwnerOf(c, tenant_id, resource_id));
  if (current == owner) return {};
  if (auto closed = CloseIntervals(c, tenant_id, resource_id, OwnershipRole::kOwner, std::nullopt,
                                   actor, now);
      !closed.ok()) {
    return closed;
  }
  if (auto closed =
          CloseIntervals(c, tenant_id, resource_id, OwnershipRole::kCoOwner, owner, actor, now);
      !closed.ok()) {
    return closed;
  }
  return OpenInterval(c, tenant_id, resource_id, owner, OwnershipRole::kOwner, channel, actor, now);
}

Result<std::optional<Guid>> OwnerOf(SqlConnection& c, const Guid& tenant_id,
                                    const std::string& resource_id) {
  PAL_ASSIGN_OR_RETURN(
      auto current,
      QueryText(
          c,
          "SELECT principal_id FROM pp_ownership_history WHERE tenant_id = ?1 AND resource_id = ?2 "
          "AND valid_to IS NULL AND role = 'Owner'",
          {tenant_id.ToString(), resource_id}));
  if (!current) return std::optional<Guid>();
  return Guid::Parse(*current);
}

Result<bool> EnvironmentExists(SqlConnection& c, const Guid& tenant_id, const std::string& name) {
  PAL_ASSIGN_OR_RETURN(
      auto found,
      QueryText(c, "SELECT name FROM pp_environments WHERE tenant_id = ?1 AND name = ?2",
                {tenant_id.ToString(), name}));
  return found.has_value();
}

Result<bool> ResourceExists(SqlConnection& c, const Guid& tenant_id,
                            const std::string& resource_id) {
  PAL_ASSIGN_OR_RETURN(
      auto found,
      QueryText(c, "SELECT resource_id FROM pp_resources WHERE tenant_id = ?1 AND resource_id = ?2",
                {tenant_id.ToString(), resource_id}));
  return found.has_value();
}

Result<void> InsertResource(SqlConnection& c, const PowerPlatformResourceRecord& r,
                            const Error& conflict) {
  return SqlConnectionPool::RunOn(
      c,
      "INSERT INTO pp_resources(resource_id, environment, product, name, display_name, "
      "created_by_tenant_id, "
      "created_by_object_id, created_at, solution, tenant_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8, ?9, ?10)",
      [&](SqlStatement& s) {
        s.Bind(1, r.resource_id)
            .Bind(2, r.environment)
            .Bind(3, PowerPlatformProductName(r.product))
            .Bind(4, r.name)
            .Bind(5, r.display_name)
            .Bind(6, r.created_by.tenant_id.ToString())
            .Bind(7, r.created_by.object_id.ToString())
            .Bind(8, r.created_at)
            .BindOptional(
                9, r.solution.empty() ? std::nullopt : std::optional<std::string>(r.solution))
            .Bind(10, r.tenant_id.ToString());
      },
      conflict);
}

Result<void> InsertEnvironment(SqlConnection& c, const PowerPlatformEnvironment& e,
                               const Error& conflict) {
  return SqlConnectionPool::RunOn(
      c,
      fmt::format("INSERT INTO pp_environments({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  kEnvironmentColumns),
      [&](SqlStatement& s) {
        s.Bind(1, e.name)
            .Bind(2, e.tenant_id.ToString())
            .Bind(3, e.display_name)
            .Bind(4, EnvironmentTypeName(e.type))
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

}  // namespace pal::store::pp
