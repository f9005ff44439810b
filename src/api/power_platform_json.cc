#include "api/power_platform_json.h"

#include <fmt/format.h>

#include "api/json_body.h"
#include "core/time_format.h"

namespace pal::api {

nlohmann::json EnvironmentJson(const PowerPlatformEnvironment& e) {
  return {{"id", PowerPlatformEnvironmentId(e.name)},
          {"name", e.name},
          {"type", "Pal.PowerPlatform/environments"},
          {"properties",
           {{"tenantId", e.tenant_id.ToString()},
            {"displayName", e.display_name},
            {"environmentType", EnvironmentTypeName(e.type)},
            {"paid", e.paid},
            {"createdBy", e.created_by.object_id.ToString()},
            {"createdOn", FormatIso8601(e.created_at)}}}};
}

nlohmann::json MemberJson(const EnvironmentMember& m, const std::optional<Principal>& principal) {
  return {{"objectId", m.object_id.ToString()},
          {"principalType",
           principal ? std::string(PrincipalKindName(principal->kind)) : std::string("Unknown")},
          {"displayName", principal ? principal->name : std::string()},
          {"role", EnvironmentRoleName(m.role)},
          {"addedOn", FormatIso8601(m.added_at)}};
}

nlohmann::json ResourceJson(const PowerPlatformResourceRecord& r) {
  nlohmann::json co_owners = nlohmann::json::array();
  for (const auto& c : r.co_owners) co_owners.push_back(c.ToString());
  return {
      {"id", r.resource_id},
      {"name", r.name},
      {"type", fmt::format("Pal.PowerPlatform/{}", PowerPlatformCollection(r.product))},
      {"properties",
       {{"environment", r.environment},
        {"tenantId", r.tenant_id.ToString()},
        {"product", PowerPlatformProductName(r.product)},
        {"displayName", r.display_name},
        {"owner", r.owner ? nlohmann::json(r.owner->ToString()) : nlohmann::json(nullptr)},
        {"coOwners", co_owners},
        {"createdBy", r.created_by.object_id.ToString()},
        {"createdOn", FormatIso8601(r.created_at)},
        {"solution", r.solution.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.solution)}}}};
}

nlohmann::json OwnershipHistoryJson(const OwnershipHistoryEntry& e) {
  return {{"principalId", e.principal.ToString()},
          {"role", OwnershipRoleName(e.role)},
          {"validFrom", FormatIso8601(e.valid_from)},
          {"validTo",
           e.valid_to ? nlohmann::json(FormatIso8601(*e.valid_to)) : nlohmann::json(nullptr)},
          {"channel", e.channel},
          {"actor", e.actor.object_id.ToString()}};
}

nlohmann::json SolutionJson(const Solution& s) {
  nlohmann::json components = nlohmann::json::array();
  for (const auto& c : s.components) {
    components.push_back({{"product", PowerPlatformProductName(c.product)},
                          {"name", c.name},
                          {"displayName", c.display_name}});
  }
  return {{"solutionName", s.name},
          {"version", s.version},
          {"managed", s.managed},
          {"exportedFrom", s.exported_from},
          {"exportedOn", FormatIso8601(s.exported_on)},
          {"components", components}};
}

Result<Solution> SolutionFromJson(const nlohmann::json& document) {
  auto invalid = [](std::string message) {
    return Error::InvalidArgument("InvalidSolution", std::move(message));
  };
  if (!document.is_object()) return invalid("A solution document is a JSON object.");
  Solution s;
  auto name = OptionalString(document, "solutionName", "InvalidSolution");
  if (!name.ok()) return name.error();
  if (!*name) return invalid("The solution document has no solutionName.");
  s.name = **name;
  auto version = OptionalString(document, "version", "InvalidSolution");
  if (!version.ok()) return version.error();
  if (*version) s.version = **version;
  auto managed = OptionalBool(document, "managed", "InvalidSolution");
  if (!managed.ok()) return managed.error();
  s.managed = managed->value_or(true);
  PAL_ASSIGN_OR_RETURN(auto from, OptionalString(document, "exportedFrom", "InvalidSolution"));
  s.exported_from = from.value_or("");
  if (!document.contains("components") || !document["components"].is_array()) {
    return invalid("The solution document has no components array.");
  }
  size_t index = 0;
  for (const auto& c : document["components"]) {
    if (!c.is_object()) return invalid(fmt::format("components[{}] is not an object.", index));
    auto product_text = OptionalString(c, "product", "InvalidSolution");
    auto component_name = OptionalString(c, "name", "InvalidSolution");
    auto display = OptionalString(c, "displayName", "InvalidSolution");
    if (!product_text.ok()) return product_text.error();
    if (!component_name.ok()) return component_name.error();
    if (!display.ok()) return display.error();
    auto product = *product_text ? ParsePowerPlatformProduct(**product_text) : std::nullopt;
    if (!product) {
      return invalid(
          fmt::format("components[{}].product '{}' is not one of CanvasApp, ModelDrivenApp, Flow, "
                      "Dataset, Bot, CustomerInsightsInstance.",
                      index, product_text->value_or("")));
    }
    if (!*component_name) return invalid(fmt::format("components[{}] has no name.", index));
    s.components.push_back({*product, **component_name, display->value_or("")});
    ++index;
  }
  return s;
}

}  // namespace pal::api
