#include "store/sql_managed_services_store.h"

#include <fmt/format.h>

#include <map>

namespace pal::store {
namespace {

Error NotFound(std::string_view what, const Guid& id) {
  return Error::NotFound(fmt::format("{}NotFound", what),
                         fmt::format("The {} '{}' could not be found.",
                                     what == "RegistrationDefinition" ? "registration definition"
                                                                      : "registration assignment",
                                     id.ToString()));
}

RegistrationAssignment AssignmentFromRow(const SqlStatement& r) {
  auto scope = ResourceId::Parse(r.ColumnText(1));
  return RegistrationAssignment{r.ColumnGuid(0), scope.ok() ? *scope : ResourceId::Root(),
                                r.ColumnGuid(2), r.ColumnGuid(3),
                                r.ColumnInt(4),  {r.ColumnGuid(5), r.ColumnGuid(6)}};
}

// delegatedRoleDefinitionIds are kept as one comma-separated column of GUIDs.
std::string JoinRoles(const std::vector<Guid>& roles) {
  std::string text;
  for (const auto& role : roles) {
    if (!text.empty()) text += ',';
    text += role.ToString();
  }
  return text;
}

std::vector<Guid> SplitRoles(std::string_view text) {
  std::vector<Guid> roles;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    if (auto role = Guid::Parse(text.substr(0, comma))) roles.push_back(*role);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return roles;
}

constexpr std::string_view kAssignmentColumns =
    "assignment_id, scope, customer_tenant_id, definition_id, created_at, created_by_tenant_id, "
    "created_by_object_id";

}  // namespace

Result<void> SqlManagedServicesStore::CreateRegistrationDefinition(
    const RegistrationDefinition& d) {
  const Error exists = Error::Conflict(
      "RegistrationDefinitionExists",
      fmt::format("The registration definition '{}' already exists.", d.id.ToString()));
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto inserted = SqlConnectionPool::RunOn(
        c,
        "INSERT INTO registration_definitions(definition_id, scope, customer_tenant_id, name, "
        "description, managed_by_tenant_id, created_at, created_by_tenant_id, "
        "created_by_object_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        [&](SqlStatement& s) {
          s.Bind(1, d.id.ToString())
              .Bind(2, d.scope.ToString())
              .Bind(3, d.customer_tenant_id.ToString())
              .Bind(4, d.name)
              .Bind(5, d.description)
              .Bind(6, d.managed_by_tenant_id.ToString())
              .Bind(7, d.created_at)
              .Bind(8, d.created_by.tenant_id.ToString())
              .Bind(9, d.created_by.object_id.ToString());
        },
        exists);
    if (!inserted.ok()) return inserted;
    for (size_t i = 0; i < d.authorizations.size(); ++i) {
      const auto& a = d.authorizations[i];
      auto added = SqlConnectionPool::RunOn(
          c,
          "INSERT INTO registration_authorizations(definition_id, position, principal_id, "
          "principal_display_name, role_definition_id, delegated_role_definition_ids, "
          "customer_tenant_id) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
          [&](SqlStatement& s) {
            s.Bind(1, d.id.ToString())
                .Bind(2, static_cast<std::int64_t>(i))
                .Bind(3, a.principal_id.ToString())
                .Bind(4, a.principal_display_name)
                .Bind(5, a.role_definition_id.ToString())
                .Bind(6, JoinRoles(a.delegated_role_definition_ids))
                .Bind(7, d.customer_tenant_id.ToString());
          },
          exists);
      if (!added.ok()) return added;
    }
    return {};
  });
}

Result<std::vector<RegistrationDefinition>> SqlManagedServicesStore::QueryDefinitions(
    const Guid& customer_tenant_id, const std::optional<Guid>& id) {
  PAL_ASSIGN_OR_RETURN(
      auto definitions,
      pool_.QueryAll<RegistrationDefinition>(
          fmt::format(
              "SELECT definition_id, scope, customer_tenant_id, name, description, "
              "managed_by_tenant_id, created_at, created_by_tenant_id, created_by_object_id "
              "FROM registration_definitions WHERE customer_tenant_id = ?1{} ORDER BY "
              "definition_id",
              id ? " AND definition_id = ?2" : ""),
          [&](SqlStatement& s) {
            s.Bind(1, customer_tenant_id.ToString());
            if (id) s.Bind(2, id->ToString());
          },
          [](const SqlStatement& r) {
            auto scope = ResourceId::Parse(r.ColumnText(1));
            return RegistrationDefinition{r.ColumnGuid(0),
                                          scope.ok() ? *scope : ResourceId::Root(),
                                          r.ColumnGuid(2),
                                          r.ColumnText(3),
                                          r.ColumnText(4),
                                          r.ColumnGuid(5),
                                          {},
                                          r.ColumnInt(6),
                                          {r.ColumnGuid(7), r.ColumnGuid(8)}};
          }));
  for (auto& d : definitions) {
    auto authorizations = pool_.QueryAll<DelegationAuthorization>(
        "SELECT principal_id, principal_display_name, role_definition_id, "
        "delegated_role_definition_ids "
        "FROM registration_authorizations WHERE customer_tenant_id = ?1 AND definition_id = ?2 "
        "ORDER BY position",
        [&](SqlStatement& s) {
          s.Bind(1, d.customer_tenant_id.ToString()).Bind(2, d.id.ToString());
        },
        [](const SqlStatement& r) {
          return DelegationAuthorization{r.ColumnGuid(0), r.ColumnText(1), r.ColumnGuid(2),
                                         SplitRoles(r.ColumnText(3))};
        });
    if (!authorizations.ok()) return authorizations.error();
    d.authorizations = std::move(*authorizations);
  }
  return definitions;
}

