#include "store/sql_role_assignment_store.h"

#include <fmt/format.h>

namespace pal::store {
namespace {

constexpr std::string_view kAssignmentColumns =
    "assignment_id, scope, role_definition_id, principal_tenant_id, principal_id, principal_type, "
    "created_at, created_by_tenant_id, created_by_object_id, description, condition, "
    "condition_version, updated_at, updated_by_tenant_id, updated_by_object_id, delegation_id";

RoleAssignment AssignmentFromRow(const SqlStatement& row) {
  RoleAssignment a;
  a.name = row.ColumnGuid(0);
  auto scope = ResourceId::Parse(row.ColumnText(1));  // written by Create, so it parses
  a.scope = scope.ok() ? *scope : ResourceId::Root();
  a.role_definition_id = row.ColumnGuid(2);
  a.principal = {row.ColumnGuid(3), row.ColumnGuid(4)};
  a.principal_type = row.ColumnText(5);
  a.created_at = row.ColumnInt(6);
  a.created_by = {row.ColumnGuid(7), row.ColumnGuid(8)};
  a.description = row.ColumnOptionalText(9);
  a.condition = row.ColumnOptionalText(10);
  a.condition_version = row.ColumnOptionalText(11);
  if (row.ColumnOptionalText(12)) {
    a.updated_at = row.ColumnInt(12);
    a.updated_by = {row.ColumnGuid(13), row.ColumnGuid(14)};
  } else {
    a.updated_at = a.created_at;
    a.updated_by = a.created_by;
  }
  if (auto delegation = row.ColumnOptionalText(15)) a.delegation_id = Guid::Parse(*delegation);
  return a;
}

// Binds what an assignment grants (assignment_id, scope, role_definition_id,
// principal_tenant_id, principal_id: the leading columns of both role_assignments and
// role_assignment_history) to ?first_index and the four after it.
SqlStatement& BindRoleAssignment(SqlStatement& s, int first_index, const RoleAssignment& a) {
  return s.Bind(first_index, a.name.ToString())
      .Bind(first_index + 1, a.scope.ToString())
      .Bind(first_index + 2, a.role_definition_id.ToString())
      .Bind(first_index + 3, a.principal.tenant_id.ToString())
      .Bind(first_index + 4, a.principal.object_id.ToString());
}

}  // namespace

Result<RoleAssignment> SqlRoleAssignmentStore::CreateRoleAssignment(
    const RoleAssignment& assignment) {
  // As stored: created now, and never updated yet (updated = created).
  RoleAssignment a = assignment;
  a.created_at = clock_.Now();
  a.updated_at = a.created_at;
  a.updated_by = a.created_by;
  const Error exists =
      Error::Conflict("RoleAssignmentExists", "The role assignment already exists.");
  PAL_TRY(pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        connection,
        fmt::format("INSERT INTO role_assignments({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                    "?10, ?11, ?12, NULL, NULL, NULL, ?13)",
                    kAssignmentColumns),
        [&](SqlStatement& s) {
          BindRoleAssignment(s, 1, a)
              .Bind(6, a.principal_type)
              .Bind(7, a.created_at)
              .Bind(8, a.created_by.tenant_id.ToString())
              .Bind(9, a.created_by.object_id.ToString())
              .BindOptional(10, a.description)
              .BindOptional(11, a.condition)
              .BindOptional(12, a.condition_version)
              .BindOptional(13, a.delegation_id
                                    ? std::optional<std::string>(a.delegation_id->ToString())
                                    : std::nullopt);
        },
        exists));
    return SqlConnectionPool::RunOn(
        connection,
        "INSERT INTO role_assignment_history(assignment_id, scope, role_definition_id, "
        "principal_tenant_id, principal_id, created_by_tenant_id, created_by_object_id, "
        "valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        [&](SqlStatement& s) {
          BindRoleAssignment(s, 1, a)
              .Bind(6, a.created_by.tenant_id.ToString())
              .Bind(7, a.created_by.object_id.ToString())
              .Bind(8, a.created_at);
        },
        exists);
  }));
  return a;
}

