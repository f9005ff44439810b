#include "store/sql_scope_store.h"

#include <fmt/format.h>

#include "store/stored_names.h"

namespace pal::store {
namespace {

constexpr std::string_view kSubscriptionColumns =
    "subscription_id, tenant_id, display_name, offer, state, created_at, parent_group_id";

Subscription SubscriptionFromRow(const SqlStatement& row) {
  Subscription s;
  s.subscription_id = row.ColumnGuid(0);
  s.tenant_id = row.ColumnGuid(1);
  s.display_name = row.ColumnText(2);
  s.offer = StoredOffer(row.ColumnText(3));
  s.state = StoredState(row.ColumnText(4));
  s.created_at = row.ColumnInt(5);
  s.parent_group_id = row.ColumnOptionalText(6);
  return s;
}

}  // namespace

namespace {

// One row of subscription_history, in force from `from`.
Result<void> AppendSubscriptionHistory(SqlConnection& connection, const Subscription& s,
                                       std::string_view action, const PrincipalKey& actor,
                                       Timestamp from, const Error& conflict) {
  return SqlConnectionPool::RunOn(
      connection,
      "INSERT INTO subscription_history(subscription_id, tenant_id, action, display_name, offer, "
      "state, parent_group_id, actor_tenant_id, actor_object_id, valid_from) VALUES (?1, ?2, ?3, "
      "?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      [&](SqlStatement& st) {
        st.Bind(1, s.subscription_id.ToString())
            .Bind(2, s.tenant_id.ToString())
            .Bind(3, action)
            .Bind(4, s.display_name)
            .Bind(5, SubscriptionOfferName(s.offer))
            .Bind(6, SubscriptionStateName(s.state))
            .BindOptional(7, s.parent_group_id)
            .Bind(8, actor.tenant_id.ToString())
            .Bind(9, actor.object_id.ToString())
            .Bind(10, from);
      },
      conflict);
}

// Ends the subscription's history row in force at `now` and appends `s` from `now` on.
Result<void> ReplaceSubscriptionHistory(SqlConnection& connection, const Subscription& s,
                                        std::string_view action, const PrincipalKey& actor,
                                        Timestamp now, const Error& conflict) {
  auto closed = SqlConnectionPool::RunOn(
      connection,
      "UPDATE subscription_history SET valid_to = ?2 WHERE subscription_id = ?1 AND "
      "valid_to IS NULL",
      [&](SqlStatement& st) { st.Bind(1, s.subscription_id.ToString()).Bind(2, now); }, conflict);
  if (!closed.ok()) return closed;
  return AppendSubscriptionHistory(connection, s, action, actor, now, conflict);
}

}  // namespace

Result<void> SqlScopeStore::CreateSubscription(const Subscription& subscription) {
  Subscription s = subscription;
  s.created_at = clock_.Now();
  const Error exists =
      AlreadyExists(fmt::format("Subscription '{}'", s.subscription_id.ToString()));
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto inserted = SqlConnectionPool::RunOn(
        connection,
        "INSERT INTO subscriptions(subscription_id, tenant_id, display_name, offer, state, "
        "created_at, parent_group_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        [&](SqlStatement& st) {
          st.Bind(1, s.subscription_id.ToString())
              .Bind(2, s.tenant_id.ToString())
              .Bind(3, s.display_name)
              .Bind(4, SubscriptionOfferName(s.offer))
              .Bind(5, SubscriptionStateName(s.state))
              .Bind(6, s.created_at)
              .BindOptional(7, s.parent_group_id);
        },
        exists);
    if (!inserted.ok()) return inserted;
    return AppendSubscriptionHistory(connection, s, "create", PrincipalKey{}, s.created_at, exists);
  });
}

