#include "store/sql_resource_group_store.h"

#include <fmt/format.h>

#include <string>
#include <utility>

namespace pal::store {
namespace {

Resource ResourceFromRow(const SqlStatement& row) {
  auto id = ResourceId::Parse(row.ColumnText(0));  // written by CreateResource, so it parses
  return Resource{id.ok() ? *id : ResourceId::Root(), row.ColumnGuid(1), row.ColumnInt(2)};
}

}  // namespace

Result<void> SqlResourceGroupStore::CreateResourceGroup(const ResourceGroup& g) {
  PAL_ASSIGN_OR_RETURN(auto subscription, scopes_.FindSubscription(g.subscription_id));
  if (!subscription) {
    return Error::NotFound(
        "SubscriptionNotFound",
        fmt::format("The subscription '{}' could not be found.", g.subscription_id.ToString()));
  }
  return pool_.Write(
      "INSERT INTO resource_groups(subscription_id, name, location, created_at, tags) "
      "VALUES (?1, ?2, ?3, ?4, ?5)",
      [&](SqlStatement& s) {
        s.Bind(1, g.subscription_id.ToString())
            .Bind(2, g.name)
            .Bind(3, g.location)
            .Bind(4, g.created_at)
            .Bind(5, g.tags_json);
      },
      AlreadyExists(fmt::format("Resource group '{}'", g.name)));
}

Result<std::vector<ResourceGroup>> SqlResourceGroupStore::ListResourceGroups(
    const Guid& subscription_id) {
  return pool_.QueryAll<ResourceGroup>(
      "SELECT subscription_id, name, location, created_at, tags FROM resource_groups "
      "WHERE subscription_id = ?1 ORDER BY name",
      [&](SqlStatement& s) { s.Bind(1, subscription_id.ToString()); },
      [](const SqlStatement& row) {
        return ResourceGroup{row.ColumnGuid(0), row.ColumnText(1), row.ColumnText(2),
                             row.ColumnInt(3), row.ColumnText(4)};
      });
}

Result<void> SqlResourceGroupStore::UpdateResourceGroupTags(const Guid& subscription_id,
                                                            const std::string& name,
                                                            const std::string& tags_json) {
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto updated = SqlConnectionPool::RunOn(
        connection, "UPDATE resource_groups SET tags = ?3 WHERE subscription_id = ?1 AND name = ?2",
        [&](SqlStatement& s) {
          s.Bind(1, subscription_id.ToString()).Bind(2, name).Bind(3, tags_json);
        },
        AlreadyExists("The resource group"));
    if (!updated.ok()) return updated;
    if (connection.Changes() == 0) {
      return Error::NotFound("ResourceGroupNotFound",
                             fmt::format("Resource group '{}' could not be found.", name));
    }
    return {};
  });
}

Result<void> SqlResourceGroupStore::DeleteResourceGroup(const Guid& subscription_id,
                                                        const std::string& name,
                                                        const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  const std::string scope =
      fmt::format("/subscriptions/{}/resourceGroups/{}", subscription_id.ToString(), name);
  const Error conflict = AlreadyExists("The resource group");
  // Everything at or below the group's scope: the scope itself or "{scope}/...".
  constexpr std::string_view kUnder =
      "(lower({0}) = lower(?1) OR lower(substr({0}, 1, length(?1) + 1)) = lower(?1 || '/'))";
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    auto bind_scope = [&](SqlStatement& s) { s.Bind(1, scope); };
    auto closed = SqlConnectionPool::RunOn(
        connection,
        fmt::format("UPDATE role_assignment_history SET valid_to = ?2, ended_by_tenant_id = ?3, "
                    "ended_by_object_id = ?4 WHERE valid_to IS NULL AND assignment_id IN "
                    "(SELECT assignment_id FROM role_assignments WHERE {})",
                    fmt::format(kUnder, "scope")),
        [&](SqlStatement& s) {
          s.Bind(1, scope)
              .Bind(2, now)
              .Bind(3, actor.tenant_id.ToString())
              .Bind(4, actor.object_id.ToString());
        },
        conflict);
    if (!closed.ok()) return closed;
    for (const auto& [table, column] :
         {std::pair{"role_assignments", "scope"}, std::pair{"resources", "resource_id"}}) {
      auto removed = SqlConnectionPool::RunOn(
          connection, fmt::format("DELETE FROM {} WHERE {}", table, fmt::format(kUnder, column)),
          bind_scope, conflict);
      if (!removed.ok()) return removed;
    }
    auto deleted = SqlConnectionPool::RunOn(
        connection, "DELETE FROM resource_groups WHERE subscription_id = ?1 AND name = ?2",
        [&](SqlStatement& s) { s.Bind(1, subscription_id.ToString()).Bind(2, name); }, conflict);
    if (!deleted.ok()) return deleted;
    if (connection.Changes() == 0) {
      return Error::NotFound("ResourceGroupNotFound",
                             fmt::format("Resource group '{}' could not be found.", name));
    }
    return {};
  });
}

Result<void> SqlResourceGroupStore::CreateResource(const Resource& resource) {
  return pool_.Write(
      "INSERT INTO resources(resource_id, subscription_id, created_at) VALUES (?1, ?2, ?3)",
      [&](SqlStatement& s) {
        s.Bind(1, resource.id.ToString())
            .Bind(2, resource.subscription_id.ToString())
            .Bind(3, resource.created_at);
      },
      AlreadyExists(fmt::format("Resource '{}'", resource.id.ToString())));
}

Result<std::optional<Resource>> SqlResourceGroupStore::FindResource(const ResourceId& id) {
  return pool_.QueryOne<Resource>(
      "SELECT resource_id, subscription_id, created_at FROM resources WHERE resource_id = ?1",
      [&](SqlStatement& s) { s.Bind(1, id.ToString()); }, ResourceFromRow);
}

Result<std::vector<Resource>> SqlResourceGroupStore::ListResources(const Guid& subscription_id) {
  return pool_.QueryAll<Resource>(
      "SELECT resource_id, subscription_id, created_at FROM resources WHERE subscription_id = ?1 "
      "ORDER BY resource_id",
      [&](SqlStatement& s) { s.Bind(1, subscription_id.ToString()); }, ResourceFromRow);
}

}  // namespace pal::store
