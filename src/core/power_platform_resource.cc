#include "core/power_platform_resource.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/text.h"

namespace pal {
namespace {

constexpr std::array<std::pair<PowerPlatformProduct, std::string_view>, 6> kCollections = {{
    {PowerPlatformProduct::kCanvasApp, "canvasApps"},
    {PowerPlatformProduct::kModelDrivenApp, "modelDrivenApps"},
    {PowerPlatformProduct::kFlow, "flows"},
    {PowerPlatformProduct::kDataset, "datasets"},
    {PowerPlatformProduct::kBot, "bots"},
    {PowerPlatformProduct::kCustomerInsightsInstance, "customerInsightsInstances"},
}};

}  // namespace

std::string_view PowerPlatformCollection(PowerPlatformProduct product) {
  for (const auto& [p, name] : kCollections) {
    if (p == product) return name;
  }
  return "";
}

std::optional<PowerPlatformProduct> ParsePowerPlatformCollection(std::string_view text) {
  for (const auto& [p, name] : kCollections) {
    if (EqualsIgnoreCase(name, text)) return p;
  }
  return std::nullopt;
}

std::string PowerPlatformEnvironmentId(std::string_view environment) {
  return fmt::format("{}/environments/{}", kPowerPlatformProvider, environment);
}

std::string PowerPlatformResourceId(std::string_view environment, PowerPlatformProduct product,
                                    std::string_view name) {
  return fmt::format("{}/{}/{}", PowerPlatformEnvironmentId(environment),
                     PowerPlatformCollection(product), name);
}

std::string_view OwnershipRoleName(OwnershipRole role) {
  return role == OwnershipRole::kOwner ? "Owner" : "CoOwner";
}

}  // namespace pal
