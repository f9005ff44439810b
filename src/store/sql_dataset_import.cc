#include "store/sql_dataset_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/management_group.h"
#include "core/text.h"

namespace pal::store {
namespace {

const std::string kAdministrator = Guid().ToString();

// One prepared statement run many times inside the import's transaction.
class Insert {
 public:
  static Result<Insert> Prepare(SqlConnection& connection, std::string_view sql) {
    PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(connection, sql));
    return Insert(std::move(statement));
  }
  template <typename Bind>
  Result<void> Run(Bind bind, std::string_view what) {
    statement_.Reset();
    bind(statement_);
    auto run = statement_.Run();
    if (!run.ok()) {
      return Error::InvalidArgument("InvalidDataset",
                                    fmt::format("{}: {}", what, run.error().message));
    }
    return {};
  }

 private:
  explicit Insert(SqlStatement statement) : statement_(std::move(statement)) {}
  SqlStatement statement_;
};

std::string Lower(std::string_view s) { return ToLowerAscii(s); }

// "file:line", how an insert's error names the row.
template <typename Row>
std::string Where(const DatasetTable<Row>& table, size_t line) {
  return fmt::format("{}:{}", table.file, line);
}

// The actor of an interval's end: the administrator when it ended.
void BindEndedBy(SqlStatement& s, int index, const std::optional<Timestamp>& end) {
  if (end)
    s.Bind(index, kAdministrator);
  else
    s.BindNull(index);
}

// A row of a table with a history binds the columns the two share once, for both statements.

// tenant_id, object_id, kind, name: ?1-?4 of principals and principal_history.
void BindPrincipal(SqlStatement& s, const DatasetPrincipal& p) {
  s.Bind(1, p.tenant_id.ToString())
      .Bind(2, p.object_id.ToString())
      .Bind(3, PrincipalKindName(p.kind))
      .Bind(4, p.display_name);
}

// subscription_id, tenant_id, display_name, offer, state, parent_group_id: ?1-?6 of
// subscriptions and subscription_history.
void BindSubscription(SqlStatement& s, const DatasetSubscription& subscription,
                      const std::string& parent_group_id) {
  s.Bind(1, subscription.subscription_id.ToString())
      .Bind(2, subscription.tenant_id.ToString())
      .Bind(3, subscription.display_name)
      .Bind(4, SubscriptionOfferName(subscription.offer))
      .Bind(5, SubscriptionStateName(subscription.state))
      .Bind(6, parent_group_id);
}

// assignment_id, scope, role_definition_id, principal_tenant_id, principal_id, the creator
// (?6, both its columns: the administrator) and when it was created (?7): ?1-?7 of
// role_assignments and role_assignment_history.
void BindRoleAssignment(SqlStatement& s, const DatasetRoleAssignment& a, const std::string& scope) {
  s.Bind(1, a.assignment_id.ToString())
      .Bind(2, scope)
      .Bind(3, a.role_definition_id.ToString())
      .Bind(4, a.principal_tenant_id.ToString())
      .Bind(5, a.principal_id.ToString())
      .Bind(6, kAdministrator)
      .Bind(7, a.created_at);
}

// The statements that add the resource group a scope names (and, for a resource, the
// resource) when it is not there yet.
struct ScopeInserts {
  Insert resource_group;
  Insert resource;

  static Result<ScopeInserts> Prepare(SqlConnection& c) {
    PAL_ASSIGN_OR_RETURN(auto resource_group,
                         Insert::Prepare(c,
                                         "INSERT INTO resource_groups(subscription_id, name, "
                                         "location, created_at) VALUES (?1, ?2, 'global', ?3) "
                                         "ON CONFLICT DO NOTHING"));
    PAL_ASSIGN_OR_RETURN(auto resource,
                         Insert::Prepare(c,
                                         "INSERT INTO resources(resource_id, subscription_id, "
                                         "created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"));
    return ScopeInserts{std::move(resource_group), std::move(resource)};
  }