Result<void> SqlRoleAssignmentStore::DeleteRoleAssignment(const Guid& name,
                                                          const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto deleted = SqlConnectionPool::RunOn(
        connection, "DELETE FROM role_assignments WHERE assignment_id = ?1",
        [&](SqlStatement& s) { s.Bind(1, name.ToString()); }, Error::Internal("delete"));
    if (!deleted.ok()) return deleted;
    if (connection.Changes() == 0) {
      return Error::NotFound(
          "RoleAssignmentNotFound",
          fmt::format("The role assignment '{}' is not found.", name.ToString()));
    }
    return SqlConnectionPool::RunOn(
        connection,
        "UPDATE role_assignment_history SET valid_to = ?2, ended_by_tenant_id = ?3, "
        "ended_by_object_id = ?4 WHERE assignment_id = ?1 AND valid_to IS NULL",
        [&](SqlStatement& s) {
          s.Bind(1, name.ToString())
              .Bind(2, now)
              .Bind(3, actor.tenant_id.ToString())
              .Bind(4, actor.object_id.ToString());
        },
        Error::Internal("history"));
  });
}

Result<std::optional<RoleAssignment>> SqlRoleAssignmentStore::FindRoleAssignment(const Guid& name) {
  return pool_.QueryOne<RoleAssignment>(
      fmt::format("SELECT {} FROM role_assignments WHERE assignment_id = ?1", kAssignmentColumns),
      [&](SqlStatement& s) { s.Bind(1, name.ToString()); }, AssignmentFromRow);
}

Result<std::vector<RoleAssignment>> SqlRoleAssignmentStore::ListRoleAssignments(
    const std::optional<Guid>& subscription_id) {
  std::string sql = fmt::format("SELECT {} FROM role_assignments", kAssignmentColumns);
  std::string prefix;
  if (subscription_id) {
    // Scopes are stored as given; compare case-insensitively on the subscription prefix.
    sql += " WHERE lower(scope) = ?1 OR lower(scope) LIKE ?2 ESCAPE '\\'";
    prefix = "/subscriptions/" + subscription_id->ToString();
  }
  sql += " ORDER BY created_at, assignment_id";
  return pool_.QueryAll<RoleAssignment>(
      sql,
      [&](SqlStatement& s) {
        if (subscription_id) s.Bind(1, prefix).Bind(2, prefix + "/%");
      },
      AssignmentFromRow);
}

Result<void> SqlRoleAssignmentStore::UpdateRoleAssignment(const RoleAssignment& a) {
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        connection,
        "UPDATE role_assignments SET description = ?2, condition = ?3, condition_version = ?4, "
        "updated_at = ?5, updated_by_tenant_id = ?6, updated_by_object_id = ?7 "
        "WHERE assignment_id = ?1",
        [&](SqlStatement& s) {
          s.Bind(1, a.name.ToString())
              .BindOptional(2, a.description)
              .BindOptional(3, a.condition)
              .BindOptional(4, a.condition_version)
              .Bind(5, a.updated_at)
              .Bind(6, a.updated_by.tenant_id.ToString())
              .Bind(7, a.updated_by.object_id.ToString());
        },
        Error::Internal("update"));
    if (!updated.ok()) return updated;
    if (connection.Changes() == 0) {
      return Error::NotFound(
          "RoleAssignmentNotFound",
          fmt::format("The role assignment '{}' is not found.", a.name.ToString()));
    }
    return {};
  });
}

Result<std::vector<RoleAssignment>> SqlRoleAssignmentStore::ListRoleAssignmentsOfPrincipal(
    const PrincipalKey& principal) {
  return pool_.QueryAll<RoleAssignment>(
      fmt::format("SELECT {} FROM role_assignments WHERE principal_tenant_id = ?1 AND "
                  "principal_id = ?2 ORDER BY created_at, assignment_id",
                  kAssignmentColumns),
      [&](SqlStatement& s) {
        s.Bind(1, principal.tenant_id.ToString()).Bind(2, principal.object_id.ToString());
      },
      AssignmentFromRow);
}

Result<std::vector<RoleAssignment>> SqlRoleAssignmentStore::ListRoleAssignmentsInTenant(
    const Guid& tenant_id) {
  return pool_.QueryAll<RoleAssignment>(
      fmt::format("SELECT {} FROM role_assignments WHERE principal_tenant_id = ?1 "
                  "ORDER BY created_at, assignment_id",
                  kAssignmentColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, AssignmentFromRow);
}

}  // namespace pal::store
