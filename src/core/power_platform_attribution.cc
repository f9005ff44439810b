#include "core/power_platform_attribution.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/csv.h"
#include "core/text.h"

namespace pal {
namespace {

// Smaller partner id first: numerically when both are numbers.
bool SmallerPartnerId(const std::string& a, const std::string& b) {
  auto x = ParseUnsigned(a);
  auto y = ParseUnsigned(b);
  if (x && y) return *x < *y;
  return a < b;
}

}  // namespace

std::vector<PowerPlatformRow> AttributePowerPlatform(const Dataset& state, const PowerPlatformUsage& usage,
                                                     const AttributionMonth& month) {
  const Timestamp month_end = month.DayEnd(month.days - 1);
  std::map<std::pair<Guid, Guid>, const DatasetLink*> link_at_end;  // (tenant, object) -> link in force
  for (const auto& l : state.links) {
    if (InForceAt(l.linked_at, l.unlinked_at, month_end)) link_at_end[{l.tenant_id, l.object_id}] = &l;
  }
  std::map<std::string, std::string> partner_names;
  for (const auto& p : state.partners) partner_names[p.partner_id] = p.partner_name;
  // The month's activity: per resource, each user's last active day.
  std::map<std::string, std::map<Guid, std::int32_t>> last_active;
  for (const auto& a : usage.activity) {
    if (!month.Contains(a.day)) continue;
    auto [it, fresh] = last_active[a.resource_key].emplace(a.user_id, a.day);
    if (!fresh) it->second = std::max(it->second, a.day);
  }
  std::map<std::string, std::pair<std::int32_t, std::uint64_t>> last_profiles;  // resource -> (day, value)
  for (const auto& p : usage.profiles) {
    if (!month.Contains(p.day)) continue;
    auto [it, fresh] = last_profiles.emplace(p.resource_key, std::make_pair(p.day, p.unified_profiles));
    if (!fresh && p.day >= it->second.first) it->second = {p.day, p.unified_profiles};
  }

  std::vector<PowerPlatformRow> rows;
  for (const auto& r : usage.resources) {
    const std::string key = ToLowerAscii(r.resource_id);
    static const std::map<Guid, std::int32_t> kNone;
    auto active_it = last_active.find(key);
    const auto& active = active_it == last_active.end() ? kNone : active_it->second;
    // B1: the attributed users.
    std::set<Guid> users;
    if (r.product == PowerPlatformProduct::kCustomerInsightsInstance) {
      for (const auto& [user, day] : active) users.insert(user);
    } else {
      users.insert(r.owners.begin(), r.owners.end());
      if (r.product == PowerPlatformProduct::kCanvasApp) users.insert(r.co_owners.begin(), r.co_owners.end());
    }
    // B2, B3: candidates and the latest partner.
    struct Candidate {
      std::int32_t last_day;  // INT32_MIN without activity
      Timestamp linked_at;
      std::string partner;
    };
    std::optional<Candidate> best;
    for (const Guid& user : users) {
      auto link = link_at_end.find({r.tenant_id, user});
      if (link == link_at_end.end()) continue;
      auto day = active.find(user);
      const Candidate c{day == active.end() ? INT32_MIN : day->second, link->second->linked_at, link->second->partner_id};
      if (!best || c.last_day > best->last_day ||
          (c.last_day == best->last_day &&
           (c.linked_at > best->linked_at ||
            (c.linked_at == best->linked_at && SmallerPartnerId(c.partner, best->partner))))) {
        best = c;
      }
    }
    if (!best) continue;
    PowerPlatformRow row;
    row.month = month.text;
    row.partner_id = best->partner;
    row.partner_name = partner_names[best->partner];
    row.tenant_id = r.tenant_id.ToString();
    row.resource_id = r.resource_id;
    row.product = std::string(PowerPlatformProductName(r.product));
    // B4: the metric.
    if (r.product == PowerPlatformProduct::kCustomerInsightsInstance) {
      row.metric = "UnifiedProfiles";
      auto p = last_profiles.find(key);
      row.value = p == last_profiles.end() ? 0 : p->second.second;
    } else {
      row.metric = "MonthlyActiveUsers";
      row.value = active.size();
    }
    row.eligible = r.environment_type == "Production" && r.paid;  // B5
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const PowerPlatformRow& a, const PowerPlatformRow& b) {
    return std::tie(a.month, a.partner_id, a.partner_name, a.tenant_id, a.resource_id, a.product, a.metric, a.value,
                    a.eligible) < std::tie(b.month, b.partner_id, b.partner_name, b.tenant_id, b.resource_id, b.product,
                                           b.metric, b.value, b.eligible);
  });
  return rows;
}

std::string PowerPlatformCsv(const std::vector<PowerPlatformRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    cells.push_back({r.month, r.partner_id, r.partner_name, r.tenant_id, r.resource_id, r.product, r.metric,
                     std::to_string(r.value), r.eligible ? "true" : "false"});
  }
  return WriteCsv({"month", "partner_id", "partner_name", "tenant_id", "resource_id", "product", "metric", "value",
                   "eligible"},
                  cells);
}

}  // namespace pal
