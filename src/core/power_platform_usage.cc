#include "core/power_platform_usage.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/attribution_month.h"
#include "core/csv.h"
#include "core/power_platform_environment.h"
#include "core/text.h"
#include "core/usage_row.h"

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

const std::vector<std::string>& PowerPlatformFileNames() {
  static const std::vector<std::string> names = {"powerplatform_resources.csv",
                                                 "powerplatform_activity.csv",
                                                 "customer_insights_profiles.csv"};
  return names;
}

Result<PowerPlatformUsage> ParsePowerPlatformUsage(const std::map<std::string, std::string>& files,
                                                   size_t max_problems) {
  std::vector<std::string> problems;
  size_t count = 0;
  auto problem = [&](std::string_view file, size_t line, std::string text) {
    if (count++ < max_problems) problems.push_back(fmt::format("{}:{}: {}", file, line, text));
  };
  auto table = [&](const std::string& name,
                   std::initializer_list<std::string_view> columns) -> std::optional<CsvTable> {
    auto it = files.find(name);
    if (it == files.end()) return CsvTable{};
    auto parsed = ParseCsv(it->second, name);
    if (!parsed.ok()) {
      problem(name, 0, parsed.error().message);
      return std::nullopt;
    }
    for (auto c : columns) {
      if (!parsed->Column(c) && !parsed->rows.empty()) {
        problem(name, 1, fmt::format("the column '{}' is missing", c));
        return std::nullopt;
      }
    }
    return std::move(*parsed);
  };
  auto text = [](const CsvTable& t, size_t row, std::string_view column) {
    auto c = t.Column(column);
    return c ? std::string(Trim(t.rows[row][*c])) : std::string();
  };
  auto guids = [&](std::string_view file, size_t line, const std::string& list,
                   std::vector<Guid>& out) {
    for (size_t start = 0; start <= list.size();) {
      size_t end = list.find(';', start);
      if (end == std::string::npos) end = list.size();
      const std::string_view item = Trim(std::string_view(list).substr(start, end - start));
      if (!item.empty()) {
        auto id = Guid::Parse(item);
        if (id)
          out.push_back(*id);
        else
          problem(file, line, fmt::format("'{}' is not a GUID", item));
      }
      start = end + 1;
    }
  };

  PowerPlatformUsage usage;
  std::map<std::string, std::vector<Guid>>
      known;  // lower-case resource id -> the tenants that have it
  struct EnvironmentFacts {
    std::string environment_type, paid;
  };
  // (tenant, lower-case id) -> first line, facts: environment ids are unique per tenant.
  std::map<std::pair<Guid, std::string>, std::pair<size_t, EnvironmentFacts>> environments;
  constexpr std::string_view kResources = "powerplatform_resources.csv";
  if (auto t =
          table(std::string(kResources), {"environment_id", "tenant_id", "environment_type", "paid",
                                          "resource_id", "product", "owner_ids", "co_owner_ids"})) {
    for (size_t i = 0; i < t->rows.size(); ++i) {
      const size_t line = t->lines[i];
      PowerPlatformResource r;
      r.environment_id = text(*t, i, "environment_id");
      auto tenant = Guid::Parse(text(*t, i, "tenant_id"));
      r.environment_type = text(*t, i, "environment_type");
      const std::string paid = text(*t, i, "paid");
      r.resource_id = text(*t, i, "resource_id");
      auto product = ParsePowerPlatformProduct(text(*t, i, "product"));
      if (!tenant)
        problem(kResources, line,
                fmt::format("tenant_id '{}' is not a GUID", text(*t, i, "tenant_id")));
      if (!product) {
        problem(
            kResources, line,
            fmt::format("product '{}' is not one of CanvasApp, ModelDrivenApp, Flow, Dataset, Bot, "
                        "CustomerInsightsInstance",
                        text(*t, i, "product")));
      }
      if (!EqualsIgnoreCase(paid, "true") && !EqualsIgnoreCase(paid, "false")) {
        problem(kResources, line, fmt::format("paid '{}' is not true or false", paid));
      }
      if (r.resource_id.empty()) problem(kResources, line, "resource_id is empty");
      auto environment_name =
          ValidatePowerPlatformName(r.environment_id, "environment_id", "InvalidDataset");
      if (!environment_name.ok()) problem(kResources, line, environment_name.error().message);
      guids(kResources, line, text(*t, i, "owner_ids"), r.owners);
      guids(kResources, line, text(*t, i, "co_owner_ids"), r.co_owners);
      if (!tenant || !product || r.resource_id.empty() || !environment_name.ok()) continue;
      if (!r.co_owners.empty() && *product != PowerPlatformProduct::kCanvasApp) {
        problem(kResources, line,
                fmt::format("a {} has no co-owners", PowerPlatformProductName(*product)));
        continue;
      }
      if (r.owners.size() > 1) {
        problem(kResources, line, fmt::format("a resource has one owner, not {}", r.owners.size()));
        continue;
      }
      if (!ParseEnvironmentType(r.environment_type)) {
        problem(kResources, line,
                fmt::format("environment_type '{}' is not one of Production, Sandbox, Trial, "
                            "Developer",
                            r.environment_type));
        continue;
      }
      const std::pair<Guid, std::string> environment_key{*tenant, ToLowerAscii(r.environment_id)};
      if (auto env = environments.find(environment_key); env != environments.end()) {
        const auto& [first_line, first] = env->second;
        if (!EqualsIgnoreCase(first.environment_type, r.environment_type) ||
            !EqualsIgnoreCase(first.paid, paid)) {
          problem(
              kResources, line,
              fmt::format("environment {} of tenant {} has another type or paid flag on line {}",
                          r.environment_id, tenant->ToString(), first_line));
          continue;
        }
      } else {
        environments.emplace(environment_key,
                             std::make_pair(line, EnvironmentFacts{r.environment_type, paid}));
      }
      auto& tenants = known[ToLowerAscii(r.resource_id)];
      if (std::find(tenants.begin(), tenants.end(), *tenant) != tenants.end()) {
        problem(kResources, line,
                fmt::format("resource {} appears twice in tenant {}", r.resource_id,
                            tenant->ToString()));
        continue;
      }
      tenants.push_back(*tenant);
      r.tenant_id = *tenant;
      r.paid = EqualsIgnoreCase(paid, "true");
      r.product = *product;
      r.line = line;
      usage.resources.push_back(std::move(r));
    }
  }
  // The resource a row of activity or profiles names: by tenant_id and resource_id, or, without
  // a tenant_id (files written before the column existed), by a resource id one tenant has.
  auto dated = [&](std::string_view file, const CsvTable& t, size_t i, std::int32_t& day,
                   Guid& tenant_id, std::string& key) {
    auto d = ParsePowerPlatformDay(text(t, i, "date"));
    if (!d) {
      problem(file, t.lines[i], fmt::format("date '{}' is not YYYY-MM-DD", text(t, i, "date")));
      return false;
    }
    day = *d;
    key = ToLowerAscii(text(t, i, "resource_id"));
    const std::string tenant_text = text(t, i, "tenant_id");
    std::optional<Guid> tenant;
    if (!tenant_text.empty()) {
      tenant = Guid::Parse(tenant_text);
      if (!tenant) {
        problem(file, t.lines[i], fmt::format("tenant_id '{}' is not a GUID", tenant_text));
        return false;
      }
    }
    auto it = known.find(key);
    const bool found =
        it != known.end() &&
        (!tenant || std::find(it->second.begin(), it->second.end(), *tenant) != it->second.end());
    if (!found) {
      problem(file, t.lines[i],
              tenant ? fmt::format("resource {} of tenant {} is not in powerplatform_resources.csv",
                                   text(t, i, "resource_id"), tenant->ToString())
                     : fmt::format("resource {} is not in powerplatform_resources.csv",
                                   text(t, i, "resource_id")));
      return false;
    }
    if (!tenant && it->second.size() > 1) {
      problem(file, t.lines[i],
              fmt::format("resource {} is in {} tenants: give the row's tenant_id",
                          text(t, i, "resource_id"), it->second.size()));
      return false;
    }
    tenant_id = tenant ? *tenant : it->second.front();
    return true;
  };
  constexpr std::string_view kActivity = "powerplatform_activity.csv";
  if (auto t = table(std::string(kActivity), {"date", "resource_id", "user_id"})) {
    for (size_t i = 0; i < t->rows.size(); ++i) {
      PowerPlatformActivity a;
      auto user = Guid::Parse(text(*t, i, "user_id"));
      if (!user)
        problem(kActivity, t->lines[i],
                fmt::format("user_id '{}' is not a GUID", text(*t, i, "user_id")));
      if (!dated(kActivity, *t, i, a.day, a.tenant_id, a.resource_key) || !user) continue;
      a.user_id = *user;
      usage.activity.push_back(std::move(a));
    }
  }
  constexpr std::string_view kProfiles = "customer_insights_profiles.csv";
  if (auto t = table(std::string(kProfiles), {"date", "resource_id", "unified_profiles"})) {
    for (size_t i = 0; i < t->rows.size(); ++i) {
      CustomerInsightsProfiles p;
      auto value = ParseUnsigned(text(*t, i, "unified_profiles"));
      if (!value) {
        problem(
            kProfiles, t->lines[i],
            fmt::format("unified_profiles '{}' is not a count", text(*t, i, "unified_profiles")));
      }
      if (!dated(kProfiles, *t, i, p.day, p.tenant_id, p.resource_key) || !value) continue;
      p.unified_profiles = *value;
      usage.profiles.push_back(std::move(p));
    }
  }
  if (count != 0) {
    std::string message;
    for (const auto& p : problems) message.append(message.empty() ? "" : "\n").append(p);
    if (count > problems.size())
      message += fmt::format("\n... and {} more problem(s)", count - problems.size());
    return Error::InvalidArgument("InvalidDataset", message);
  }
  return usage;
}

