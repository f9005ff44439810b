#pragma once

#include <set>
#include <string>
#include <unordered_map>

#include "core/guid.h"
#include "dataset/dataset.h"
#include "dataset/dataset_problems.h"
#include "dataset/dataset_row_reader.h"

namespace pal {

// What ParseDataset has learnt from the tables read so far, for the rows of the later ones to
// refer to: each table's row function records the keys of the rows it accepts.
struct DatasetParseContext {
  DatasetParseContext(DatasetProblems& problems, const Dataset& dataset)
      : problems(problems), dataset(dataset) {}

  DatasetProblems& problems;
  const Dataset& dataset;  // the rows accepted so far

  std::set<std::string> partners;                             // partner ids
  std::set<Guid> tenants;                                     // tenant ids
  std::unordered_map<std::string, Guid> principal_tenant;     // object id -> tenant
  std::set<Guid> app_ids;                                     // service principals' app ids
  std::unordered_map<std::string, Guid> group_tenant;         // lower-case group id -> tenant
  std::unordered_map<std::string, Guid> subscription_tenant;  // subscription id -> tenant

  // Whether tenants.csv has `tenant`; reports the row otherwise.
  bool KnownTenant(DatasetRowReader& reader, size_t row, const Guid& tenant) const;
};

}  // namespace pal
