#include "store/append_only_triggers.h"

#include <fmt/format.h>

#include <array>

namespace pal::store {
namespace {

constexpr std::string_view kPartnerLinkHistory[] = {
    "seq",       "tenant_id",      "object_id",       "version",
    "action",    "new_partner_id", "old_partner_id",  "new_state",
    "old_state", "valid_from",     "actor_tenant_id", "actor_object_id"};
constexpr std::string_view kRoleAssignmentHistory[] = {"seq",
                                                       "assignment_id",
                                                       "scope",
                                                       "role_definition_id",
                                                       "principal_tenant_id",
                                                       "principal_id",
                                                       "valid_from",
                                                       "created_by_tenant_id",
                                                       "created_by_object_id"};
constexpr std::string_view kPrincipalHistory[] = {
    "seq",    "tenant_id",         "object_id",  "action",          "kind",           "name",
    "app_id", "secret_expires_at", "valid_from", "actor_tenant_id", "actor_object_id"};
constexpr std::string_view kSubscriptionHistory[] = {
    "seq",   "subscription_id", "tenant_id",  "action",          "display_name",   "offer",
    "state", "parent_group_id", "valid_from", "actor_tenant_id", "actor_object_id"};
// Azure Lighthouse delegations (registration assignments).
constexpr std::string_view kManagedServicesHistory[] = {"seq",
                                                        "assignment_id",
                                                        "scope",
                                                        "customer_tenant_id",
                                                        "managing_tenant_id",
                                                        "principal_id",
                                                        "role_definition_id",
                                                        "valid_from",
                                                        "created_by_tenant_id",
                                                        "created_by_object_id"};
// Partners of record (DPOR).
constexpr std::string_view kPartnerOfRecordHistory[] = {
    "seq",        "subscription_id",       "partner_id",
    "valid_from", "assigned_by_tenant_id", "assigned_by_object_id"};
constexpr std::string_view kPartnerHistory[] = {
    "seq",    "partner_id", "action",          "name",           "kind", "global_id",
    "status", "valid_from", "actor_tenant_id", "actor_object_id"};
// Power Platform ownership, keyed by tenant since migration 16.
constexpr std::string_view kPowerPlatformOwnershipHistoryBefore16[] = {
    "seq",     "resource_id", "principal_id",    "role",
    "channel", "valid_from",  "actor_tenant_id", "actor_object_id"};
constexpr std::string_view kPowerPlatformOwnershipHistory[] = {
    "seq",     "tenant_id",  "resource_id",     "principal_id",   "role",
    "channel", "valid_from", "actor_tenant_id", "actor_object_id"};

// Marker name -> table. The name is the table's, or "<table> before <N>" for its shape before
// migration N.
struct NamedTable {
  std::string_view marker_name;
  AppendOnlyTable table;
};
constexpr std::array kAppendOnlyTables = {
    NamedTable{"partner_link_history", {"partner_link_history", kPartnerLinkHistory}},
    NamedTable{"role_assignment_history", {"role_assignment_history", kRoleAssignmentHistory}},
    NamedTable{"principal_history", {"principal_history", kPrincipalHistory}},
    NamedTable{"subscription_history", {"subscription_history", kSubscriptionHistory}},
    NamedTable{"delegation_history", {"delegation_history", kManagedServicesHistory}},
    NamedTable{"dpor_history", {"dpor_history", kPartnerOfRecordHistory}},
    NamedTable{"partner_history", {"partner_history", kPartnerHistory}},
    NamedTable{"pp_ownership_history before 16",
               {"pp_ownership_history", kPowerPlatformOwnershipHistoryBefore16}},
    NamedTable{"pp_ownership_history", {"pp_ownership_history", kPowerPlatformOwnershipHistory}},
};

constexpr std::string_view kCreateMarker = "-- append-only: ";
constexpr std::string_view kDropMarker = "-- drop append-only: ";

const AppendOnlyTable* FindTable(std::string_view marker_name) {
  for (const NamedTable& named : kAppendOnlyTables) {
    if (named.marker_name == marker_name) return &named.table;
  }
  return nullptr;
}

}  // namespace

std::string AppendOnlyTriggers(SqlDialect dialect, const AppendOnlyTable& table) {
  const bool postgresql = dialect == SqlDialect::kPostgresql;
  // A closed row is frozen; an open one may change only in the columns that close it.
  std::string changed = "OLD.valid_to IS NOT NULL";
  for (std::string_view column : table.immutable_columns) {
    changed += fmt::format("\n  OR NEW.{0} {1} OLD.{0}", column,
                           postgresql ? "IS DISTINCT FROM" : "IS NOT");
  }
  if (postgresql) {
    return fmt::format(
        "CREATE TRIGGER {0}_no_delete BEFORE DELETE ON {0}\n"
        "FOR EACH ROW EXECUTE FUNCTION pal_refuse_history_change();\n"
        "CREATE TRIGGER {0}_no_truncate BEFORE TRUNCATE ON {0}\n"
        "FOR EACH STATEMENT EXECUTE FUNCTION pal_refuse_history_change();\n"
        "CREATE TRIGGER {0}_close_only BEFORE UPDATE ON {0}\n"
        "FOR EACH ROW WHEN ({1})\n"
        "EXECUTE FUNCTION pal_refuse_history_change();\n",
        table.name, changed);
  }
  return fmt::format(
      "CREATE TRIGGER {0}_no_delete BEFORE DELETE ON {0}\n"
      "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END;\n"
      "CREATE TRIGGER {0}_close_only BEFORE UPDATE ON {0}\n"
      "WHEN {1}\n"
      "BEGIN SELECT RAISE(ABORT, '{0} is append-only'); END;\n",
      table.name, changed);
}

std::string DropAppendOnlyTriggers(SqlDialect dialect, std::string_view table) {
  if (dialect == SqlDialect::kPostgresql) {
    return fmt::format(
        "DROP TRIGGER {0}_no_delete ON {0};\n"
        "DROP TRIGGER {0}_no_truncate ON {0};\n"
        "DROP TRIGGER {0}_close_only ON {0};\n",
        table);
  }
  return fmt::format("DROP TRIGGER {0}_no_delete;\nDROP TRIGGER {0}_close_only;\n", table);
}

Result<std::string> ExpandAppendOnlyMarkers(SqlDialect dialect, std::string_view migration) {
  std::string sql;
  sql.reserve(migration.size() + 2048);
  while (!migration.empty()) {
    const std::size_t end = migration.find('\n');
    const std::string_view line = migration.substr(0, end);
    migration = end == std::string_view::npos ? std::string_view() : migration.substr(end + 1);
    if (line.starts_with(kCreateMarker)) {
      const AppendOnlyTable* table = FindTable(line.substr(kCreateMarker.size()));
      if (table == nullptr) {
        return Error::Internal(fmt::format("a migration names no append-only table: {}", line));
      }
      sql += AppendOnlyTriggers(dialect, *table);
    } else if (line.starts_with(kDropMarker)) {
      const std::string_view name = line.substr(kDropMarker.size());
      if (FindTable(name) == nullptr) {
        return Error::Internal(fmt::format("a migration names no append-only table: {}", line));
      }
      sql += DropAppendOnlyTriggers(dialect, name);
    } else {
      sql += line;
      sql += '\n';
    }
  }
  return sql;
}

}  // namespace pal::store
