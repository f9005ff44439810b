#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/guid.h"
#include "core/power_platform_usage.h"
#include "core/result.h"
#include "dataset/dataset_problems.h"
#include "dataset/dataset_row_reader.h"
#include "dataset/table_descriptor.h"

namespace pal {

// The Power Platform files of the data set (docs/dataset.md): powerplatform_resources.csv,
// powerplatform_activity.csv and customer_insights_profiles.csv, read into and written from
// PowerPlatformUsage.

// What ParsePowerPlatformUsage has learnt from the resources, for activity and profiles to name.
struct PowerPlatformParseContext {
  struct EnvironmentFacts {
    EnvironmentType environment_type;
    std::string paid;
  };

  DatasetProblems& problems;
  std::map<std::string, std::vector<Guid>> known;  // lower-case resource id -> its tenants
  // (tenant, lower-case id) -> first line, facts: environment ids are unique per tenant.
  std::map<std::pair<Guid, std::string>, std::pair<size_t, EnvironmentFacts>> environments;

  // The day and the resource a row of activity or profiles names: by tenant_id and
  // resource_id, or, without a tenant_id (files written before the column existed), by a
  // resource id one tenant has. Reports the row and returns false otherwise.
  bool ResolveRow(DatasetRowReader& reader, size_t row, std::int32_t& day, Guid& tenant_id,
                  std::string& resource_key);
};

template <typename Row>
using PowerPlatformTable = TableDescriptor<PowerPlatformUsage, Row, PowerPlatformParseContext>;

extern const PowerPlatformTable<PowerPlatformResource> kPowerPlatformResourcesTable;
extern const PowerPlatformTable<PowerPlatformActivity> kPowerPlatformActivityTable;
extern const PowerPlatformTable<CustomerInsightsProfiles> kCustomerInsightsProfilesTable;

// Calls `visit(descriptor)` for the three tables, resources first.
template <typename Visit>
void ForEachPowerPlatformTable(Visit&& visit) {
  visit(kPowerPlatformResourcesTable);
  visit(kPowerPlatformActivityTable);
  visit(kCustomerInsightsProfilesTable);
}

// The three files (name -> contents; missing files are empty tables). Every resource id is
// unique in its tenant, and so is every environment id; activity and profiles name known
// resources by tenant_id and resource_id — files without a tenant_id column (written before
// it existed), or rows leaving it empty, by a resource id only one tenant has. Dates are
// YYYY-MM-DD. Error InvalidDataset with up to `max_problems` "file:line: problem" lines.
Result<PowerPlatformUsage> ParsePowerPlatformUsage(const std::map<std::string, std::string>& files,
                                                   size_t max_problems = 20);

// The three files (header and rows, in the order given; activity and profiles with their
// tenant_id as the last column); none when `usage` has no resources.
std::map<std::string, std::string> WritePowerPlatformUsage(const PowerPlatformUsage& usage);

// The file names above.
const std::vector<std::string>& PowerPlatformFileNames();

}  // namespace pal
