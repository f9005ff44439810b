#include "core/power_platform_usage.h"

#include <array>

#include "core/civil_date.h"
#include "core/text.h"

namespace pal {
namespace {

constexpr std::array<std::pair<PowerPlatformProduct, std::string_view>, 6> kProducts = {{
    {PowerPlatformProduct::kCanvasApp, "CanvasApp"},
    {PowerPlatformProduct::kModelDrivenApp, "ModelDrivenApp"},
    {PowerPlatformProduct::kFlow, "Flow"},
    {PowerPlatformProduct::kDataset, "Dataset"},
    {PowerPlatformProduct::kBot, "Bot"},
    {PowerPlatformProduct::kCustomerInsightsInstance, "CustomerInsightsInstance"},
}};

}  // namespace

std::string_view PowerPlatformProductName(PowerPlatformProduct product) {
  for (const auto& [p, name] : kProducts) {
    if (p == product) return name;
  }
  return "";
}

std::optional<PowerPlatformProduct> ParsePowerPlatformProduct(std::string_view text) {
  for (const auto& [p, name] : kProducts) {
    if (EqualsIgnoreCase(name, text)) return p;
  }
  return std::nullopt;
}

std::optional<std::int32_t> ParsePowerPlatformDay(std::string_view text) {
  constexpr size_t kLength = 10;  // YYYY-MM-DD
  if (text.size() != kLength || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  return ParseUsageDay(text);
}

}  // namespace pal
