#include <fmt/format.h>

#include <map>

#include "core/text.h"
#include "store/sql_power_platform_rows.h"
#include "store/sql_power_platform_store.h"
#include "store/stored_names.h"

// Activity, unified profiles, and the data set's Power Platform files.
namespace pal::store {

Result<size_t> SqlPowerPlatformStore::AddPowerPlatformActivity(
    const std::vector<PowerPlatformActivity>& rows) {
  size_t added = 0;
  PAL_TRY(pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(
        auto s,
        SqlStatement::Prepare(
            c,
            "INSERT INTO pp_activity(resource_id, day, user_id, tenant_id) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT DO NOTHING"));
    for (const auto& a : rows) {
      s.Reset();
      s.Bind(1, a.resource_key)
          .Bind(2, std::int64_t{a.day})
          .Bind(3, a.user_id.ToString())
          .Bind(4, a.tenant_id.ToString());
      if (auto run = s.Run(); !run.ok()) return run;
      added += static_cast<size_t>(c.Changes());
    }
    return {};
  }));
  return added;
}

Result<size_t> SqlPowerPlatformStore::SetUnifiedProfiles(
    const std::vector<CustomerInsightsProfiles>& rows) {
  size_t added = 0;
  PAL_TRY(pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    for (const auto& p : rows) {
      PAL_ASSIGN_OR_RETURN(
          auto known,
          pp::QueryText(c,
                        "SELECT day FROM pp_unified_profiles WHERE tenant_id = ?1 AND "
                        "resource_id = ?2 AND day = ?3",
                        {p.tenant_id.ToString(), p.resource_key, std::to_string(p.day)}));
      if (!known) ++added;
      auto run = SqlConnectionPool::RunOn(
          c,
          "INSERT INTO pp_unified_profiles(resource_id, day, unified_profiles, tenant_id) VALUES "
          "(?1, ?2, ?3, ?4) "
          "ON CONFLICT(tenant_id, resource_id, day) DO UPDATE SET unified_profiles = "
          "excluded.unified_profiles",
          [&](SqlStatement& s) {
            s.Bind(1, p.resource_key)
                .Bind(2, std::int64_t{p.day})
                .Bind(3, static_cast<std::int64_t>(p.unified_profiles))
                .Bind(4, p.tenant_id.ToString());
          },
          pp::ConcurrentChange());
      if (!run.ok()) return run;
    }
    return {};
  }));
  return added;
}

Result<PowerPlatformUsage> SqlPowerPlatformStore::ExportPowerPlatform() {
  PowerPlatformUsage usage;
  auto resources = pool_.QueryAll<PowerPlatformResource>(
      fmt::format("{} ORDER BY r.resource_id, r.tenant_id", pp::kResourceSelect),
      [](SqlStatement&) {},
      [](const SqlStatement& row) {
        const PowerPlatformResourceRecord record = pp::ResourceFromRow(row);
        PowerPlatformResource r;
        r.environment_id = record.environment;
        r.tenant_id = record.tenant_id;
        r.environment_type = StoredEnvironmentType(row.ColumnText(12));
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
      "SELECT day, resource_id, user_id, tenant_id FROM pp_activity ORDER BY resource_id, "
      "tenant_id, day, user_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return PowerPlatformActivity{r.ColumnGuid(3), static_cast<std::int32_t>(r.ColumnInt(0)),
                                     ToLowerAscii(r.ColumnText(1)), r.ColumnGuid(2)};
      });
  if (!activity.ok()) return activity.error();
  usage.activity = std::move(*activity);
  auto profiles = pool_.QueryAll<CustomerInsightsProfiles>(
      "SELECT day, resource_id, unified_profiles, tenant_id FROM pp_unified_profiles "
      "ORDER BY resource_id, tenant_id, day",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return CustomerInsightsProfiles{r.ColumnGuid(3), static_cast<std::int32_t>(r.ColumnInt(0)),
                                        ToLowerAscii(r.ColumnText(1)),
                                        static_cast<std::uint64_t>(r.ColumnInt(2))};
      });
  if (!profiles.ok()) return profiles.error();
  usage.profiles = std::move(*profiles);
  return usage;
}

