#pragma once

#include <type_traits>

#include "core/result.h"
#include "dataset/dataset.h"
#include "dataset/dataset_parse_context.h"
#include "dataset/table_descriptor.h"

namespace pal {

template <typename Row>
using DatasetTable = TableDescriptor<Dataset, Row, DatasetParseContext>;

// The tables of the data set (docs/dataset.md), one descriptor each.
extern const DatasetTable<DatasetPartner> kPartnersTable;
extern const DatasetTable<DatasetTenant> kTenantsTable;
extern const DatasetTable<DatasetPrincipal> kPrincipalsTable;
extern const DatasetTable<DatasetManagementGroup> kManagementGroupsTable;
extern const DatasetTable<DatasetSubscription> kSubscriptionsTable;
extern const DatasetTable<DatasetRoleAssignment> kRoleAssignmentsTable;
extern const DatasetTable<DatasetLink> kPartnerLinksTable;
extern const DatasetTable<DatasetDelegation> kDelegationsTable;
extern const DatasetTable<DatasetPartnerOfRecord> kPartnersOfRecordTable;

// Calls `visit(descriptor)` for every table in dependency order (a row refers only to rows of
// the tables before it: ParseDataset reads and the store imports them in this order). When
// `visit` returns a Result<void>, stops at the first error and returns it.
template <typename Visit>
auto ForEachDatasetTable(Visit&& visit) {
  auto each = [&](const auto&... tables) {
    using Returned = decltype(visit(kPartnersTable));
    if constexpr (std::is_void_v<Returned>) {
      (visit(tables), ...);
    } else {
      Result<void> result;
      ((result.ok() ? void(result = visit(tables)) : void()), ...);
      return result;
    }
  };
  return each(kPartnersTable, kTenantsTable, kPrincipalsTable, kManagementGroupsTable,
              kSubscriptionsTable, kRoleAssignmentsTable, kPartnerLinksTable, kDelegationsTable,
              kPartnersOfRecordTable);
}

}  // namespace pal
