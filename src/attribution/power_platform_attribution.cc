#include "attribution/power_platform_attribution.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/csv.h"
#include "core/text.h"

namespace pal::attribution {
namespace {

// Smaller partner id first: numerically when both are numbers.
bool SmallerPartnerId(const std::string& a, const std::string& b) {
  auto x = ParseUnsigned(a);
  auto y = ParseUnsigned(b);
  if (x && y) return *x < *y;
  return a < b;
}

}  // namespace

PowerPlatformMonth::PowerPlatformMonth(const Dataset& state, const PowerPlatformUsage& usage,
                                       const AttributionMonth& month)
    : month_(month), month_end_(month.DayEnd(month.days - 1)) {
  for (const auto& l : state.links) {
    if (InForceAt(l.linked_at, l.unlinked_at, month_end_))
      link_at_end_[{l.tenant_id, l.object_id}] = &l;
  }
  for (const auto& a : usage.activity) {
    if (!month.Contains(a.day)) continue;
    auto [it, fresh] = last_active_[{a.tenant_id, a.resource_key}].emplace(a.user_id, a.day);
    if (!fresh) it->second = std::max(it->second, a.day);
  }
  for (const auto& p : usage.profiles) {
    if (!month.Contains(p.day)) continue;
    auto [it, fresh] = last_profiles_.emplace(std::make_pair(p.tenant_id, p.resource_key),
                                              std::make_pair(p.day, p.unified_profiles));
    if (!fresh && p.day >= it->second.first) it->second = {p.day, p.unified_profiles};
  }
}

const DatasetLink* PowerPlatformMonth::LinkAtMonthEnd(const Guid& tenant, const Guid& user) const {
  auto it = link_at_end_.find({tenant, user});
  return it == link_at_end_.end() ? nullptr : it->second;
}

const std::map<Guid, std::int32_t>& PowerPlatformMonth::LastActive(
    const Guid& tenant, const std::string& resource_key) const {
  static const std::map<Guid, std::int32_t> kNone;
  auto it = last_active_.find({tenant, resource_key});
  return it == last_active_.end() ? kNone : it->second;
}

std::optional<std::pair<std::int32_t, std::uint64_t>> PowerPlatformMonth::LastProfiles(
    const Guid& tenant, const std::string& resource_key) const {
  auto it = last_profiles_.find({tenant, resource_key});
  if (it == last_profiles_.end()) return std::nullopt;
  return it->second;
}

PowerPlatformRankCriterion RanksBefore(const PowerPlatformAttributedUser& a,
                                       const PowerPlatformAttributedUser& b) {
  const std::int32_t x = a.last_active.value_or(INT32_MIN);
  const std::int32_t y = b.last_active.value_or(INT32_MIN);
  if (x != y)
    return x > y ? PowerPlatformRankCriterion::kLaterActivity : PowerPlatformRankCriterion::kNone;
  if (a.link->linked_at != b.link->linked_at) {
    return a.link->linked_at > b.link->linked_at ? PowerPlatformRankCriterion::kNewerLink
                                                 : PowerPlatformRankCriterion::kNone;
  }
  return SmallerPartnerId(a.link->partner_id, b.link->partner_id)
             ? PowerPlatformRankCriterion::kSmallerPartnerId
             : PowerPlatformRankCriterion::kNone;
}

PowerPlatformJudgement JudgePowerPlatformResource(const PowerPlatformMonth& month,
                                                  const PowerPlatformResource& r) {
  PowerPlatformJudgement j;
  const std::string key = ToLowerAscii(r.resource_id);
  const auto& active = month.LastActive(r.tenant_id, key);
  // B1: the attributed users.
  std::set<Guid> seen;
  auto add = [&](const Guid& user, const char* role) {
    if (!seen.insert(user).second) return;
    PowerPlatformAttributedUser u;
    u.user_id = user;
    u.role = role;
    if (auto day = active.find(user); day != active.end()) u.last_active = day->second;
    u.link = month.LinkAtMonthEnd(r.tenant_id, user);  // B2
    j.users.push_back(std::move(u));
  };
  if (r.product == PowerPlatformProduct::kCustomerInsightsInstance) {
    for (const auto& [user, day] : active) add(user, "active user");
  } else {
    const std::set<Guid> owners(r.owners.begin(), r.owners.end());
    for (const Guid& user : owners) add(user, "owner");
    if (r.product == PowerPlatformProduct::kCanvasApp) {
      const std::set<Guid> co_owners(r.co_owners.begin(), r.co_owners.end());
      for (const Guid& user : co_owners) add(user, "co-owner");
    }
  }
  // B2, B3: the candidates, the latest partner first.
  for (size_t i = 0; i < j.users.size(); ++i) {
    if (j.users[i].link) j.ranking.push_back(i);
  }
  std::stable_sort(j.ranking.begin(), j.ranking.end(), [&](size_t a, size_t b) {
    return RanksBefore(j.users[a], j.users[b]) != PowerPlatformRankCriterion::kNone;
  });
  // B4: the metric.
  if (r.product == PowerPlatformProduct::kCustomerInsightsInstance) {
    j.metric = "UnifiedProfiles";
    if (auto p = month.LastProfiles(r.tenant_id, key)) {
      j.value_day = p->first;
      j.value = p->second;
    }
  } else {
    j.metric = "MonthlyActiveUsers";
    j.value = active.size();
  }
  j.eligible = r.environment_type == EnvironmentType::kProduction && r.paid;  // B5
  return j;
}

std::vector<PowerPlatformRow> AttributePowerPlatform(const Dataset& state,
                                                     const PowerPlatformUsage& usage,
                                                     const AttributionMonth& month) {
  const PowerPlatformMonth facts(state, usage, month);
  std::map<std::string, std::string> partner_names;
  for (const auto& p : state.partners) partner_names[p.partner_id] = p.partner_name;
  std::vector<PowerPlatformRow> rows;
  for (const auto& r : usage.resources) {
    const PowerPlatformJudgement j = JudgePowerPlatformResource(facts, r);
    const PowerPlatformAttributedUser* winner = j.winner();
    if (!winner) continue;
    PowerPlatformRow row;
    row.month = month.text;
    row.partner_id = winner->link->partner_id;
    row.partner_name = partner_names[row.partner_id];
    row.tenant_id = r.tenant_id.ToString();
    row.resource_id = r.resource_id;
    row.product = std::string(PowerPlatformProductName(r.product));
    row.metric = j.metric;
    row.value = j.value;
    row.eligible = j.eligible;
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const PowerPlatformRow& a, const PowerPlatformRow& b) {
    return std::tie(a.month, a.partner_id, a.partner_name, a.tenant_id, a.resource_id, a.product,
                    a.metric, a.value, a.eligible) < std::tie(b.month, b.partner_id, b.partner_name,
                                                              b.tenant_id, b.resource_id, b.product,
                                                              b.metric, b.value, b.eligible);
  });
  return rows;
}

std::string PowerPlatformCsv(const std::vector<PowerPlatformRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : rows) {
    cells.push_back({r.month, r.partner_id, r.partner_name, r.tenant_id, r.resource_id, r.product,
                     r.metric, std::to_string(r.value), r.eligible ? "true" : "false"});
  }
  return WriteCsv({"month", "partner_id", "partner_name", "tenant_id", "resource_id", "product",
                   "metric", "value", "eligible"},
                  cells);
}

}  // namespace pal::attribution
