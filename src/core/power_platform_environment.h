#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/result.h"

namespace pal {

// The environment types Power Platform has; rule B5 credits only paid Production ones.
enum class EnvironmentType { kProduction, kSandbox, kTrial, kDeveloper };
inline constexpr std::array<EnvironmentType, 4> kEnvironmentTypes = {
    EnvironmentType::kProduction, EnvironmentType::kSandbox, EnvironmentType::kTrial,
    EnvironmentType::kDeveloper};

// "Production", "Sandbox", "Trial", "Developer".
std::string_view EnvironmentTypeName(EnvironmentType type);
// The type of that name, matched case-insensitively; nullopt for anything else.
std::optional<EnvironmentType> ParseEnvironmentType(std::string_view text);

// A Power Platform environment of one tenant: the container of apps, flows, datasets, bots and
// Customer Insights instances.
struct PowerPlatformEnvironment {
  std::string name;  // the id in paths; unique in its tenant, compared case-insensitively
  Guid tenant_id;    // with `name`, the environment's key: another tenant may have the same name
  std::string display_name;
  EnvironmentType type = EnvironmentType::kProduction;
  bool paid = false;
  PrincipalKey created_by;
  Timestamp created_at = 0;
};

// What a member of an environment may do: admins change the environment, its members, any
// resource's ownership and post activity; makers create resources and import solutions.
enum class EnvironmentRole { kAdmin, kMaker };

std::string_view EnvironmentRoleName(
    EnvironmentRole role);  // "EnvironmentAdmin", "EnvironmentMaker"
std::optional<EnvironmentRole> ParseEnvironmentRole(std::string_view text);

struct EnvironmentMember {
  Guid tenant_id;           // the environment's tenant
  std::string environment;  // environment name
  Guid object_id;           // a principal of the environment's tenant
  EnvironmentRole role = EnvironmentRole::kMaker;
  Timestamp added_at = 0;
};

// Ok when `name` is 1-64 letters, digits, '-', '_' or '.'; error InvalidArgument `code`
// naming `what` otherwise.
Result<void> ValidatePowerPlatformName(std::string_view name, std::string_view what,
                                       std::string_view code);

}  // namespace pal
