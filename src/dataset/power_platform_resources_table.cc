#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/power_platform_environment.h"
#include "core/text.h"
#include "dataset/power_platform_files.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 8> kColumns = {
    "environment_id", "tenant_id", "environment_type", "paid",
    "resource_id",    "product",   "owner_ids",        "co_owner_ids"};

// A ';'-separated list of GUIDs; each item that is not one is reported.
void ParseGuidList(DatasetRowReader& r, size_t i, const std::string& list, std::vector<Guid>& out) {
  for (size_t start = 0; start <= list.size();) {
    size_t end = list.find(';', start);
    if (end == std::string::npos) end = list.size();
    const std::string_view item = Trim(std::string_view(list).substr(start, end - start));
    if (!item.empty()) {
      auto id = Guid::Parse(item);
      if (id)
        out.push_back(*id);
      else
        r.Problem(i, fmt::format("'{}' is not a GUID", item));
    }
    start = end + 1;
  }
}

// Whether the resource's environment agrees with the first row of the same environment (type
// and paid flag); remembers the environment at its first row.
bool SameEnvironmentFacts(DatasetRowReader& r, size_t i, const PowerPlatformResource& resource,
                          EnvironmentType type, const Guid& tenant, const std::string& paid,
                          PowerPlatformParseContext& c) {
  const std::pair<Guid, std::string> key{tenant, ToLowerAscii(resource.environment_id)};
  auto env = c.environments.find(key);
  if (env == c.environments.end()) {
    c.environments.emplace(
        key, std::make_pair(r.Line(i), PowerPlatformParseContext::EnvironmentFacts{type, paid}));
    return true;
  }
  const auto& [first_line, first] = env->second;
  if (first.environment_type != type || !EqualsIgnoreCase(first.paid, paid)) {
    r.Problem(i, fmt::format("environment {} of tenant {} has another type or paid flag on line {}",
                             resource.environment_id, tenant.ToString(), first_line));
    return false;
  }
  return true;
}

// Checks a resource whose cells parsed against the rules of its product and environment, and
// that its id is new in its tenant.
bool Acceptable(DatasetRowReader& r, size_t i, const PowerPlatformResource& resource,
                const std::string& type_text, const Guid& tenant, PowerPlatformProduct product,
                const std::string& paid, PowerPlatformParseContext& c) {
  if (!resource.co_owners.empty() && product != PowerPlatformProduct::kCanvasApp) {
    r.Problem(i, fmt::format("a {} has no co-owners", PowerPlatformProductName(product)));
    return false;
  }
  if (resource.owners.size() > 1) {
    r.Problem(i, fmt::format("a resource has one owner, not {}", resource.owners.size()));
    return false;
  }
  const auto type = ParseEnvironmentType(type_text);
  if (!type) {
    r.Problem(i, fmt::format("environment_type '{}' is not one of Production, Sandbox, Trial, "
                             "Developer",
                             type_text));
    return false;
  }
  if (!SameEnvironmentFacts(r, i, resource, *type, tenant, paid, c)) return false;
  auto& tenants = c.known[ToLowerAscii(resource.resource_id)];
  if (std::find(tenants.begin(), tenants.end(), tenant) != tenants.end()) {
    r.Problem(i, fmt::format("resource {} appears twice in tenant {}", resource.resource_id,
                             tenant.ToString()));
    return false;
  }
  tenants.push_back(tenant);
  return true;
}

std::optional<PowerPlatformResource> ParseRow(DatasetRowReader& r, size_t i,
                                              PowerPlatformParseContext& c) {
  PowerPlatformResource resource;
  resource.environment_id = r.Text(i, "environment_id");
  auto tenant = r.GuidAt(i, "tenant_id");
  const std::string type_text = r.Text(i, "environment_type");
  const std::string paid = r.Text(i, "paid");
  resource.resource_id = r.Text(i, "resource_id");
  auto product = ParsePowerPlatformProduct(r.Text(i, "product"));
  if (!product) {
    r.Problem(i, fmt::format("product '{}' is not one of CanvasApp, ModelDrivenApp, Flow, Dataset, "
                             "Bot, CustomerInsightsInstance",
                             r.Text(i, "product")));
  }
  if (!EqualsIgnoreCase(paid, "true") && !EqualsIgnoreCase(paid, "false")) {
    r.Problem(i, fmt::format("paid '{}' is not true or false", paid));
  }
  if (resource.resource_id.empty()) r.Problem(i, "resource_id is empty");
  auto environment_name =
      ValidatePowerPlatformName(resource.environment_id, "environment_id", "InvalidDataset");
  if (!environment_name.ok()) r.Problem(i, environment_name.error().message);
  ParseGuidList(r, i, r.Text(i, "owner_ids"), resource.owners);
  ParseGuidList(r, i, r.Text(i, "co_owner_ids"), resource.co_owners);
  if (!tenant || !product || resource.resource_id.empty() || !environment_name.ok()) {
    return std::nullopt;
  }
  if (!Acceptable(r, i, resource, type_text, *tenant, *product, paid, c)) return std::nullopt;
  resource.environment_type = *ParseEnvironmentType(type_text);
  resource.tenant_id = *tenant;
  resource.paid = EqualsIgnoreCase(paid, "true");
  resource.product = *product;
  resource.line = r.Line(i);
  return resource;
}

std::string GuidList(const std::vector<Guid>& list) {
  std::string out;
  for (const auto& g : list) out.append(out.empty() ? "" : ";").append(g.ToString());
  return out;
}

std::vector<std::string> WriteRow(const PowerPlatformResource& r) {
  return {r.environment_id,
          r.tenant_id.ToString(),
          std::string(EnvironmentTypeName(r.environment_type)),
          r.paid ? "true" : "false",
          r.resource_id,
          std::string(PowerPlatformProductName(r.product)),
          GuidList(r.owners),
          GuidList(r.co_owners)};
}

}  // namespace

constinit const PowerPlatformTable<PowerPlatformResource> kPowerPlatformResourcesTable = {
    "powerplatform_resources.csv",
    kColumns,
    kColumns,
    &PowerPlatformUsage::resources,
    ParseRow,
    nullptr,
    WriteRow};

}  // namespace pal
