#include <fmt/format.h>

#include <set>

#include "api/arm_response.h"
#include "api/json_body.h"
#include "api/power_platform_api.h"
#include "api/power_platform_json.h"
#include "core/power_platform_solution.h"
#include "core/power_platform_usage.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr size_t kMaxActivityRows = 10'000;
constexpr std::string_view kExport = "Pal.PowerPlatform/environments/exportSolution/action";
constexpr std::string_view kImport = "Pal.PowerPlatform/environments/importSolution/action";

Error InvalidActivity(size_t index, std::string_view problem) {
  return Error::InvalidArgument("InvalidActivity",
                                fmt::format("value[{}]: {}; nothing was added.", index, problem));
}

// The rows of an activity or unifiedProfiles body: {"value": [rows...]}, at most
// kMaxActivityRows.
Result<nlohmann::json> ActivityRows(const nlohmann::json& body) {
  const auto rows = body.find("value");
  if (rows == body.end() || !rows->is_array()) {
    return Error::InvalidArgument("InvalidActivity", "The body is {\"value\": [rows...]}.");
  }
  if (rows->size() > kMaxActivityRows) {
    return Error::InvalidArgument("InvalidActivity",
                                  fmt::format("At most {} rows per request; this one has {}.",
                                              kMaxActivityRows, rows->size()));
  }
  return *rows;
}

}  // namespace

Result<HttpResponse> PowerPlatformApi::ExportSolution(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AccessOf(call));
  const std::string& env = access.environment.name;
  if (!access.maker()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, kExport,
                                              PowerPlatformEnvironmentId(env));
  }
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(call.request.body));
  auto name = OptionalString(body, "solutionName", "InvalidSolutionName");
  auto version = OptionalString(body, "version", "InvalidSolutionVersion");
  auto managed = OptionalBool(body, "managed");
  PAL_TRY(name);
  PAL_TRY(version);
  PAL_TRY(managed);
  Solution solution;
  solution.name = name->value_or("");
  if (*version) solution.version = **version;
  solution.managed = managed->value_or(true);
  solution.exported_from = env;
  solution.exported_on = clock_.Now();
  const auto components = body.find("components");
  if (components == body.end() || !components->is_array()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "Name the components to export: \"components\": [resource id or "
                                  "\"{collection}/{name}\", ...].");
  }
  for (const auto& c : *components) {
    PAL_ASSIGN_OR_RETURN(auto component, ExportedComponent(call, access, c));
    solution.components.push_back(std::move(component));
  }
  PAL_TRY(ValidateSolution(solution));
  return ArmJson(200, SolutionJson(solution).dump(), call.request);
}

Result<SolutionComponent> PowerPlatformApi::ExportedComponent(const ArmCall& call,
                                                              const EnvironmentAccess& access,
                                                              const nlohmann::json& c) {
  const std::string& env = access.environment.name;
  if (!c.is_string()) {
    return Error::InvalidArgument("InvalidRequestContent", "Each component is a string.");
  }
  // A full resource id of this environment, or "{collection}/{name}".
  const std::string text = c.get<std::string>();
  const auto parts = PathSegments(text);
  const bool short_form = parts.size() == 2;
  const bool full_form = parts.size() == 6 && EqualsIgnoreCase(parts[0], "providers") &&
                         EqualsIgnoreCase(parts[1], "Pal.PowerPlatform") &&
                         EqualsIgnoreCase(parts[2], "environments") &&
                         EqualsIgnoreCase(parts[3], env);
  const auto product = short_form  ? ParsePowerPlatformCollection(parts[0])
                       : full_form ? ParsePowerPlatformCollection(parts[4])
                                   : std::nullopt;
  if (!product) {
    return Error::InvalidArgument(
        "InvalidComponent", fmt::format("'{}' is not a resource of environment '{}': use its id or "
                                        "{{collection}}/{{name}}, e.g. canvasApps/app1.",
                                        text, env));
  }
  PAL_ASSIGN_OR_RETURN(auto found,
                       FindResource(call.caller, access, *product, std::string(parts.back())));
  return SolutionComponent{*product, found.resource.name, found.resource.display_name};
}

