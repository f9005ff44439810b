#include <fmt/format.h>

#include <array>

#include "core/civil_date.h"
#include "dataset/power_platform_files.h"

namespace pal {
namespace {

// tenant_id is optional when reading (files written before it existed) and written last.
constexpr std::array<std::string_view, 4> kColumns = {"date", "resource_id", "user_id",
                                                      "tenant_id"};
constexpr std::array<std::string_view, 3> kRequired = {"date", "resource_id", "user_id"};

std::optional<PowerPlatformActivity> ParseRow(DatasetRowReader& r, size_t i,
                                              PowerPlatformParseContext& c) {
  PowerPlatformActivity a;
  auto user = r.GuidAt(i, "user_id");
  if (!c.ResolveRow(r, i, a.day, a.tenant_id, a.resource_key) || !user) return std::nullopt;
  a.user_id = *user;
  return a;
}

std::vector<std::string> WriteRow(const PowerPlatformActivity& a) {
  return {FormatDay(a.day), a.resource_key, a.user_id.ToString(), a.tenant_id.ToString()};
}

}  // namespace

constinit const PowerPlatformTable<PowerPlatformActivity> kPowerPlatformActivityTable = {
    "powerplatform_activity.csv",
    kColumns,
    kRequired,
    &PowerPlatformUsage::activity,
    ParseRow,
    nullptr,
    WriteRow};

}  // namespace pal