Result<void> SqlScopeStore::UpdateSubscription(const Subscription& change,
                                               const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  PAL_ASSIGN_OR_RETURN(auto current, FindSubscription(change.subscription_id));
  if (!current) {
    return Error::NotFound("SubscriptionNotFound",
                           fmt::format("The subscription '{}' could not be found.",
                                       change.subscription_id.ToString()));
  }
  Subscription s = *current;  // only the name and the state change
  s.display_name = change.display_name;
  s.state = change.state;
  const Error conflict = AlreadyExists("The subscription");
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        connection,
        "UPDATE subscriptions SET display_name = ?2, state = ?3 WHERE subscription_id = ?1",
        [&](SqlStatement& st) {
          st.Bind(1, s.subscription_id.ToString())
              .Bind(2, s.display_name)
              .Bind(3, SubscriptionStateName(s.state));
        },
        conflict);
    if (!updated.ok()) return updated;
    if (connection.Changes() == 0) {
      return Error::NotFound(
          "SubscriptionNotFound",
          fmt::format("The subscription '{}' could not be found.", s.subscription_id.ToString()));
    }
    return ReplaceSubscriptionHistory(connection, s, "update", actor, now, conflict);
  });
}

Result<void> SqlScopeStore::MigrateSubscriptionToAzurePlan(const Guid& subscription_id,
                                                           const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  PAL_ASSIGN_OR_RETURN(auto current, FindSubscription(subscription_id));
  if (!current) {
    return Error::NotFound(
        "SubscriptionNotFound",
        fmt::format("The subscription '{}' could not be found.", subscription_id.ToString()));
  }
  if (current->offer != SubscriptionOffer::kEnterpriseAgreement) {
    return Error::InvalidArgument(
        "NotAnEnterpriseAgreementSubscription",
        fmt::format("Subscription '{}' is {}; only EnterpriseAgreement subscriptions move to "
                    "AzurePlan.",
                    subscription_id.ToString(), SubscriptionOfferName(current->offer)));
  }
  Subscription migrated = *current;
  migrated.offer = SubscriptionOffer::kAzurePlan;
  const Error conflict = AlreadyExists("The subscription");
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        connection, "UPDATE subscriptions SET offer = 'AzurePlan' WHERE subscription_id = ?1",
        [&](SqlStatement& st) { st.Bind(1, subscription_id.ToString()); }, conflict);
    if (!updated.ok()) return updated;
    // The partner of record does not transfer to the Azure plan: it ends now.
    auto ended = SqlConnectionPool::RunOn(
        connection,
        "UPDATE dpor_history SET valid_to = ?2, ended_by_tenant_id = ?3, ended_by_object_id = ?4, "
        "end_reason = 'migrated' WHERE subscription_id = ?1 AND valid_to IS NULL",
        [&](SqlStatement& st) {
          st.Bind(1, subscription_id.ToString())
              .Bind(2, now)
              .Bind(3, actor.tenant_id.ToString())
              .Bind(4, actor.object_id.ToString());
        },
        conflict);
    if (!ended.ok()) return ended;
    return ReplaceSubscriptionHistory(connection, migrated, "update", actor, now, conflict);
  });
}

