#include "core/power_platform_environment.h"

#include <fmt/format.h>

#include "core/text.h"

namespace pal {
namespace {

constexpr size_t kMaxNameLength = 64;

}  // namespace

std::string_view EnvironmentTypeName(EnvironmentType type) {
  switch (type) {
    case EnvironmentType::kProduction:
      return "Production";
    case EnvironmentType::kSandbox:
      return "Sandbox";
    case EnvironmentType::kTrial:
      return "Trial";
    case EnvironmentType::kDeveloper:
      return "Developer";
  }
  return "Production";
}

std::optional<EnvironmentType> ParseEnvironmentType(std::string_view text) {
  for (EnvironmentType type : kEnvironmentTypes) {
    if (EqualsIgnoreCase(EnvironmentTypeName(type), text)) return type;
  }
  return std::nullopt;
}

std::string_view EnvironmentRoleName(EnvironmentRole role) {
  return role == EnvironmentRole::kAdmin ? "EnvironmentAdmin" : "EnvironmentMaker";
}

std::optional<EnvironmentRole> ParseEnvironmentRole(std::string_view text) {
  if (EqualsIgnoreCase(text, "EnvironmentAdmin")) return EnvironmentRole::kAdmin;
  if (EqualsIgnoreCase(text, "EnvironmentMaker")) return EnvironmentRole::kMaker;
  return std::nullopt;
}

Result<void> ValidatePowerPlatformName(std::string_view name, std::string_view what,
                                       std::string_view code) {
  bool ok = !name.empty() && name.size() <= kMaxNameLength;
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    ok = ok && allowed;
  }
  if (ok) return {};
  return Error::InvalidArgument(
      std::string(code),
      fmt::format("The {} '{}' is not valid: use 1 to {} letters, digits, '-', '_' or '.'.", what,
                  name, kMaxNameLength));
}

}  // namespace pal
