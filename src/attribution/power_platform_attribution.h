#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attribution/attribution_month.h"
#include "core/power_platform_usage.h"
#include "dataset/dataset.h"

namespace pal::attribution {

// One Power Platform / Customer Insights row of the attribution output (docs/dataset.md), with the
// eligibility flag of rule B5 as a last column.
struct PowerPlatformRow {
  std::string month, partner_id, partner_name, tenant_id, resource_id, product;
  std::string metric;  // "MonthlyActiveUsers" or "UnifiedProfiles"
  std::uint64_t value = 0;
  bool eligible = false;  // Production environment and paid (B5)
};

// The facts of a month rules B1-B5 read, indexed once for any number of resources: the PAL
// link of each (tenant, user) in force at the end of the month (the instant `month_end`, the
// last day at 23:59:59Z, rule A3's interval test), each user's last active day per resource,
// and each Customer Insights instance's last unified-profile value in the month.
class PowerPlatformMonth {
 public:
  PowerPlatformMonth(const Dataset& state, const PowerPlatformUsage& usage,
                     const AttributionMonth& month);

  const AttributionMonth& month() const { return month_; }
  Timestamp month_end() const { return month_end_; }
  // The link of `user` in `tenant` in force at month_end(); nullptr when none.
  const DatasetLink* LinkAtMonthEnd(const Guid& tenant, const Guid& user) const;
  // User -> last day (days since 1970-01-01) with activity on the resource of `tenant` in the
  // month (`resource_key`: its lower-case id).
  const std::map<Guid, std::int32_t>& LastActive(const Guid& tenant,
                                                 const std::string& resource_key) const;
  // (day, value) of the last day of the month with a unified-profile value.
  std::optional<std::pair<std::int32_t, std::uint64_t>> LastProfiles(
      const Guid& tenant, const std::string& resource_key) const;

 private:
  AttributionMonth month_;
  Timestamp month_end_ = 0;
  std::map<std::pair<Guid, Guid>, const DatasetLink*> link_at_end_;
  // By (tenant, lower-case resource id): namesake resources of two tenants are apart.
  std::map<std::pair<Guid, std::string>, std::map<Guid, std::int32_t>> last_active_;
  std::map<std::pair<Guid, std::string>, std::pair<std::int32_t, std::uint64_t>> last_profiles_;
};

// An attributed user of a resource (B1) and what rules B2 and B3 look at.
struct PowerPlatformAttributedUser {
  Guid user_id;
  std::string role;  // "owner", "co-owner" (canvas apps) or "active user" (Customer Insights)
  std::optional<std::int32_t> last_active;  // last active day on the resource in the month
  const DatasetLink* link =
      nullptr;  // in force at the end of the month in the resource's tenant (B2)
};

// Which part of rule B3 ranks one candidate before another.
enum class PowerPlatformRankCriterion { kNone, kLaterActivity, kNewerLink, kSmallerPartnerId };

// B3 between two candidates (both with a link): kNone when `a` does not rank before `b`.
// Later last activity first (any activity before none), then the more recently made link, then
// the smaller partner id (numerically when both are numbers).
PowerPlatformRankCriterion RanksBefore(const PowerPlatformAttributedUser& a,
                                       const PowerPlatformAttributedUser& b);

// Rules B1-B5 for one resource.
struct PowerPlatformJudgement {
  std::vector<PowerPlatformAttributedUser>
      users;                    // B1: owners, then co-owners (or active users), by id
  std::vector<size_t> ranking;  // B2, B3: indexes in `users` of the candidates, winner first
  std::string metric;           // B4: "MonthlyActiveUsers" or "UnifiedProfiles"
  std::uint64_t value = 0;
  std::optional<std::int32_t> value_day;  // UnifiedProfiles: the day the value is of
  bool eligible = false;                  // B5
  const PowerPlatformAttributedUser* winner() const {
    return ranking.empty() ? nullptr : &users[ranking[0]];
  }
};
PowerPlatformJudgement JudgePowerPlatformResource(const PowerPlatformMonth& month,
                                                  const PowerPlatformResource& resource);

// Rules B1-B5: for every resource with a candidate — an attributed user (B1: owner and
// co-owners of canvas apps; the owner of model-driven apps, flows, datasets and bots; every
// active user of a Customer Insights instance) whose PAL link in the resource's tenant is in
// force at the end of the month (B2) — the latest partner (B3: the candidate with the latest
// activity on the resource in the month; candidates without activity last; ties to the most
// recently made link, then the smaller partner id) with the month's metric (B4). Sorted by
// every column.
std::vector<PowerPlatformRow> AttributePowerPlatform(const Dataset& state,
                                                     const PowerPlatformUsage& usage,
                                                     const AttributionMonth& month);

// The CSV file: month,partner_id,partner_name,tenant_id,resource_id,product,metric,value,eligible.
std::string PowerPlatformCsv(const std::vector<PowerPlatformRow>& rows);

}  // namespace pal::attribution