  Result<void> Run(const ResourceId& scope, Timestamp at, std::string_view where) {
    if (!scope.resource_group()) return {};
    const std::string sub = Lower(*scope.subscription_id());
    PAL_TRY(resource_group.Run(
        [&](SqlStatement& s) { s.Bind(1, sub).Bind(2, *scope.resource_group()).Bind(3, at); },
        where));
    if (scope.level() != ScopeLevel::kResource) return {};
    return resource.Run(
        [&](SqlStatement& s) { s.Bind(1, scope.ToString()).Bind(2, sub).Bind(3, at); }, where);
  }
};

}  // namespace

Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetPartner>& table) {
  PAL_ASSIGN_OR_RETURN(auto partner,
                       Insert::Prepare(c_,
                                       "INSERT INTO partners(partner_id, name, kind, global_id, "
                                       "status, created_at) VALUES (?1, ?2, 'location', NULL, "
                                       "'Active', ?3)"));
  PAL_ASSIGN_OR_RETURN(
      auto partner_history,
      Insert::Prepare(
          c_,
          "INSERT INTO partner_history(partner_id, action, name, kind, status, "
          "actor_tenant_id, actor_object_id, valid_from) VALUES (?1, 'add', ?2, 'location', "
          "'Active', ?3, ?3, ?4)"));
  for (const auto& p : d_.*table.rows) {
    partner_names_[p.partner_id] = p.partner_name;
    const std::string where = Where(table, p.line);
    PAL_TRY(partner.Run(
        [&](SqlStatement& s) { s.Bind(1, p.partner_id).Bind(2, p.partner_name).Bind(3, now_); },
        where));
    PAL_TRY(partner_history.Run(
        [&](SqlStatement& s) {
          s.Bind(1, p.partner_id).Bind(2, p.partner_name).Bind(3, kAdministrator).Bind(4, now_);
        },
        where));
  }
  return {};
}

Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetTenant>& table) {
  PAL_ASSIGN_OR_RETURN(
      auto tenant,
      Insert::Prepare(c_, "INSERT INTO tenants(tenant_id, name, created_at) VALUES (?1, ?2, ?3)"));
  for (const auto& t : d_.*table.rows) {
    PAL_TRY(tenant.Run(
        [&](SqlStatement& s) {
          s.Bind(1, t.tenant_id.ToString()).Bind(2, t.display_name).Bind(3, now_);
        },
        Where(table, t.line)));
  }
  PAL_ASSIGN_OR_RETURN(
      auto home_tenant,
      Insert::Prepare(c_, "UPDATE partners SET home_tenant_id = ?2 WHERE partner_id = ?1"));
  for (const auto& p : d_.partners) {
    if (!p.home_tenant_id) continue;
    PAL_TRY(home_tenant.Run(
        [&](SqlStatement& s) { s.Bind(1, p.partner_id).Bind(2, p.home_tenant_id->ToString()); },
        Where(kPartnersTable, p.line)));
  }
  return {};
}

