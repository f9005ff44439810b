#include "store/sql_dataset_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "store/sql_power_platform_store.h"

namespace pal::store {
namespace {

const std::string kAdministrator = Guid().ToString();

// One prepared statement run many times inside the import's transaction.
class Insert {
 public:
  static Result<Insert> Prepare(SqlConnection& connection, std::string_view sql) {
    auto statement = SqlStatement::Prepare(connection, sql);
    if (!statement.ok()) return statement.error();
    return Insert(std::move(*statement));
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

}  // namespace

Result<void> SqlDatasetStore::Import(const Dataset& d, const PowerPlatformUsage& power_platform,
                                     Timestamp now) {
  auto existing = pool_.QueryOne<std::int64_t>(
      "SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM partners)",
      [](SqlStatement&) {}, [](const SqlStatement& row) { return row.ColumnInt(0); });
  if (!existing.ok()) return existing.error();
  if (existing->value_or(0) > 0) {
    return Error::Conflict("DataDirectoryNotEmpty",
                           "The data directory already holds tenants or partners; import a data "
                           "set into a new data directory (--data).");
  }
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    // Partners and tenants.
    auto partner = Insert::Prepare(c,
                                   "INSERT INTO partners(partner_id, name, kind, global_id, "
                                   "status, created_at) VALUES (?1, ?2, 'location', NULL, "
                                   "'Active', ?3)");
    if (!partner.ok()) return partner.error();
    auto partner_history = Insert::Prepare(
        c,
        "INSERT INTO partner_history(partner_id, action, name, kind, status, actor_tenant_id, "
        "actor_object_id, valid_from) VALUES (?1, 'add', ?2, 'location', 'Active', ?3, ?3, ?4)");
    if (!partner_history.ok()) return partner_history.error();
    std::map<std::string, std::string> partner_names;
    for (const auto& p : d.partners) {
      partner_names[p.partner_id] = p.partner_name;
      const std::string where = fmt::format("partners.csv:{}", p.line);
      PAL_TRY(partner->Run(
          [&](SqlStatement& s) { s.Bind(1, p.partner_id).Bind(2, p.partner_name).Bind(3, now); },
          where));
      PAL_TRY(partner_history->Run(
          [&](SqlStatement& s) {
            s.Bind(1, p.partner_id).Bind(2, p.partner_name).Bind(3, kAdministrator).Bind(4, now);
          },
          where));
    }
    auto tenant =
        Insert::Prepare(c, "INSERT INTO tenants(tenant_id, name, created_at) VALUES (?1, ?2, ?3)");
    if (!tenant.ok()) return tenant.error();
    for (const auto& t : d.tenants) {
      PAL_TRY(tenant->Run(
          [&](SqlStatement& s) {
            s.Bind(1, t.tenant_id.ToString()).Bind(2, t.display_name).Bind(3, now);
          },
          fmt::format("tenants.csv:{}", t.line)));
    }
    // Partners' home tenants, once the tenants exist.
    auto home_tenant =
        Insert::Prepare(c, "UPDATE partners SET home_tenant_id = ?2 WHERE partner_id = ?1");
    if (!home_tenant.ok()) return home_tenant.error();
    for (const auto& p : d.partners) {
      if (!p.home_tenant_id) continue;
      PAL_TRY(home_tenant->Run(
          [&](SqlStatement& s) { s.Bind(1, p.partner_id).Bind(2, p.home_tenant_id->ToString()); },
          fmt::format("partners.csv:{}", p.line)));
    }

    // Principals: no credentials (a data set carries none) and their history.
    auto principal = Insert::Prepare(c,
                                     "INSERT INTO principals(tenant_id, object_id, kind, name, "
                                     "sign_in_name, app_id, secret_hash, created_at) VALUES "
                                     "(?1, ?2, ?3, ?4, NULL, NULL, '!', ?5)");
    auto principal_history = Insert::Prepare(
        c,
        "INSERT INTO principal_history(tenant_id, object_id, action, kind, name, actor_tenant_id, "
        "actor_object_id, valid_from) VALUES (?1, ?2, 'create', ?3, ?4, ?5, ?5, ?6)");
    if (!principal.ok()) return principal.error();
    if (!principal_history.ok()) return principal_history.error();
    std::map<Guid, PrincipalKind> kinds;
    for (const auto& p : d.principals) {
      kinds[p.object_id] = p.kind;
      auto bind = [&](SqlStatement& s) {
        s.Bind(1, p.tenant_id.ToString())
            .Bind(2, p.object_id.ToString())
            .Bind(3, PrincipalKindName(p.kind))
            .Bind(4, p.display_name)
            .Bind(5, now);
      };
      PAL_TRY(principal->Run(bind, fmt::format("principals.csv:{}", p.line)));
      PAL_TRY(principal_history->Run(
          [&](SqlStatement& s) {
            s.Bind(1, p.tenant_id.ToString())
                .Bind(2, p.object_id.ToString())
                .Bind(3, PrincipalKindName(p.kind))
                .Bind(4, p.display_name)
                .Bind(5, kAdministrator)
                .Bind(6, now);
          },
          fmt::format("principals.csv:{}", p.line)));
    }

    // Management groups, parents first; every tenant gets its root group.
    auto group = Insert::Prepare(c,
                                 "INSERT INTO management_groups(group_id, tenant_id, display_name, "
                                 "parent_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!group.ok()) return group.error();
    std::map<std::string, std::string> canonical_group;  // lower-case -> as given
    for (const auto& g : d.management_groups) canonical_group[Lower(g.group_id)] = g.group_id;
    for (const auto& t : d.tenants) {  // the root group, as the data set spells it if it does
      const std::string root = Lower(t.tenant_id.ToString());
      if (!canonical_group.count(root)) canonical_group[root] = t.tenant_id.ToString();
      PAL_TRY(group->Run(
          [&](SqlStatement& s) {
            s.Bind(1, canonical_group[root])
                .Bind(2, t.tenant_id.ToString())
                .Bind(3, "Tenant Root Group")
                .BindNull(4)
                .Bind(5, now);
          },
          fmt::format("tenants.csv:{}", t.line)));
    }
    std::set<std::string> inserted;
    for (const auto& t : d.tenants) inserted.insert(Lower(t.tenant_id.ToString()));
    std::vector<const DatasetManagementGroup*> pending;
    for (const auto& g : d.management_groups) {
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
                ? std::optional<std::string>(canonical_group[Lower(*g->parent_group_id)])
                : std::nullopt;
        PAL_TRY(group->Run(
            [&](SqlStatement& s) {
              s.Bind(1, g->group_id)
                  .Bind(2, g->tenant_id.ToString())
                  .Bind(3, g->group_id)
                  .BindOptional(4, parent)
                  .Bind(5, now);
            },
            fmt::format("management_groups.csv:{}", g->line)));
        inserted.insert(Lower(g->group_id));
      }
      if (later.size() == pending.size()) {
        return Error::InvalidArgument(
            "InvalidDataset",
            fmt::format("management_groups.csv:{}: the parent group cannot be placed",
                        later.front()->line));
      }
      pending = std::move(later);
    }

    // Subscriptions and their history.
    auto subscription = Insert::Prepare(c,
                                        "INSERT INTO subscriptions(subscription_id, tenant_id, "
                                        "display_name, offer, state, created_at, parent_group_id) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    auto subscription_history = Insert::Prepare(
        c,
        "INSERT INTO subscription_history(subscription_id, tenant_id, action, display_name, offer, "
        "state, parent_group_id, actor_tenant_id, actor_object_id, valid_from) VALUES (?1, ?2, "
        "'create', ?3, ?4, ?5, ?6, ?7, ?7, ?8)");
    if (!subscription.ok()) return subscription.error();
    if (!subscription_history.ok()) return subscription_history.error();
    for (const auto& s : d.subscriptions) {
      const std::string parent = s.management_group_id
                                     ? canonical_group[Lower(*s.management_group_id)]
                                     : s.tenant_id.ToString();
      const std::string where = fmt::format("subscriptions.csv:{}", s.line);
      PAL_TRY(subscription->Run(
          [&](SqlStatement& st) {
            st.Bind(1, s.subscription_id.ToString())
                .Bind(2, s.tenant_id.ToString())
                .Bind(3, s.display_name)
                .Bind(4, s.offer)
                .Bind(5, s.state)
                .Bind(6, now)
                .Bind(7, parent);
          },
          where));
      PAL_TRY(subscription_history->Run(
          [&](SqlStatement& st) {
            st.Bind(1, s.subscription_id.ToString())
                .Bind(2, s.tenant_id.ToString())
                .Bind(3, s.display_name)
                .Bind(4, s.offer)
                .Bind(5, s.state)
                .Bind(6, parent)
                .Bind(7, kAdministrator)
                .Bind(8, now);
          },
          where));
    }

    // Resource groups and resources named by assignment scopes, then the assignments.
    auto resource_group = Insert::Prepare(c,
                                          "INSERT INTO resource_groups(subscription_id, name, "
                                          "location, created_at) VALUES (?1, ?2, 'global', ?3) "
                                          "ON CONFLICT DO NOTHING");
    auto resource = Insert::Prepare(c,
                                    "INSERT INTO resources(resource_id, subscription_id, "
                                    "created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
    auto assignment = Insert::Prepare(
        c,
        "INSERT INTO role_assignments(assignment_id, scope, role_definition_id, "
        "principal_tenant_id, "
        "principal_id, principal_type, created_at, created_by_tenant_id, created_by_object_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    auto assignment_history = Insert::Prepare(
        c,
        "INSERT INTO role_assignment_history(assignment_id, scope, role_definition_id, "
        "principal_tenant_id, principal_id, created_by_tenant_id, created_by_object_id, "
        "valid_from, "
        "valid_to, ended_by_tenant_id, ended_by_object_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, "
        "?8, ?9, ?9)");
    for (auto* prepared : {&resource_group, &resource, &assignment, &assignment_history}) {
      if (!prepared->ok()) return prepared->error();
    }
    for (const auto& a : d.role_assignments) {
      const std::string where = fmt::format("role_assignments.csv:{}", a.line);
      const std::string scope = a.scope.ToString();
      if (a.scope.resource_group()) {
        const std::string sub = Lower(*a.scope.subscription_id());
        PAL_TRY(resource_group->Run(
            [&](SqlStatement& s) {
              s.Bind(1, sub).Bind(2, *a.scope.resource_group()).Bind(3, a.created_at);
            },
            where));
        if (a.scope.level() == ScopeLevel::kResource) {
          PAL_TRY(resource->Run(
              [&](SqlStatement& s) { s.Bind(1, scope).Bind(2, sub).Bind(3, a.created_at); },
              where));
        }
      }
      const auto kind = kinds.count(a.principal_id) ? kinds[a.principal_id] : PrincipalKind::kUser;
      const std::string type =
          kind == PrincipalKind::kServicePrincipal ? "ServicePrincipal" : "User";
      if (!a.deleted_at) {
        PAL_TRY(assignment->Run(
            [&](SqlStatement& s) {
              s.Bind(1, a.assignment_id.ToString())
                  .Bind(2, scope)
                  .Bind(3, a.role_definition_id.ToString())
                  .Bind(4, a.principal_tenant_id.ToString())
                  .Bind(5, a.principal_id.ToString())
                  .Bind(6, type)
                  .Bind(7, a.created_at)
                  .Bind(8, kAdministrator);
            },
            where));
      }
      PAL_TRY(assignment_history->Run(
          [&](SqlStatement& s) {
            s.Bind(1, a.assignment_id.ToString())
                .Bind(2, scope)
                .Bind(3, a.role_definition_id.ToString())
                .Bind(4, a.principal_tenant_id.ToString())
                .Bind(5, a.principal_id.ToString())
                .Bind(6, kAdministrator)
                .Bind(7, a.created_at)
                .BindOptional(8, a.deleted_at);
            if (a.deleted_at)
              s.Bind(9, kAdministrator);
            else
              s.BindNull(9);
          },
          where));
    }

    // Lighthouse: the rows of one delegation (one id in one customer tenant) become, while in
    // force, a registration definition and assignment of that customer (both with the
    // delegation's id); every row is a history row.
    auto definition = Insert::Prepare(
        c,
        "INSERT INTO registration_definitions(definition_id, scope, customer_tenant_id, name, "
        "description, managed_by_tenant_id, created_at, created_by_tenant_id, "
        "created_by_object_id) VALUES (?1, ?2, ?3, 'Imported delegation', '', ?4, ?5, ?6, ?6)");
    auto authorization = Insert::Prepare(
        c,
        "INSERT INTO registration_authorizations(definition_id, position, principal_id, "
        "principal_display_name, role_definition_id, customer_tenant_id) VALUES (?1, ?2, ?3, '', "
        "?4, ?5)");
    auto registration = Insert::Prepare(
        c,
        "INSERT INTO registration_assignments(assignment_id, scope, customer_tenant_id, "
        "definition_id, created_at, created_by_tenant_id, created_by_object_id) VALUES (?1, ?2, "
        "?3, ?1, ?4, ?5, ?5)");
    auto delegation_history = Insert::Prepare(
        c,
        "INSERT INTO delegation_history(assignment_id, scope, customer_tenant_id, "
        "managing_tenant_id, principal_id, role_definition_id, created_by_tenant_id, "
        "created_by_object_id, valid_from, valid_to, ended_by_tenant_id, ended_by_object_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?10)");
    for (auto* prepared : {&definition, &authorization, &registration, &delegation_history}) {
      if (!prepared->ok()) return prepared->error();
    }
    std::map<std::pair<Guid, Guid>, std::int64_t> positions;  // (customer tenant, delegation id)
    for (const auto& g : d.delegations) {
      const std::string where = fmt::format("lighthouse.csv:{}", g.line);
      const std::string scope = g.scope.ToString();
      const std::string id = g.delegation_id.ToString();
      if (g.scope.resource_group()) {
        PAL_TRY(resource_group->Run(
            [&](SqlStatement& s) {
              s.Bind(1, Lower(*g.scope.subscription_id()))
                  .Bind(2, *g.scope.resource_group())
                  .Bind(3, g.created_at);
            },
            where));
      }
      if (!g.deleted_at) {
        const std::pair<Guid, Guid> key{g.customer_tenant_id, g.delegation_id};
        const bool first = positions.find(key) == positions.end();
        const std::int64_t position = positions[key]++;
        if (first) {
          PAL_TRY(definition->Run(
              [&](SqlStatement& s) {
                s.Bind(1, id)
                    .Bind(2, "/subscriptions/" + Lower(*g.scope.subscription_id()))
                    .Bind(3, g.customer_tenant_id.ToString())
                    .Bind(4, g.managing_tenant_id.ToString())
                    .Bind(5, g.created_at)
                    .Bind(6, kAdministrator);
              },
              where));
          PAL_TRY(registration->Run(
              [&](SqlStatement& s) {
                s.Bind(1, id)
                    .Bind(2, scope)
                    .Bind(3, g.customer_tenant_id.ToString())
                    .Bind(4, g.created_at)
                    .Bind(5, kAdministrator);
              },
              where));
        }
        PAL_TRY(authorization->Run(
            [&](SqlStatement& s) {
              s.Bind(1, id)
                  .Bind(2, position)
                  .Bind(3, g.principal_id.ToString())
                  .Bind(4, g.role_definition_id.ToString())
                  .Bind(5, g.customer_tenant_id.ToString());
            },
            where));
      }
      PAL_TRY(delegation_history->Run(
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
            if (g.deleted_at)
              s.Bind(10, kAdministrator);
            else
              s.BindNull(10);
          },
          where));
    }

    // DPOR: every interval is a history row; one that another follows at once was replaced.
    auto dpor = Insert::Prepare(
        c,
        "INSERT INTO dpor_history(subscription_id, partner_id, assigned_by_tenant_id, "
        "assigned_by_object_id, valid_from, valid_to, ended_by_tenant_id, ended_by_object_id, "
        "end_reason) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?6, ?7)");
    if (!dpor.ok()) return dpor.error();
    std::map<Guid, std::vector<const DatasetDpor*>> dpor_by_subscription;
    for (const auto& p : d.dpor) dpor_by_subscription[p.subscription_id].push_back(&p);
    for (auto& [subscription, intervals] : dpor_by_subscription) {
      std::sort(intervals.begin(), intervals.end(),
                [](auto* x, auto* y) { return x->assigned_at < y->assigned_at; });
      for (size_t k = 0; k < intervals.size(); ++k) {
        const DatasetDpor& p = *intervals[k];
        const bool replaced = k + 1 < intervals.size() && p.removed_at &&
                              intervals[k + 1]->assigned_at == *p.removed_at;
        const std::optional<std::string> reason =
            p.removed_at ? std::optional<std::string>(replaced ? "replaced" : "removed")
                         : std::nullopt;
        PAL_TRY(dpor->Run(
            [&](SqlStatement& s) {
              s.Bind(1, subscription.ToString())
                  .Bind(2, p.partner_id)
                  .Bind(3, kAdministrator)
                  .Bind(4, p.assigned_at)
                  .BindOptional(5, p.removed_at);
              if (p.removed_at)
                s.Bind(6, kAdministrator);
              else
                s.BindNull(6);
              s.BindOptional(7, reason);
            },
            fmt::format("dpor.csv:{}", p.line)));
      }
    }

    // PAL links: the intervals of each principal become its link and the history of changes
    // (create, update when one interval follows another at once, delete at a gap or the end).
    auto link = Insert::Prepare(
        c,
        "INSERT INTO partner_links(tenant_id, object_id, partner_id, partner_name, "
        "state, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    auto history = Insert::Prepare(
        c,
        "INSERT INTO partner_link_history(tenant_id, object_id, version, action, actor_tenant_id, "
        "actor_object_id, old_partner_id, new_partner_id, old_state, new_state, valid_from, "
        "valid_to) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!link.ok()) return link.error();
    if (!history.ok()) return history.error();
    std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>> by_owner;
    for (const auto& l : d.links) by_owner[{l.tenant_id, l.object_id}].push_back(&l);
    for (auto& [owner, intervals] : by_owner) {
      std::sort(intervals.begin(), intervals.end(),
                [](auto* x, auto* y) { return x->linked_at < y->linked_at; });
      std::int64_t version = 0;
      const std::string tenant_text = owner.first.ToString();
      const std::string object_text = owner.second.ToString();
      auto add = [&](std::string_view action, const std::optional<std::string>& old_partner,
                     const std::string& new_partner, const std::optional<std::string>& old_state,
                     std::string_view new_state, Timestamp from, std::optional<Timestamp> to,
                     size_t line) {
        ++version;
        return history->Run(
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
            fmt::format("partner_links.csv:{}", line));
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
                      *l.unlinked_at,
                      next ? std::optional<Timestamp>(next->linked_at) : std::nullopt, l.line));
          last_change = *l.unlinked_at;
        }
      }
      const DatasetLink& final = *intervals.back();
      PAL_TRY(link->Run(
          [&](SqlStatement& s) {
            s.Bind(1, tenant_text)
                .Bind(2, object_text)
                .Bind(3, final.partner_id)
                .Bind(4, partner_names[final.partner_id])
                .Bind(5, final.unlinked_at ? "Deleted" : "Active")
                .Bind(6, version)
                .Bind(7, intervals.front()->linked_at)
                .Bind(8, last_change);
          },
          fmt::format("partner_links.csv:{}", final.line)));
    }
    return SqlPowerPlatformStore::ImportOn(c, power_platform, now);
  });
}