Result<void> SqlScopeStore::MoveSubscription(const Guid& subscription_id,
                                             const std::string& parent_group_id,
                                             const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  PAL_ASSIGN_OR_RETURN(auto current, FindSubscription(subscription_id));
  if (!current) {
    return Error::NotFound(
        "SubscriptionNotFound",
        fmt::format("The subscription '{}' could not be found.", subscription_id.ToString()));
  }
  // The group's id as it was created (ids compare case-insensitively).
  PAL_ASSIGN_OR_RETURN(
      auto canonical,
      pool_.QueryOne<std::string>(
          "SELECT group_id FROM management_groups WHERE group_id = ?1 AND tenant_id = ?2",
          [&](SqlStatement& st) {
            st.Bind(1, parent_group_id).Bind(2, current->tenant_id.ToString());
          },
          [](const SqlStatement& row) { return row.ColumnText(0); }));
  if (!canonical) {
    return Error::NotFound(
        "ManagementGroupNotFound",
        fmt::format("The management group '{}' could not be found.", parent_group_id));
  }
  Subscription moved = *current;
  moved.parent_group_id = *canonical;
  const Error conflict = AlreadyExists("The subscription");
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        connection,
        "UPDATE subscriptions SET parent_group_id = ?2 WHERE subscription_id = ?1 AND EXISTS "
        "(SELECT 1 FROM management_groups WHERE group_id = ?2 AND tenant_id = "
        "subscriptions.tenant_id)",
        [&](SqlStatement& st) { st.Bind(1, subscription_id.ToString()).Bind(2, *canonical); },
        conflict);
    if (!updated.ok()) return updated;
    if (connection.Changes() == 0) {
      return Error::NotFound(
          "ManagementGroupNotFound",
          fmt::format("The management group '{}' could not be found.", parent_group_id));
    }
    return ReplaceSubscriptionHistory(connection, moved, "move", actor, now, conflict);
  });
}

Result<std::vector<Subscription>> SqlScopeStore::ListSubscriptions(const Guid& tenant_id) {
  return pool_.QueryAll<Subscription>(
      fmt::format("SELECT {} FROM subscriptions WHERE tenant_id = ?1 ORDER BY display_name",
                  kSubscriptionColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, SubscriptionFromRow);
}

Result<std::optional<Subscription>> SqlScopeStore::FindSubscription(const Guid& id) {
  return pool_.QueryOne<Subscription>(
      fmt::format("SELECT {} FROM subscriptions WHERE subscription_id = ?1", kSubscriptionColumns),
      [&](SqlStatement& s) { s.Bind(1, id.ToString()); }, SubscriptionFromRow);
}

Result<void> SqlScopeStore::CreateManagementGroup(const ManagementGroup& g) {
  PAL_ASSIGN_OR_RETURN(auto tenant, directory_.FindTenant(g.tenant_id));
  if (!tenant) {
    return Error::NotFound("TenantNotFound",
                           fmt::format("Tenant '{}' does not exist.", g.tenant_id.ToString()));
  }
  if (g.parent_id) {
    PAL_ASSIGN_OR_RETURN(
        auto parent,
        pool_.QueryOne<std::string>(
            "SELECT group_id FROM management_groups WHERE group_id = ?1 AND tenant_id = ?2",
            [&](SqlStatement& s) { s.Bind(1, *g.parent_id).Bind(2, g.tenant_id.ToString()); },
            [](const SqlStatement& row) { return row.ColumnText(0); }));
    if (!parent) {
      return Error::NotFound("ParentGroupNotFound",
                             fmt::format("The parent management group '{}' does not exist in "
                                         "tenant '{}'.",
                                         *g.parent_id, g.tenant_id.ToString()));
    }
  }
  return pool_.Write(
      "INSERT INTO management_groups(group_id, tenant_id, display_name, parent_id, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)",
      [&](SqlStatement& s) {
        s.Bind(1, g.group_id)
            .Bind(2, g.tenant_id.ToString())
            .Bind(3, g.display_name)
            .BindOptional(4, g.parent_id)
            .Bind(5, g.created_at);
      },
      AlreadyExists(fmt::format("Management group '{}'", g.group_id)));
}

Result<std::vector<ManagementGroup>> SqlScopeStore::ListManagementGroups(const Guid& tenant_id) {
  return pool_.QueryAll<ManagementGroup>(
      "SELECT group_id, tenant_id, display_name, parent_id, created_at FROM management_groups "
      "WHERE tenant_id = ?1 ORDER BY group_id",
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); },
      [](const SqlStatement& row) {
        return ManagementGroup{row.ColumnText(0), row.ColumnGuid(1), row.ColumnText(2),
                               row.ColumnOptionalText(3), row.ColumnInt(4)};
      });
}