Result<HttpResponse> PowerPlatformApi::ImportSolution(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AccessOf(call));
  const std::string& env = access.environment.name;
  const Error not_maker =
      service::ScopeAuthorizer::DeniedAt(call.caller, kImport, PowerPlatformEnvironmentId(env));
  if (!access.maker()) return not_maker;
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(call.request.body));
  PAL_ASSIGN_OR_RETURN(auto solution, SolutionFromJson(body));
  PAL_TRY(ValidateSolution(solution));
  // Importing over an existing component makes the importer its owner: that takes the right to
  // change its owner (an environment admin, or its owner). Otherwise the whole import is refused.
  // The store decides it in the transaction that writes the import, from the members and owners
  // as they are then: an owner or membership changed since Access() counts.
  const PrincipalKey importer{call.caller.tenant_id, call.caller.object_id};
  PAL_ASSIGN_OR_RETURN(auto imported,
                       store_.power_platform_resources().ImportSolution(env, solution, importer));
  if (imported.refusal == SolutionImport::Refusal::kNotMaker) return not_maker;
  if (imported.refusal == SolutionImport::Refusal::kNotOwner) {
    const auto& component = solution.components.at(imported.component.value_or(0));
    return service::ScopeAuthorizer::DeniedAt(
        call.caller,
        fmt::format("Pal.PowerPlatform/{}/setOwner/action",
                    PowerPlatformCollection(component.product)),
        PowerPlatformResourceId(env, component.product, component.name),
        "The solution names a component someone else owns; importing it would make you its "
        "owner, which only its owner or an environment admin may. Nothing was imported.");
  }
  nlohmann::json components = nlohmann::json::array();
  for (const auto& r : imported.components) components.push_back(ResourceJson(r));
  return ArmJson(200,
                 nlohmann::json{{"solutionName", solution.name},
                                {"version", solution.version},
                                {"managed", solution.managed},
                                {"importedBy", call.caller.object_id.ToString()},
                                {"components", components}}
                     .dump(),
                 call.request);
}

Result<HttpResponse> PowerPlatformApi::Activity(const ArmCall& call) {
  return AddActivity(call, false);
}

Result<HttpResponse> PowerPlatformApi::UnifiedProfiles(const ArmCall& call) {
  return AddActivity(call, true);
}

Result<void> PowerPlatformApi::CheckActivityResource(const EnvironmentAccess& access,
                                                     const std::string& resource_id, size_t index,
                                                     bool profiles) {
  const std::string& env = access.environment.name;
  PAL_ASSIGN_OR_RETURN(auto found, store_.power_platform_resources().FindPowerPlatformResource(
                                       access.environment.tenant_id, ToLowerAscii(resource_id)));
  if (!found || !EqualsIgnoreCase(found->environment, env)) {
    return InvalidActivity(
        index, fmt::format("'{}' is not a resource of environment '{}'", resource_id, env));
  }
  if (profiles && found->product != PowerPlatformProduct::kCustomerInsightsInstance) {
    return InvalidActivity(
        index, fmt::format("'{}' is not a Customer Insights instance", found->resource_id));
  }
  return {};
}

Result<HttpResponse> PowerPlatformApi::AddActivity(const ArmCall& call, bool profiles) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AccessOf(call));
  const std::string& env = access.environment.name;
  const Guid& tenant = access.environment.tenant_id;
  if (!access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(
        call.caller,
        profiles ? "Pal.PowerPlatform/environments/unifiedProfiles/action"
                 : "Pal.PowerPlatform/environments/activity/action",
        PowerPlatformEnvironmentId(env));
  }
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(call.request.body));
  PAL_ASSIGN_OR_RETURN(const nlohmann::json rows, ActivityRows(body));
  std::vector<PowerPlatformActivity> activity;
  std::vector<CustomerInsightsProfiles> unified;
  std::set<std::string> known;  // lower-case ids of this environment's resources checked so far
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (!row.is_object()) return InvalidActivity(i, "not an object");
    auto date = OptionalString(row, "date", "InvalidActivity");
    auto resource = OptionalString(row, "resourceId", "InvalidActivity");
    if (!date.ok() || !resource.ok()) return InvalidActivity(i, "date and resourceId are strings");
    auto day = *date ? ParsePowerPlatformDay(**date) : std::nullopt;
    if (!day) {
      return InvalidActivity(i, fmt::format("date '{}' is not YYYY-MM-DD", date->value_or("")));
    }
    const std::string key = ToLowerAscii(resource->value_or(""));
    if (!known.count(key)) {
      PAL_TRY(CheckActivityResource(access, resource->value_or(""), i, profiles));
      known.insert(key);
    }
    if (profiles) {
      const auto value = row.find("unifiedProfiles");
      if (value == row.end() || !value->is_number_unsigned()) {
        return InvalidActivity(i, "unifiedProfiles is a count (a whole number, 0 or more)");
      }
      unified.push_back({tenant, *day, key, value->get<std::uint64_t>()});
      continue;
    }
    auto user_text = OptionalString(row, "userId", "InvalidActivity");
    if (!user_text.ok() || !*user_text) return InvalidActivity(i, "userId is missing");
    auto user = PrincipalOf(tenant, **user_text, "user");
    if (!user.ok()) return InvalidActivity(i, user.error().message);
    activity.push_back({tenant, *day, key, user->object_id});
  }
  PAL_ASSIGN_OR_RETURN(
      auto added, profiles ? store_.power_platform_resources().SetUnifiedProfiles(unified)
                           : store_.power_platform_resources().AddPowerPlatformActivity(activity));
  return ArmJson(200, nlohmann::json{{"received", rows.size()}, {"added", added}}.dump(),
                 call.request);
}

}  // namespace pal::api
