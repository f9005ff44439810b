#include <fmt/format.h>

#include <array>

#include "core/civil_date.h"
#include "core/text.h"
#include "dataset/power_platform_files.h"

namespace pal {
namespace {

// tenant_id is optional when reading (files written before it existed) and written last.
constexpr std::array<std::string_view, 4> kColumns = {"date", "resource_id", "unified_profiles",
                                                      "tenant_id"};
constexpr std::array<std::string_view, 3> kRequired = {"date", "resource_id", "unified_profiles"};

std::optional<CustomerInsightsProfiles> ParseRow(DatasetRowReader& r, size_t i,
                                                 PowerPlatformParseContext& c) {
  CustomerInsightsProfiles p;
  auto value = ParseUnsigned(r.Text(i, "unified_profiles"));
  if (!value) {
    r.Problem(i,
              fmt::format("unified_profiles '{}' is not a count", r.Text(i, "unified_profiles")));
  }
  if (!c.ResolveRow(r, i, p.day, p.tenant_id, p.resource_key) || !value) return std::nullopt;
  p.unified_profiles = *value;
  return p;
}

std::vector<std::string> WriteRow(const CustomerInsightsProfiles& p) {
  return {FormatDay(p.day), p.resource_key, std::to_string(p.unified_profiles),
          p.tenant_id.ToString()};
}

}  // namespace

constinit const PowerPlatformTable<CustomerInsightsProfiles> kCustomerInsightsProfilesTable = {
    "customer_insights_profiles.csv",
    kColumns,
    kRequired,
    &PowerPlatformUsage::profiles,
    ParseRow,
    nullptr,
    WriteRow};

}  // namespace pal
