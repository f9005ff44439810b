#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/power_platform_environment.h"
#include "core/result.h"

namespace pal {

// Power Platform and Customer Insights resources and their activity, as the data set's
// powerplatform_resources.csv, powerplatform_activity.csv and customer_insights_profiles.csv
// (docs/dataset.md) hold them; dataset/power_platform_files.h reads and writes those files.
enum class PowerPlatformProduct {
  kCanvasApp,
  kModelDrivenApp,
  kFlow,
  kDataset,
  kBot,
  kCustomerInsightsInstance
};

std::string_view PowerPlatformProductName(PowerPlatformProduct product);  // "CanvasApp", ...
std::optional<PowerPlatformProduct> ParsePowerPlatformProduct(std::string_view text);

// A resource is known by its tenant and its id: two tenants may each have an environment and a
// resource of the same names (and so the same resource id).
struct PowerPlatformResource {
  std::string environment_id;  // unique in its tenant, compared case-insensitively
  Guid tenant_id;
  EnvironmentType environment_type = EnvironmentType::kProduction;
  bool paid = false;
  std::string resource_id;  // as written; unique in its tenant, compared case-insensitively
  PowerPlatformProduct product = PowerPlatformProduct::kCanvasApp;
  std::vector<Guid> owners;     // owner (creator, publisher)
  std::vector<Guid> co_owners;  // canvas apps only
  size_t line = 0;
};

struct PowerPlatformActivity {
  Guid tenant_id;            // the resource's tenant
  std::int32_t day = 0;      // days since 1970-01-01
  std::string resource_key;  // lower-case resource id
  Guid user_id;
};

struct CustomerInsightsProfiles {
  Guid tenant_id;  // the instance's tenant
  std::int32_t day = 0;
  std::string resource_key;  // lower-case resource id
  std::uint64_t unified_profiles = 0;
};

struct PowerPlatformUsage {
  std::vector<PowerPlatformResource> resources;
  std::vector<PowerPlatformActivity> activity;
  std::vector<CustomerInsightsProfiles> profiles;
  bool empty() const { return resources.empty(); }
};

// Days since 1970-01-01 of a strict "YYYY-MM-DD" (the Power Platform files' and API's dates);
// nullopt for anything else.
std::optional<std::int32_t> ParsePowerPlatformDay(std::string_view text);

}  // namespace pal