Result<std::optional<RegistrationDefinition>> SqlManagedServicesStore::FindRegistrationDefinition(
    const Guid& customer_tenant_id, const Guid& id) {
  PAL_ASSIGN_OR_RETURN(auto found, QueryDefinitions(customer_tenant_id, id));
  if (found.empty()) return std::optional<RegistrationDefinition>();
  return std::optional<RegistrationDefinition>(std::move(found.front()));
}

Result<std::vector<RegistrationDefinition>> SqlManagedServicesStore::ListRegistrationDefinitions(
    const Guid& customer_tenant_id) {
  return QueryDefinitions(customer_tenant_id, std::nullopt);
}

Result<void> SqlManagedServicesStore::DeleteRegistrationDefinition(const Guid& customer_tenant_id,
                                                                   const Guid& id) {
  const std::string tenant = customer_tenant_id.ToString();
  PAL_ASSIGN_OR_RETURN(
      auto used,
      pool_.QueryOne<std::int64_t>(
          "SELECT count(*) FROM registration_assignments WHERE customer_tenant_id = ?1 AND "
          "definition_id = ?2",
          [&](SqlStatement& s) { s.Bind(1, tenant).Bind(2, id.ToString()); },
          [](const SqlStatement& r) { return r.ColumnInt(0); }));
  if (used.value_or(0) > 0) {
    return Error::Conflict("RegistrationDefinitionInUse",
                           fmt::format("The registration definition '{}' is used by a registration "
                                       "assignment; delete the assignment first.",
                                       id.ToString()));
  }
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    const Error conflict =
        Error::Conflict("RegistrationDefinitionInUse", "The registration definition is in use.");
    auto removed = SqlConnectionPool::RunOn(
        c,
        "DELETE FROM registration_authorizations WHERE customer_tenant_id = ?1 AND definition_id = "
        "?2",
        [&](SqlStatement& s) { s.Bind(1, tenant).Bind(2, id.ToString()); }, conflict);
    if (!removed.ok()) return removed;
    auto deleted = SqlConnectionPool::RunOn(
        c,
        "DELETE FROM registration_definitions WHERE customer_tenant_id = ?1 AND definition_id = ?2",
        [&](SqlStatement& s) { s.Bind(1, tenant).Bind(2, id.ToString()); }, conflict);
    if (!deleted.ok()) return deleted;
    if (c.Changes() == 0) return NotFound("RegistrationDefinition", id);
    return {};
  });
}

Result<RegistrationAssignment> SqlManagedServicesStore::CreateRegistrationAssignment(
    const RegistrationAssignment& assignment) {
  RegistrationAssignment a = assignment;
  a.created_at = clock_.Now();
  // The definition of the assignment's own customer tenant: another customer's of the same id
  // is no definition here.
  PAL_ASSIGN_OR_RETURN(auto definition,
                       FindRegistrationDefinition(a.customer_tenant_id, a.definition_id));
  if (!definition) return NotFound("RegistrationDefinition", a.definition_id);
  const Error exists = Error::Conflict(
      "RegistrationAssignmentExists",
      fmt::format("Another registration assignment present at this scope '{}' for registration "
                  "definition '{}'. Multiple registration assignments are not allowed.",
                  a.scope.ToString(), a.definition_id.ToString()));
  PAL_TRY(pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        c,
        fmt::format("INSERT INTO registration_assignments({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    kAssignmentColumns),
        [&](SqlStatement& s) {
          s.Bind(1, a.id.ToString())
              .Bind(2, a.scope.ToString())
              .Bind(3, a.customer_tenant_id.ToString())
              .Bind(4, a.definition_id.ToString())
              .Bind(5, a.created_at)
              .Bind(6, a.created_by.tenant_id.ToString())
              .Bind(7, a.created_by.object_id.ToString());
        },
        exists));
    for (const auto& auth : definition->authorizations) {
      PAL_TRY(SqlConnectionPool::RunOn(
          c,
          "INSERT INTO delegation_history(assignment_id, scope, customer_tenant_id, "
          "managing_tenant_id, principal_id, role_definition_id, created_by_tenant_id, "
          "created_by_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
          [&](SqlStatement& s) {
            s.Bind(1, a.id.ToString())
                .Bind(2, a.scope.ToString())
                .Bind(3, a.customer_tenant_id.ToString())
                .Bind(4, definition->managed_by_tenant_id.ToString())
                .Bind(5, auth.principal_id.ToString())
                .Bind(6, auth.role_definition_id.ToString())
                .Bind(7, a.created_by.tenant_id.ToString())
                .Bind(8, a.created_by.object_id.ToString())
                .Bind(9, a.created_at);
          },
          exists));
    }
    return {};
  }));
  return a;
}