Result<void> SqlScopeStore::UpdateManagementGroup(const ManagementGroup& g) {
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        connection,
        "UPDATE management_groups SET display_name = ?2, parent_id = ?3 WHERE group_id = ?1 AND "
        "tenant_id = ?4 AND (?5 = 0 OR EXISTS (SELECT 1 FROM management_groups p WHERE "
        "p.group_id = ?3 AND p.tenant_id = ?4))",
        [&](SqlStatement& s) {
          // ?5 says whether there is a parent: PostgreSQL cannot type "?3 IS NULL" alone.
          s.Bind(1, g.group_id)
              .Bind(2, g.display_name)
              .BindOptional(3, g.parent_id)
              .Bind(4, g.tenant_id.ToString())
              .Bind(5, static_cast<std::int64_t>(g.parent_id.has_value()));
        },
        AlreadyExists("The management group"));
    if (!updated.ok()) return updated;
    if (connection.Changes() == 0) {
      return Error::NotFound("ManagementGroupNotFound",
                             fmt::format("The management group '{}' or its new parent could not "
                                         "be found.",
                                         g.group_id));
    }
    return {};
  });
}

Result<void> SqlScopeStore::DeleteManagementGroup(const Guid& tenant_id,
                                                  const std::string& group_id,
                                                  const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  const std::string scope = "/providers/Microsoft.Management/managementGroups/" + group_id;
  const Error conflict = Error::Conflict(
      "ManagementGroupHasChildren",
      fmt::format("The management group '{}' still has child groups or subscriptions; move "
                  "them first.",
                  group_id));
  PAL_ASSIGN_OR_RETURN(
      auto children,
      pool_.QueryOne<std::int64_t>(
          "SELECT (SELECT count(*) FROM management_groups WHERE parent_id = ?1 AND tenant_id = ?2) "
          "+ "
          "(SELECT count(*) FROM subscriptions WHERE parent_group_id = ?1 AND tenant_id = ?2)",
          [&](SqlStatement& s) { s.Bind(1, group_id).Bind(2, tenant_id.ToString()); },
          [](const SqlStatement& row) { return row.ColumnInt(0); }));
  if (children.value_or(0) > 0) return conflict;
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto closed = SqlConnectionPool::RunOn(
        connection,
        "UPDATE role_assignment_history SET valid_to = ?2, ended_by_tenant_id = ?3, "
        "ended_by_object_id = ?4 WHERE valid_to IS NULL AND assignment_id IN (SELECT "
        "assignment_id FROM role_assignments WHERE scope = ?1 AND principal_tenant_id = ?5)",
        [&](SqlStatement& s) {
          s.Bind(1, scope)
              .Bind(2, now)
              .Bind(3, actor.tenant_id.ToString())
              .Bind(4, actor.object_id.ToString())
              .Bind(5, tenant_id.ToString());
        },
        conflict);
    if (!closed.ok()) return closed;
    // Group ids are the tenant's own: another tenant's group of the same id keeps its roles.
    auto unassigned = SqlConnectionPool::RunOn(
        connection, "DELETE FROM role_assignments WHERE scope = ?1 AND principal_tenant_id = ?2",
        [&](SqlStatement& s) { s.Bind(1, scope).Bind(2, tenant_id.ToString()); }, conflict);
    if (!unassigned.ok()) return unassigned;
    auto deleted = SqlConnectionPool::RunOn(
        connection, "DELETE FROM management_groups WHERE group_id = ?1 AND tenant_id = ?2",
        [&](SqlStatement& s) { s.Bind(1, group_id).Bind(2, tenant_id.ToString()); }, conflict);
    if (!deleted.ok()) return deleted;
    if (connection.Changes() == 0) {
      return Error::NotFound(
          "ManagementGroupNotFound",
          fmt::format("The management group '{}' could not be found.", group_id));
    }
    return {};
  });
}

}  // namespace pal::store
