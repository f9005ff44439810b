#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_solution.h"
#include "core/principal.h"
#include "core/result.h"

namespace pal::api {

// The JSON forms of the Pal.PowerPlatform provider (docs/api.md).
nlohmann::json EnvironmentJson(const PowerPlatformEnvironment& environment);
nlohmann::json MemberJson(const EnvironmentMember& member,
                          const std::optional<Principal>& principal);
nlohmann::json ResourceJson(const PowerPlatformResourceRecord& resource);
nlohmann::json OwnershipHistoryJson(const OwnershipHistoryEntry& entry);
nlohmann::json SolutionJson(const Solution& solution);

// A solution document back from JSON (not yet validated: see ValidateSolution). 400
// InvalidSolution naming the field that is missing or of the wrong type.
Result<Solution> SolutionFromJson(const nlohmann::json& document);

}  // namespace pal::api
