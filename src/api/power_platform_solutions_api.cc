#include <fmt/format.h>

#include <set>

#include "api/arm_response.h"
#include "api/power_platform_api.h"
#include "api/power_platform_json.h"
#include "core/power_platform_solution.h"
#include "core/power_platform_usage.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr size_t kMaxActivityRows = 10'000;

Error InvalidActivity(size_t index, std::string_view problem) {
  return Error::InvalidArgument("InvalidActivity",
                                fmt::format("value[{}]: {}; nothing was added.", index, problem));
}

}  // namespace

HttpResponse PowerPlatformApi::ExportSolution(const HttpRequest& request,
                                              const identity::CallerIdentity& caller,
                                              const EnvironmentAccess& access) {
  const std::string& env = access.environment.name;
  if (!access.maker()) {
    return ArmError(service::ScopeAuthorizer::DeniedAt(
                        caller, "Pal.PowerPlatform/environments/exportSolution/action",
                        PowerPlatformEnvironmentId(env)),
                    request);
  }
  auto body = ParseObjectBody(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  Solution solution;
  auto name = OptionalString(*body, "solutionName", "InvalidSolutionName");
  auto version = OptionalString(*body, "version", "InvalidSolutionVersion");
  auto managed = OptionalBool(*body, "managed");
  if (!name.ok()) return ArmError(name.error(), request);
  if (!version.ok()) return ArmError(version.error(), request);
  if (!managed.ok()) return ArmError(managed.error(), request);
  solution.name = name->value_or("");
  if (*version) solution.version = **version;
  solution.managed = managed->value_or(true);
  solution.exported_from = env;
  solution.exported_on = clock_.Now();
  const auto components = body->find("components");
  if (components == body->end() || !components->is_array()) {
    return ArmError(
        Error::InvalidArgument("InvalidRequestContent",
                               "Name the components to export: \"components\": [resource id or "
                               "\"{collection}/{name}\", ...]."),
        request);
  }
  for (const auto& c : *components) {
    if (!c.is_string()) {
      return ArmError(
          Error::InvalidArgument("InvalidRequestContent", "Each component is a string."), request);
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
      return ArmError(Error::InvalidArgument(
                          "InvalidComponent",
                          fmt::format("'{}' is not a resource of environment '{}': use its id or "
                                      "{{collection}}/{{name}}, e.g. canvasApps/app1.",
                                      text, env)),
                      request);
    }
    auto found = FindResource(caller, access, *product, std::string(parts.back()));
    if (!found.ok()) return ArmError(found.error(), request);
    solution.components.push_back({*product, found->resource.name, found->resource.display_name});
  }
  if (auto valid = ValidateSolution(solution); !valid.ok()) return ArmError(valid.error(), request);
  return ArmJson(200, SolutionJson(solution).dump(), request);
}

HttpResponse PowerPlatformApi::ImportSolution(const HttpRequest& request,
                                              const identity::CallerIdentity& caller,
                                              const EnvironmentAccess& access) {
  const std::string& env = access.environment.name;
  if (!access.maker()) {
    return ArmError(service::ScopeAuthorizer::DeniedAt(
                        caller, "Pal.PowerPlatform/environments/importSolution/action",
                        PowerPlatformEnvironmentId(env)),
                    request);
  }
  auto body = ParseObjectBody(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  auto solution = SolutionFromJson(*body);
  if (!solution.ok()) return ArmError(solution.error(), request);
  if (auto valid = ValidateSolution(*solution); !valid.ok())
    return ArmError(valid.error(), request);
  // Importing over an existing component makes the importer its owner: that takes the right to
  // change its owner (an environment admin, or its owner). Otherwise the whole import is refused.
  // The store decides it in the transaction that writes the import, from the members and owners
  // as they are then: an owner or membership changed since Access() counts.
  const PrincipalKey importer{caller.tenant_id, caller.object_id};
  auto imported = store_.power_platform_resources().ImportSolution(env, *solution, importer);
  if (!imported.ok()) return ArmError(imported.error(), request);
  switch (imported->refusal) {
    case SolutionImport::Refusal::kNone:
      break;
    case SolutionImport::Refusal::kNotMaker:
      return ArmError(service::ScopeAuthorizer::DeniedAt(
                          caller, "Pal.PowerPlatform/environments/importSolution/action",
                          PowerPlatformEnvironmentId(env)),
                      request);
    case SolutionImport::Refusal::kNotOwner: {
      const auto& component = solution->components.at(imported->component.value_or(0));
      return ArmError(service::ScopeAuthorizer::DeniedAt(
                          caller,
                          fmt::format("Pal.PowerPlatform/{}/setOwner/action",
                                      PowerPlatformCollection(component.product)),
                          PowerPlatformResourceId(env, component.product, component.name),
                          "The solution names a component someone else owns; importing it would "
                          "make you its owner, which "
                          "only its owner or an environment admin may. Nothing was imported."),
                      request);
    }
  }
  nlohmann::json components = nlohmann::json::array();
  for (const auto& r : imported->components) components.push_back(ResourceJson(r));
  return ArmJson(200,
                 nlohmann::json{{"solutionName", solution->name},
                                {"version", solution->version},
                                {"managed", solution->managed},
                                {"importedBy", caller.object_id.ToString()},
                                {"components", components}}
                     .dump(),
                 request);
}

HttpResponse PowerPlatformApi::Activity(const HttpRequest& request,
                                        const identity::CallerIdentity& caller,
                                        const EnvironmentAccess& access, bool profiles) {
  const std::string& env = access.environment.name;
  if (!access.admin()) {
    return ArmError(service::ScopeAuthorizer::DeniedAt(
                        caller,
                        profiles ? "Pal.PowerPlatform/environments/unifiedProfiles/action"
                                 : "Pal.PowerPlatform/environments/activity/action",
                        PowerPlatformEnvironmentId(env)),
                    request);
  }
  auto body = ParseObjectBody(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  const auto rows = body->find("value");
  if (rows == body->end() || !rows->is_array()) {
    return ArmError(
        Error::InvalidArgument("InvalidActivity", "The body is {\"value\": [rows...]}."), request);
  }
  if (rows->size() > kMaxActivityRows) {
    return ArmError(
        Error::InvalidArgument("InvalidActivity",
                               fmt::format("At most {} rows per request; this one has {}.",
                                           kMaxActivityRows, rows->size())),
        request);
  }
  std::vector<PowerPlatformActivity> activity;
  std::vector<CustomerInsightsProfiles> unified;
  std::set<std::string> known;  // lower-case ids of this environment's resources checked so far
  for (size_t i = 0; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    if (!row.is_object()) return ArmError(InvalidActivity(i, "not an object"), request);
    auto date = OptionalString(row, "date", "InvalidActivity");
    auto resource = OptionalString(row, "resourceId", "InvalidActivity");
    if (!date.ok() || !resource.ok())
      return ArmError(InvalidActivity(i, "date and resourceId are strings"), request);
    auto day = *date ? ParsePowerPlatformDay(**date) : std::nullopt;
    if (!day)
      return ArmError(
          InvalidActivity(i, fmt::format("date '{}' is not YYYY-MM-DD", date->value_or(""))),
          request);
    const std::string key = ToLowerAscii(resource->value_or(""));
    if (!known.count(key)) {
      auto found = store_.power_platform_resources().FindPowerPlatformResource(
          access.environment.tenant_id, key);
      if (!found.ok()) return ArmError(found.error(), request);
      if (!*found || !EqualsIgnoreCase((*found)->environment, env)) {
        return ArmError(InvalidActivity(i, fmt::format("'{}' is not a resource of environment '{}'",
                                                       resource->value_or(""), env)),
                        request);
      }
      if (profiles && (*found)->product != PowerPlatformProduct::kCustomerInsightsInstance) {
        return ArmError(InvalidActivity(i, fmt::format("'{}' is not a Customer Insights instance",
                                                       (*found)->resource_id)),
                        request);
      }
      known.insert(key);
    }
    if (profiles) {
      const auto value = row.find("unifiedProfiles");
      if (value == row.end() || !value->is_number_unsigned()) {
        return ArmError(
            InvalidActivity(i, "unifiedProfiles is a count (a whole number, 0 or more)"), request);
      }
      unified.push_back({access.environment.tenant_id, *day, key, value->get<std::uint64_t>()});
      continue;
    }
    auto user_text = OptionalString(row, "userId", "InvalidActivity");
    if (!user_text.ok() || !*user_text)
      return ArmError(InvalidActivity(i, "userId is missing"), request);
    auto user = PrincipalOf(access.environment.tenant_id, **user_text, "user");
    if (!user.ok()) return ArmError(InvalidActivity(i, user.error().message), request);
    activity.push_back({access.environment.tenant_id, *day, key, user->object_id});
  }
  auto added = profiles ? store_.power_platform_resources().SetUnifiedProfiles(unified)
                        : store_.power_platform_resources().AddPowerPlatformActivity(activity);
  if (!added.ok()) return ArmError(added.error(), request);
  return ArmJson(200, nlohmann::json{{"received", rows->size()}, {"added", *added}}.dump(),
                 request);
}

}  // namespace pal::api