Result<Dataset> SqlDatasetStore::Export() {
  Dataset d;
  auto partners = pool_.QueryAll<DatasetPartner>(
      "SELECT partner_id, name, home_tenant_id FROM partners ORDER BY partner_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        DatasetPartner p{r.ColumnText(0), r.ColumnText(1)};
        if (auto tenant = r.ColumnOptionalText(2)) p.home_tenant_id = Guid::Parse(*tenant);
        return p;
      });
  if (!partners.ok()) return partners.error();
  d.partners = std::move(*partners);
  auto tenants = pool_.QueryAll<DatasetTenant>(
      "SELECT tenant_id, name FROM tenants ORDER BY tenant_id", [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetTenant{r.ColumnGuid(0), r.ColumnText(1)};
      });
  if (!tenants.ok()) return tenants.error();
  d.tenants = std::move(*tenants);
  auto principals = pool_.QueryAll<DatasetPrincipal>(
      "SELECT tenant_id, object_id, kind, name FROM principals ORDER BY tenant_id, object_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetPrincipal{r.ColumnGuid(0), r.ColumnGuid(1),
                                ParsePrincipalKind(r.ColumnText(2)).value_or(PrincipalKind::kUser),
                                r.ColumnText(3)};
      });
  if (!principals.ok()) return principals.error();
  d.principals = std::move(*principals);
  auto groups = pool_.QueryAll<DatasetManagementGroup>(
      "SELECT tenant_id, group_id, parent_id FROM management_groups ORDER BY tenant_id, group_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetManagementGroup{r.ColumnGuid(0), r.ColumnText(1), r.ColumnOptionalText(2)};
      });
  if (!groups.ok()) return groups.error();
  d.management_groups = std::move(*groups);
  auto subscriptions = pool_.QueryAll<DatasetSubscription>(
      "SELECT tenant_id, subscription_id, display_name, offer, state, parent_group_id FROM "
      "subscriptions ORDER BY tenant_id, subscription_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetSubscription{r.ColumnGuid(0), r.ColumnGuid(1), r.ColumnText(2),
                                   r.ColumnText(3), r.ColumnText(4), r.ColumnOptionalText(5)};
      });
  if (!subscriptions.ok()) return subscriptions.error();
  d.subscriptions = std::move(*subscriptions);
  auto assignments = pool_.QueryAll<std::optional<DatasetRoleAssignment>>(
      "SELECT assignment_id, scope, role_definition_id, principal_id, valid_from, valid_to, "
      "principal_tenant_id FROM role_assignment_history ORDER BY seq",
      [](SqlStatement&) {},
      [](const SqlStatement& r) -> std::optional<DatasetRoleAssignment> {
        auto scope = ResourceId::Parse(r.ColumnText(1));
        if (!scope.ok()) return std::nullopt;
        return DatasetRoleAssignment{r.ColumnGuid(0), *scope,
                                     r.ColumnGuid(2), r.ColumnGuid(3),
                                     r.ColumnInt(4),  r.ColumnOptionalInt(5),
                                     r.ColumnGuid(6), 0};
      });
  if (!assignments.ok()) return assignments.error();
  for (auto& a : *assignments) {
    if (a) d.role_assignments.push_back(std::move(*a));
  }
  auto links = pool_.QueryAll<DatasetLink>(
      "SELECT tenant_id, object_id, new_partner_id, valid_from, valid_to FROM partner_link_history "
      "WHERE new_state = 'Active' ORDER BY seq",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetLink{r.ColumnGuid(0), r.ColumnGuid(1), r.ColumnText(2), r.ColumnInt(3),
                           r.ColumnOptionalInt(4)};
      });
  if (!links.ok()) return links.error();
  d.links = std::move(*links);
  auto dpor = pool_.QueryAll<DatasetDpor>(
      "SELECT subscription_id, partner_id, valid_from, valid_to FROM dpor_history ORDER BY seq",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetDpor{r.ColumnGuid(0), r.ColumnText(1), r.ColumnInt(2), r.ColumnOptionalInt(3),
                           0};
      });
  if (!dpor.ok()) return dpor.error();
  d.dpor = std::move(*dpor);
  auto delegations = pool_.QueryAll<std::optional<DatasetDelegation>>(
      "SELECT assignment_id, scope, managing_tenant_id, principal_id, role_definition_id, "
      "valid_from, valid_to, customer_tenant_id FROM delegation_history ORDER BY seq",
      [](SqlStatement&) {},
      [](const SqlStatement& r) -> std::optional<DatasetDelegation> {
        auto scope = ResourceId::Parse(r.ColumnText(1));
        if (!scope.ok()) return std::nullopt;
        return DatasetDelegation{r.ColumnGuid(0),        *scope,          r.ColumnGuid(2),
                                 r.ColumnGuid(3),        r.ColumnGuid(4), r.ColumnInt(5),
                                 r.ColumnOptionalInt(6), r.ColumnGuid(7), 0};
      });
  if (!delegations.ok()) return delegations.error();
  for (auto& g : *delegations) {
    if (g) d.delegations.push_back(std::move(*g));
  }
  return d;
}

Result<void> SqlDatasetStore::ImportDataset(const Dataset& dataset,
                                            const PowerPlatformUsage& power_platform) {
  PAL_TRY(Import(dataset, power_platform, clock_.Now()));
  // The links this process serves come from the index: load the imported ones.
  return links_.ReloadIndex();
}

Result<Dataset> SqlDatasetStore::ExportDataset() { return Export(); }

}  // namespace pal::store
