#pragma once

#include <map>
#include <string>

#include "core/clock.h"
#include "core/principal.h"
#include "core/result.h"
#include "dataset/dataset.h"
#include "dataset/dataset_tables.h"
#include "store/sql_connection.h"

namespace pal::store {

// Inserts the tables of a data set into an empty store, inside the caller's transaction, one
// table at a time in the order of ForEachDatasetTable: the rows of a table and what the store
// keeps of their history (created by the administrator, at `now` or when the row says). A
// failed insert is an InvalidDataset error naming "file:line".
class SqlDatasetImport {
 public:
  SqlDatasetImport(SqlConnection& connection, const Dataset& dataset, Timestamp now)
      : c_(connection), d_(dataset), now_(now) {}

  Result<void> Table(const DatasetTable<DatasetPartner>& table);
  // Also sets partners' home tenants, once the tenants exist.
  Result<void> Table(const DatasetTable<DatasetTenant>& table);
  Result<void> Table(const DatasetTable<DatasetPrincipal>& table);
  // Every tenant's root group, then the groups parents first.
  Result<void> Table(const DatasetTable<DatasetManagementGroup>& table);
  Result<void> Table(const DatasetTable<DatasetSubscription>& table);
  // With the resource groups and resources their scopes name.
  Result<void> Table(const DatasetTable<DatasetRoleAssignment>& table);
  Result<void> Table(const DatasetTable<DatasetLink>& table);
  Result<void> Table(const DatasetTable<DatasetDelegation>& table);
  Result<void> Table(const DatasetTable<DatasetPartnerOfRecord>& table);

 private:
  SqlConnection& c_;
  const Dataset& d_;
  const Timestamp now_;
  std::map<std::string, std::string> partner_names_;    // partner id -> name
  std::map<Guid, PrincipalKind> kinds_;                 // principal object id -> kind
  std::map<std::string, std::string> canonical_group_;  // lower-case group id -> as given
};

}  // namespace pal::store