std::map<std::string, std::string> WritePowerPlatformUsage(const PowerPlatformUsage& usage) {
  std::map<std::string, std::string> files;
  if (usage.empty()) return files;
  auto ids = [](const std::vector<Guid>& list) {
    std::string out;
    for (const auto& g : list) out.append(out.empty() ? "" : ";").append(g.ToString());
    return out;
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : usage.resources) {
    rows.push_back({r.environment_id, r.tenant_id.ToString(), r.environment_type,
                    r.paid ? "true" : "false", r.resource_id,
                    std::string(PowerPlatformProductName(r.product)), ids(r.owners),
                    ids(r.co_owners)});
  }
  files["powerplatform_resources.csv"] =
      WriteCsv({"environment_id", "tenant_id", "environment_type", "paid", "resource_id", "product",
                "owner_ids", "co_owner_ids"},
               rows);
  rows.clear();
  for (const auto& a : usage.activity) {
    rows.push_back(
        {FormatDay(a.day), a.resource_key, a.user_id.ToString(), a.tenant_id.ToString()});
  }
  files["powerplatform_activity.csv"] =
      WriteCsv({"date", "resource_id", "user_id", "tenant_id"}, rows);
  rows.clear();
  for (const auto& p : usage.profiles) {
    rows.push_back({FormatDay(p.day), p.resource_key, std::to_string(p.unified_profiles),
                    p.tenant_id.ToString()});
  }
  files["customer_insights_profiles.csv"] =
      WriteCsv({"date", "resource_id", "unified_profiles", "tenant_id"}, rows);
  return files;
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