Result<std::optional<RegistrationAssignment>> SqlManagedServicesStore::FindRegistrationAssignment(
    const Guid& customer_tenant_id, const Guid& id) {
  return pool_.QueryOne<RegistrationAssignment>(
      fmt::format("SELECT {} FROM registration_assignments WHERE customer_tenant_id = ?1 AND "
                  "assignment_id = ?2",
                  kAssignmentColumns),
      [&](SqlStatement& s) { s.Bind(1, customer_tenant_id.ToString()).Bind(2, id.ToString()); },
      AssignmentFromRow);
}

Result<std::vector<RegistrationAssignment>> SqlManagedServicesStore::ListRegistrationAssignments(
    const Guid& customer_tenant_id) {
  return pool_.QueryAll<RegistrationAssignment>(
      fmt::format("SELECT {} FROM registration_assignments WHERE customer_tenant_id = ?1 ORDER BY "
                  "assignment_id",
                  kAssignmentColumns),
      [&](SqlStatement& s) { s.Bind(1, customer_tenant_id.ToString()); }, AssignmentFromRow);
}

Result<void> SqlManagedServicesStore::DeleteRegistrationAssignment(const Guid& customer_tenant_id,
                                                                   const Guid& id,
                                                                   const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  const Error conflict = Error::Conflict("Conflict", "The registration assignment changed.");
  const std::string tenant = customer_tenant_id.ToString();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        c,
        "DELETE FROM registration_assignments WHERE customer_tenant_id = ?1 AND assignment_id = ?2",
        [&](SqlStatement& s) { s.Bind(1, tenant).Bind(2, id.ToString()); }, conflict));
    if (c.Changes() == 0) return NotFound("RegistrationAssignment", id);
    return SqlConnectionPool::RunOn(
        c,
        "UPDATE delegation_history SET valid_to = ?2, ended_by_tenant_id = ?3, ended_by_object_id "
        "= "
        "?4 WHERE customer_tenant_id = ?5 AND assignment_id = ?1 AND valid_to IS NULL",
        [&](SqlStatement& s) {
          s.Bind(1, id.ToString())
              .Bind(2, now)
              .Bind(3, actor.tenant_id.ToString())
              .Bind(4, actor.object_id.ToString())
              .Bind(5, tenant);
        },
        conflict);
  });
}

Result<std::vector<DelegatedGrant>> SqlManagedServicesStore::ListDelegatedGrants(
    const PrincipalKey& principal) {
  return pool_.QueryAll<DelegatedGrant>(
      "SELECT a.assignment_id, a.scope, a.customer_tenant_id, z.role_definition_id, "
      "z.delegated_role_definition_ids FROM "
      "registration_assignments a JOIN registration_definitions d ON d.customer_tenant_id = "
      "a.customer_tenant_id AND d.definition_id = a.definition_id JOIN registration_authorizations "
      "z "
      "ON z.customer_tenant_id = d.customer_tenant_id AND z.definition_id = d.definition_id "
      "WHERE d.managed_by_tenant_id = ?1 AND z.principal_id = ?2 ORDER BY a.customer_tenant_id, "
      "a.assignment_id",
      [&](SqlStatement& s) {
        s.Bind(1, principal.tenant_id.ToString()).Bind(2, principal.object_id.ToString());
      },
      [](const SqlStatement& r) {
        auto scope = ResourceId::Parse(r.ColumnText(1));
        return DelegatedGrant{r.ColumnGuid(0), scope.ok() ? *scope : ResourceId::Root(),
                              r.ColumnGuid(2), r.ColumnGuid(3), SplitRoles(r.ColumnText(4))};
      });
}

}  // namespace pal::store
