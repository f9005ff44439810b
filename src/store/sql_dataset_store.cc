#include "store/sql_dataset_store.h"

#include "store/sql_dataset_import.h"
#include "store/sql_power_platform_store.h"
#include "store/stored_names.h"

namespace pal::store {

Result<void> SqlDatasetStore::Import(const Dataset& d, const PowerPlatformUsage& power_platform,
                                     Timestamp now) {
  PAL_ASSIGN_OR_RETURN(
      auto existing,
      pool_.QueryOne<std::int64_t>(
          "SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM partners)",
          [](SqlStatement&) {}, [](const SqlStatement& row) { return row.ColumnInt(0); }));
  if (existing.value_or(0) > 0) {
    return Error::Conflict("DataDirectoryNotEmpty",
                           "The data directory already holds tenants or partners; import a data "
                           "set into a new data directory (--data).");
  }
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    SqlDatasetImport import(c, d, now);
    PAL_TRY(ForEachDatasetTable([&](const auto& table) { return import.Table(table); }));
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
      "SELECT tenant_id, object_id, kind, name, app_id FROM principals ORDER BY tenant_id, "
      "object_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        DatasetPrincipal p{r.ColumnGuid(0), r.ColumnGuid(1),
                           ParsePrincipalKind(r.ColumnText(2)).value_or(PrincipalKind::kUser),
                           r.ColumnText(3)};
        if (auto app = r.ColumnOptionalText(4)) p.app_id = Guid::Parse(*app);
        return p;
      });
  if (!principals.ok()) return principals.error();
  d.principals = std::move(*principals);
  PAL_ASSIGN_OR_RETURN(auto groups, pool_.QueryAll<DatasetManagementGroup>(
                                        "SELECT tenant_id, group_id, parent_id FROM "
                                        "management_groups ORDER BY tenant_id, group_id",
                                        [](SqlStatement&) {},
                                        [](const SqlStatement& r) {
                                          return DatasetManagementGroup{r.ColumnGuid(0),
                                                                        r.ColumnText(1),
                                                                        r.ColumnOptionalText(2)};
                                        }));
  d.management_groups = std::move(groups);
  auto subscriptions = pool_.QueryAll<DatasetSubscription>(
      "SELECT tenant_id, subscription_id, display_name, offer, state, parent_group_id FROM "
      "subscriptions ORDER BY tenant_id, subscription_id",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetSubscription{r.ColumnGuid(0),
                                   r.ColumnGuid(1),
                                   r.ColumnText(2),
                                   StoredOffer(r.ColumnText(3)),
                                   StoredState(r.ColumnText(4)),
                                   r.ColumnOptionalText(5)};
      });
  if (!subscriptions.ok()) return subscriptions.error();
  d.subscriptions = std::move(*subscriptions);
  PAL_ASSIGN_OR_RETURN(
      auto assignments,
      pool_.QueryAll<std::optional<DatasetRoleAssignment>>(
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
          }));
  for (auto& a : assignments) {
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
  auto partners_of_record = pool_.QueryAll<DatasetPartnerOfRecord>(
      "SELECT subscription_id, partner_id, valid_from, valid_to FROM dpor_history ORDER BY seq",
      [](SqlStatement&) {},
      [](const SqlStatement& r) {
        return DatasetPartnerOfRecord{r.ColumnGuid(0), r.ColumnText(1), r.ColumnInt(2),
                                      r.ColumnOptionalInt(3), 0};
      });
  if (!partners_of_record.ok()) return partners_of_record.error();
  d.partners_of_record = std::move(*partners_of_record);
  PAL_ASSIGN_OR_RETURN(
      auto delegations,
      pool_.QueryAll<std::optional<DatasetDelegation>>(
          "SELECT assignment_id, scope, managing_tenant_id, principal_id, role_definition_id, "
          "valid_from, valid_to, customer_tenant_id FROM delegation_history ORDER BY seq",
          [](SqlStatement&) {},
          [](const SqlStatement& r) -> std::optional<DatasetDelegation> {
            auto scope = ResourceId::Parse(r.ColumnText(1));
            if (!scope.ok()) return std::nullopt;
            return DatasetDelegation{r.ColumnGuid(0),        *scope,          r.ColumnGuid(2),
                                     r.ColumnGuid(3),        r.ColumnGuid(4), r.ColumnInt(5),
                                     r.ColumnOptionalInt(6), r.ColumnGuid(7), 0};
          }));
  for (auto& g : delegations) {
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