Result<void> SqlPowerPlatformStore::ImportOn(SqlConnection& c, const PowerPlatformUsage& usage,
                                             Timestamp now) {
  const PrincipalKey administrator{};
  auto failed = [](std::string_view file, size_t line, const Error& e) {
    return Error::InvalidArgument("InvalidDataset",
                                  fmt::format("{}:{}: {}", file, line, e.message));
  };
  constexpr std::string_view kResources = "powerplatform_resources.csv";
  std::map<std::pair<Guid, std::string>, bool>
      environments;  // (tenant, lower-case name) -> created
  for (const auto& r : usage.resources) {
    const Error duplicate = Error::Conflict("Conflict", "duplicate key");
    const std::pair<Guid, std::string> environment_key{r.tenant_id, ToLowerAscii(r.environment_id)};
    if (!environments.count(environment_key)) {
      PowerPlatformEnvironment e;
      e.name = r.environment_id;
      e.tenant_id = r.tenant_id;
      e.display_name = r.environment_id;
      e.type = r.environment_type;
      e.paid = r.paid;
      e.created_by = administrator;
      e.created_at = now;
      if (auto inserted = pp::InsertEnvironment(c, e, duplicate); !inserted.ok()) {
        return failed(kResources, r.line,
                      Error::InvalidArgument(
                          "", fmt::format("environment {} could not be created (is tenant {} in "
                                          "tenants.csv?): {}",
                                          r.environment_id, r.tenant_id.ToString(),
                                          inserted.error().message)));
      }
      environments[environment_key] = true;
    }
    PowerPlatformResourceRecord record;
    record.resource_id = r.resource_id;
    record.environment = r.environment_id;
    record.tenant_id = r.tenant_id;
    record.product = r.product;
    record.name = pp::LastSegment(r.resource_id);
    record.display_name = record.name;
    record.created_by = administrator;
    record.created_at = now;
    if (auto inserted = pp::InsertResource(c, record, duplicate); !inserted.ok()) {
      return failed(kResources, r.line, inserted.error());
    }
    for (const auto& owner : r.owners) {
      if (auto opened = pp::OpenInterval(c, r.tenant_id, r.resource_id, owner,
                                         OwnershipRole::kOwner, "import", administrator, now);
          !opened.ok()) {
        return failed(kResources, r.line, opened.error());
      }
    }
    for (const auto& co_owner : r.co_owners) {
      if (auto opened = pp::OpenInterval(c, r.tenant_id, r.resource_id, co_owner,
                                         OwnershipRole::kCoOwner, "import", administrator, now);
          !opened.ok()) {
        return failed(kResources, r.line, opened.error());
      }
    }
  }
  PAL_ASSIGN_OR_RETURN(
      auto activity,
      SqlStatement::Prepare(
          c,
          "INSERT INTO pp_activity(resource_id, day, user_id, tenant_id) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT DO NOTHING"));
  for (const auto& a : usage.activity) {
    activity.Reset();
    activity.Bind(1, a.resource_key)
        .Bind(2, std::int64_t{a.day})
        .Bind(3, a.user_id.ToString())
        .Bind(4, a.tenant_id.ToString());
    if (auto run = activity.Run(); !run.ok()) return run;
  }
  PAL_ASSIGN_OR_RETURN(auto profiles, SqlStatement::Prepare(
                                          c,
                                          "INSERT INTO pp_unified_profiles(resource_id, day, "
                                          "unified_profiles, tenant_id) VALUES (?1, ?2, ?3, ?4) "
                                          "ON CONFLICT (tenant_id, resource_id, day) DO UPDATE SET "
                                          "unified_profiles = excluded.unified_profiles"));
  for (const auto& p : usage.profiles) {
    profiles.Reset();
    profiles.Bind(1, p.resource_key)
        .Bind(2, std::int64_t{p.day})
        .Bind(3, static_cast<std::int64_t>(p.unified_profiles))
        .Bind(4, p.tenant_id.ToString());
    if (auto run = profiles.Run(); !run.ok()) return run;
  }
  return {};
}

}  // namespace pal::store
