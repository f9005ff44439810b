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

// The request body as a JSON object; 400 InvalidRequestContent otherwise.
Result<nlohmann::json> ParseObjectBody(std::string_view body);

// `object[key]` when it is a string; nullopt when absent or null; 400 `code` naming `key` when
// it has another type.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view key,
                                                  std::string_view code = "InvalidRequestContent");
Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view key,
                                         std::string_view code = "InvalidRequestContent");

// `body.properties` when it is an object, else `body` itself (both forms are accepted).
const nlohmann::json& PropertiesOf(const nlohmann::json& body);

}  // namespace pal::api
