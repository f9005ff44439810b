#include "core/power_platform_solution.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "core/power_platform_environment.h"
#include "core/text.h"

namespace pal {
namespace {

constexpr size_t kMaxSolutionNameLength = 64;
constexpr size_t kVersionParts = 4;

bool ValidSolutionName(std::string_view name) {
  if (name.empty() || name.size() > kMaxSolutionNameLength) return false;
  for (char c : name) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!allowed) return false;
  }
  return true;
}

bool ValidVersion(std::string_view version) {
  size_t parts = 0;
  size_t start = 0;
  while (start <= version.size()) {
    size_t dot = version.find('.', start);
    if (dot == std::string_view::npos) dot = version.size();
    if (!ParseUnsigned(version.substr(start, dot - start))) return false;
    ++parts;
    start = dot + 1;
  }
  return parts == kVersionParts;
}

}  // namespace

bool IsSolutionAware(PowerPlatformProduct product) {
  return product == PowerPlatformProduct::kCanvasApp ||
         product == PowerPlatformProduct::kModelDrivenApp || product == PowerPlatformProduct::kFlow;
}

Result<void> ValidateSolution(const Solution& solution) {
  if (!ValidSolutionName(solution.name)) {
    return Error::InvalidArgument(
        "InvalidSolutionName",
        fmt::format("The solution name '{}' is not valid: use 1 to {} letters, digits or '_'.",
                    solution.name, kMaxSolutionNameLength));
  }
  if (!ValidVersion(solution.version)) {
    return Error::InvalidArgument("InvalidSolutionVersion",
                                  fmt::format("The solution version '{}' is not valid: use four "
                                              "numbers separated by dots, like 1.0.0.0.",
                                              solution.version));
  }
  if (solution.components.empty()) {
    return Error::InvalidArgument(
        "EmptySolution", fmt::format("The solution '{}' has no components.", solution.name));
  }
  std::set<std::pair<PowerPlatformProduct, std::string>> seen;
  for (const auto& c : solution.components) {
    if (!IsSolutionAware(c.product)) {
      return Error::InvalidArgument(
          "ComponentNotSolutionAware",
          fmt::format(
              "The {} '{}' cannot be part of a solution: only canvas apps, model-driven apps and "
              "flows "
              "can. {}",
              PowerPlatformProductName(c.product), c.name,
              c.product == PowerPlatformProduct::kDataset
                  ? "Publish the dataset as the linked account instead (pal powerbi publish)."
                  : "Its owner stays its creator."));
    }
    if (auto name = ValidatePowerPlatformName(c.name, "resource name", "InvalidResourceName");
        !name.ok())
      return name;
    if (!seen.emplace(c.product, ToLowerAscii(c.name)).second) {
      return Error::InvalidArgument("DuplicateSolutionComponent",
                                    fmt::format("The {} '{}' appears twice in the solution.",
                                                PowerPlatformProductName(c.product), c.name));
    }
  }
  return {};
}

}  // namespace pal