// Principals carry no credentials (a data set has none); a service principal keeps the app id
// the data set gives it.
Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetPrincipal>& table) {
  PAL_ASSIGN_OR_RETURN(auto principal,
                       Insert::Prepare(c_,
                                       "INSERT INTO principals(tenant_id, object_id, kind, name, "
                                       "sign_in_name, app_id, secret_hash, created_at) VALUES "
                                       "(?1, ?2, ?3, ?4, NULL, ?6, '!', ?5)"));
  PAL_ASSIGN_OR_RETURN(
      auto principal_history,
      Insert::Prepare(c_,
                      "INSERT INTO principal_history(tenant_id, object_id, action, kind, name, "
                      "actor_tenant_id, actor_object_id, valid_from, app_id) VALUES (?1, ?2, "
                      "'create', ?3, ?4, ?5, ?5, ?6, ?7)"));
  for (const auto& p : d_.*table.rows) {
    kinds_[p.object_id] = p.kind;
    const std::string where = Where(table, p.line);
    std::optional<std::string> app_id;
    if (p.app_id) app_id = p.app_id->ToString();
    PAL_TRY(principal.Run(
        [&](SqlStatement& s) {
          BindPrincipal(s, p);
          s.Bind(5, now_).BindOptional(6, app_id);
        },
        where));
    PAL_TRY(principal_history.Run(
        [&](SqlStatement& s) {
          BindPrincipal(s, p);
          s.Bind(5, kAdministrator).Bind(6, now_).BindOptional(7, app_id);
        },
        where));
  }
  return {};
}

Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetManagementGroup>& table) {
  PAL_ASSIGN_OR_RETURN(
      auto group, Insert::Prepare(c_,
                                  "INSERT INTO management_groups(group_id, tenant_id, "
                                  "display_name, parent_id, created_at) VALUES (?1, ?2, ?3, ?4, "
                                  "?5)"));
  const auto& groups = d_.*table.rows;
  for (const auto& g : groups) canonical_group_[Lower(g.group_id)] = g.group_id;
  // Every tenant's root group, as the data set spells it if it does.
  for (const auto& t : d_.tenants) {
    const std::string root = Lower(t.tenant_id.ToString());
    if (!canonical_group_.count(root)) canonical_group_[root] = t.tenant_id.ToString();
    PAL_TRY(group.Run(
        [&](SqlStatement& s) {
          s.Bind(1, canonical_group_[root])
              .Bind(2, t.tenant_id.ToString())
              .Bind(3, kTenantRootGroupDisplayName)
              .BindNull(4)
              .Bind(5, now_);
        },
        Where(kTenantsTable, t.line)));
  }
  // The other groups, parents first.
  std::set<std::string> inserted;
  for (const auto& t : d_.tenants) inserted.insert(Lower(t.tenant_id.ToString()));
  std::vector<const DatasetManagementGroup*> pending;
  for (const auto& g : groups) {
    if (!inserted.count(Lower(g.group_id))) pending.push_back(&g);
  }
  while (!pending.empty()) {
    std::vector<const DatasetManagementGroup*> later;
    for (const auto* g : pending) {
      if (g->parent_group_id && !inserted.count(Lower(*g->parent_group_id))) {
        later.push_back(g);
        continue;
      }
      const std::optional<std::string> parent =
          g->parent_group_id
              ? std::optional<std::string>(canonical_group_[Lower(*g->parent_group_id)])
              : std::nullopt;
      PAL_TRY(group.Run(
          [&](SqlStatement& s) {
            s.Bind(1, g->group_id)
                .Bind(2, g->tenant_id.ToString())
                .Bind(3, g->group_id)
                .BindOptional(4, parent)
                .Bind(5, now_);
          },
          Where(table, g->line)));
      inserted.insert(Lower(g->group_id));
    }
    if (later.size() == pending.size()) {
      return Error::InvalidArgument(
          "InvalidDataset",
          fmt::format("{}: the parent group cannot be placed", Where(table, later.front()->line)));
    }
    pending = std::move(later);
  }
  return {};
}

Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetSubscription>& table) {
  PAL_ASSIGN_OR_RETURN(auto subscription,
                       Insert::Prepare(c_,
                                       "INSERT INTO subscriptions(subscription_id, tenant_id, "
                                       "display_name, offer, state, created_at, parent_group_id) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6)"));
  PAL_ASSIGN_OR_RETURN(
      auto subscription_history,
      Insert::Prepare(c_,
                      "INSERT INTO subscription_history(subscription_id, tenant_id, action, "
                      "display_name, offer, state, parent_group_id, actor_tenant_id, "
                      "actor_object_id, valid_from) VALUES (?1, ?2, 'create', ?3, ?4, ?5, ?6, "
                      "?7, ?7, ?8)"));
  for (const auto& s : d_.*table.rows) {
    const std::string parent = s.management_group_id
                                   ? canonical_group_[Lower(*s.management_group_id)]
                                   : s.tenant_id.ToString();
    const std::string where = Where(table, s.line);
    PAL_TRY(subscription.Run(
        [&](SqlStatement& st) {
          BindSubscription(st, s, parent);
          st.Bind(7, now_);
        },
        where));
    PAL_TRY(subscription_history.Run(
        [&](SqlStatement& st) {
          BindSubscription(st, s, parent);
          st.Bind(7, kAdministrator).Bind(8, now_);
        },
        where));
  }
  return {};
}

Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetRoleAssignment>& table) {
  PAL_ASSIGN_OR_RETURN(auto scopes, ScopeInserts::Prepare(c_));
  PAL_ASSIGN_OR_RETURN(
      auto assignment,
      Insert::Prepare(c_,
                      "INSERT INTO role_assignments(assignment_id, scope, role_definition_id, "
                      "principal_tenant_id, "
                      "principal_id, principal_type, created_at, created_by_tenant_id, "
                      "created_by_object_id) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?8, ?7, ?6, ?6)"));
  PAL_ASSIGN_OR_RETURN(
      auto assignment_history,
      Insert::Prepare(c_,
                      "INSERT INTO role_assignment_history(assignment_id, scope, "
                      "role_definition_id, principal_tenant_id, principal_id, "
                      "created_by_tenant_id, created_by_object_id, valid_from, "
                      "valid_to, ended_by_tenant_id, ended_by_object_id) VALUES (?1, ?2, ?3, "
                      "?4, ?5, ?6, ?6, ?7, ?8, ?9, ?9)"));
  for (const auto& a : d_.*table.rows) {
    const std::string where = Where(table, a.line);
    const std::string scope = a.scope.ToString();
    PAL_TRY(scopes.Run(a.scope, a.created_at, where));
    const auto kind = kinds_.count(a.principal_id) ? kinds_[a.principal_id] : PrincipalKind::kUser;
    const std::string type = kind == PrincipalKind::kServicePrincipal ? "ServicePrincipal" : "User";
    if (!a.deleted_at) {
      PAL_TRY(assignment.Run(
          [&](SqlStatement& s) {
            BindRoleAssignment(s, a, scope);
            s.Bind(8, type);
          },
          where));
    }
    PAL_TRY(assignment_history.Run(
        [&](SqlStatement& s) {
          BindRoleAssignment(s, a, scope);
          s.BindOptional(8, a.deleted_at);
          BindEndedBy(s, 9, a.deleted_at);
        },
        where));
  }
  return {};
}

// The intervals of each principal become its link and the history of changes (create, update
// when one interval follows another at once, delete at a gap or the end).
Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetLink>& table) {
  std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>> by_owner;
  for (const auto& l : d_.*table.rows) by_owner[{l.tenant_id, l.object_id}].push_back(&l);
  PAL_ASSIGN_OR_RETURN(
      auto link,
      Insert::Prepare(c_,
                      "INSERT INTO partner_links(tenant_id, object_id, partner_id, partner_name, "
                      "state, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                      "?7, ?8)"));
  PAL_ASSIGN_OR_RETURN(
      auto history,
      Insert::Prepare(c_,
                      "INSERT INTO partner_link_history(tenant_id, object_id, version, action, "
                      "actor_tenant_id, actor_object_id, old_partner_id, new_partner_id, "
                      "old_state, new_state, valid_from, valid_to) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  for (auto& [owner, intervals] : by_owner) {
    std::sort(intervals.begin(), intervals.end(),
              [](auto* x, auto* y) { return x->linked_at < y->linked_at; });
    const std::string tenant_text = owner.first.ToString();
    const std::string object_text = owner.second.ToString();
    std::int64_t version = 0;
    auto add = [&](std::string_view action, const std::optional<std::string>& old_partner,
                   const std::string& new_partner, const std::optional<std::string>& old_state,
                   std::string_view new_state, Timestamp from, std::optional<Timestamp> to,
                   size_t line) {
      ++version;
      return history.Run(
          [&](SqlStatement& s) {
            s.Bind(1, tenant_text)
                .Bind(2, object_text)
                .Bind(3, version)
                .Bind(4, action)
                .Bind(5, kAdministrator)
                .BindOptional(6, old_partner)
                .Bind(7, new_partner)
                .BindOptional(8, old_state)
                .Bind(9, new_state)
                .Bind(10, from)
                .BindOptional(11, to);
          },
          Where(table, line));
    };
    Timestamp last_change = 0;
    for (size_t k = 0; k < intervals.size(); ++k) {
      const DatasetLink& l = *intervals[k];
      const DatasetLink* previous = k > 0 ? intervals[k - 1] : nullptr;
      const bool follows =
          previous && previous->unlinked_at && *previous->unlinked_at == l.linked_at;
      if (follows) {
        PAL_TRY(add("update", previous->partner_id, l.partner_id, std::string("Active"), "Active",
                    l.linked_at, l.unlinked_at, l.line));
      } else {
        PAL_TRY(add("create",
                    previous ? std::optional<std::string>(previous->partner_id) : std::nullopt,
                    l.partner_id, previous ? std::optional<std::string>("Deleted") : std::nullopt,
                    "Active", l.linked_at, l.unlinked_at, l.line));
      }
      last_change = l.linked_at;
      const DatasetLink* next = k + 1 < intervals.size() ? intervals[k + 1] : nullptr;
      if (l.unlinked_at && !(next && next->linked_at == *l.unlinked_at)) {
        PAL_TRY(add("delete", l.partner_id, l.partner_id, std::string("Active"), "Deleted",
                    *l.unlinked_at, next ? std::optional<Timestamp>(next->linked_at) : std::nullopt,
                    l.line));
        last_change = *l.unlinked_at;
      }
    }
    const DatasetLink& final = *intervals.back();
    PAL_TRY(link.Run(
        [&](SqlStatement& s) {
          s.Bind(1, tenant_text)
              .Bind(2, object_text)
              .Bind(3, final.partner_id)
              .Bind(4, partner_names_[final.partner_id])
              .Bind(5, final.unlinked_at ? "Deleted" : "Active")
              .Bind(6, version)
              .Bind(7, intervals.front()->linked_at)
              .Bind(8, last_change);
        },
        Where(table, final.line)));
  }
  return {};
}

// The rows of one delegation (one id in one customer tenant) become, while in force, a
// registration definition and assignment of that customer (both with the delegation's id);
// every row is a history row.
Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetDelegation>& table) {
  PAL_ASSIGN_OR_RETURN(auto scopes, ScopeInserts::Prepare(c_));
  PAL_ASSIGN_OR_RETURN(
      auto definition,
      Insert::Prepare(c_,
                      "INSERT INTO registration_definitions(definition_id, scope, "
                      "customer_tenant_id, name, description, managed_by_tenant_id, created_at, "
                      "created_by_tenant_id, created_by_object_id) VALUES (?1, ?2, ?3, "
                      "'Imported delegation', '', ?4, ?5, ?6, ?6)"));
  PAL_ASSIGN_OR_RETURN(
      auto authorization,
      Insert::Prepare(c_,
                      "INSERT INTO registration_authorizations(definition_id, position, "
                      "principal_id, principal_display_name, role_definition_id, "
                      "customer_tenant_id) VALUES (?1, ?2, ?3, '', ?4, ?5)"));
  PAL_ASSIGN_OR_RETURN(
      auto registration,
      Insert::Prepare(c_,
                      "INSERT INTO registration_assignments(assignment_id, scope, "
                      "customer_tenant_id, definition_id, created_at, created_by_tenant_id, "
                      "created_by_object_id) VALUES (?1, ?2, ?3, ?1, ?4, ?5, ?5)"));
  PAL_ASSIGN_OR_RETURN(
      auto delegation_history,
      Insert::Prepare(c_,
                      "INSERT INTO delegation_history(assignment_id, scope, customer_tenant_id, "
                      "managing_tenant_id, principal_id, role_definition_id, "
                      "created_by_tenant_id, created_by_object_id, valid_from, valid_to, "
                      "ended_by_tenant_id, ended_by_object_id) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?10)"));
  std::map<std::pair<Guid, Guid>, std::int64_t> positions;  // (customer tenant, delegation id)
  for (const auto& g : d_.*table.rows) {
    const std::string where = Where(table, g.line);
    const std::string scope = g.scope.ToString();
    const std::string id = g.delegation_id.ToString();
    PAL_TRY(scopes.Run(g.scope, g.created_at, where));
    if (!g.deleted_at) {
      const std::pair<Guid, Guid> key{g.customer_tenant_id, g.delegation_id};
      const bool first = positions.find(key) == positions.end();
      const std::int64_t position = positions[key]++;
      if (first) {
        PAL_TRY(definition.Run(
            [&](SqlStatement& s) {
              s.Bind(1, id)
                  .Bind(2, "/subscriptions/" + Lower(*g.scope.subscription_id()))
                  .Bind(3, g.customer_tenant_id.ToString())
                  .Bind(4, g.managing_tenant_id.ToString())
                  .Bind(5, g.created_at)
                  .Bind(6, kAdministrator);
            },
            where));
        PAL_TRY(registration.Run(
            [&](SqlStatement& s) {
              s.Bind(1, id)
                  .Bind(2, scope)
                  .Bind(3, g.customer_tenant_id.ToString())
                  .Bind(4, g.created_at)
                  .Bind(5, kAdministrator);
            },
            where));
      }
      PAL_TRY(authorization.Run(
          [&](SqlStatement& s) {
            s.Bind(1, id)
                .Bind(2, position)
                .Bind(3, g.principal_id.ToString())
                .Bind(4, g.role_definition_id.ToString())
                .Bind(5, g.customer_tenant_id.ToString());
          },
          where));
    }
    PAL_TRY(delegation_history.Run(
        [&](SqlStatement& s) {
          s.Bind(1, id)
              .Bind(2, scope)
              .Bind(3, g.customer_tenant_id.ToString())
              .Bind(4, g.managing_tenant_id.ToString())
              .Bind(5, g.principal_id.ToString())
              .Bind(6, g.role_definition_id.ToString())
              .Bind(7, kAdministrator)
              .Bind(8, g.created_at)
              .BindOptional(9, g.deleted_at);
          BindEndedBy(s, 10, g.deleted_at);
        },
        where));
  }
  return {};
}

// Every interval is a history row; one that another follows at once was replaced.
Result<void> SqlDatasetImport::Table(const DatasetTable<DatasetPartnerOfRecord>& table) {
  PAL_ASSIGN_OR_RETURN(
      auto partners_of_record,
      Insert::Prepare(c_,
                      "INSERT INTO dpor_history(subscription_id, partner_id, "
                      "assigned_by_tenant_id, assigned_by_object_id, valid_from, valid_to, "
                      "ended_by_tenant_id, ended_by_object_id, end_reason) VALUES (?1, ?2, ?3, "
                      "?3, ?4, ?5, ?6, ?6, ?7)"));
  std::map<Guid, std::vector<const DatasetPartnerOfRecord*>> by_subscription;
  for (const auto& p : d_.*table.rows) by_subscription[p.subscription_id].push_back(&p);
  for (auto& [subscription, intervals] : by_subscription) {
    std::sort(intervals.begin(), intervals.end(),
              [](auto* x, auto* y) { return x->assigned_at < y->assigned_at; });
    for (size_t k = 0; k < intervals.size(); ++k) {
      const DatasetPartnerOfRecord& p = *intervals[k];
      const bool replaced = k + 1 < intervals.size() && p.removed_at &&
                            intervals[k + 1]->assigned_at == *p.removed_at;
      const std::optional<std::string> reason =
          p.removed_at ? std::optional<std::string>(replaced ? "replaced" : "removed")
                       : std::nullopt;
      PAL_TRY(partners_of_record.Run(
          [&](SqlStatement& s) {
            s.Bind(1, subscription.ToString())
                .Bind(2, p.partner_id)
                .Bind(3, kAdministrator)
                .Bind(4, p.assigned_at)
                .BindOptional(5, p.removed_at);
            BindEndedBy(s, 6, p.removed_at);
            s.BindOptional(7, reason);
          },
          Where(table, p.line)));
    }
  }
  return {};
}

}  // namespace pal::store
