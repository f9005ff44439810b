#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attribution/attribution_explanation.h"
#include "attribution/attribution_month.h"
#include "core/power_platform_usage.h"
#include "core/result.h"
#include "dataset/dataset.h"

namespace pal::attribution {

// An attributed user of a resource (rule B1) as `pal explain` shows it.
struct ExplainedPowerPlatformUser {
  std::string user_id, display_name, kind;  // name and kind when the principal is in the data set
  std::string role;                         // "owner", "co-owner" or "active user"
  std::optional<std::int32_t> last_active;  // last active day on the resource in the month
  size_t rank = 0;  // B3 place among the candidates, 1 = the winner; 0 = not a candidate
  // The PAL link in the resource's tenant in force at the month's end (B2); partner_id empty
  // without one.
  std::string partner_id, partner_name;
  Timestamp linked_at = 0;
  std::optional<Timestamp> unlinked_at;
};

struct PowerPlatformResourceExplanation {
  std::string resource_id, product, environment_id, environment_type;
  bool paid = false, eligible = false;  // B5: eligible = Production and paid
  std::string metric;                   // B4: "MonthlyActiveUsers" or "UnifiedProfiles"
  std::uint64_t value = 0;
  std::optional<std::int32_t> value_day;  // UnifiedProfiles: the day the value is of
  std::string verdict;  // "credited", "credited to another partner", "credited to nobody"
  std::string credited_partner_id, credited_partner_name,
      credited_through;  // the winner and its user
  std::vector<ExplainedPowerPlatformUser>
      users;  // candidates in B3 order, then the other attributed users
  // Why the partner is not credited (empty when it is): NoAttributedUsers (B1),
  // NoAttributedUserLinked, NoAttributedUserLinkedToPartner, LinkNotInForceAtMonthEnd (B2),
  // OutrankedByLatestPartner (B3); the deciding reason first.
  std::vector<ExplainedReason> reasons;
};

struct PowerPlatformExplanation {
  std::string tenant_id, partner_id, partner_name, month;
  Timestamp month_end = 0;  // the instant rule B2 judges links at: the last day, 23:59:59Z
  std::vector<PowerPlatformResourceExplanation> resources;  // by resource id
  size_t partner_credited_anywhere =
      0;  // resources credited to the partner in any tenant in the month
  // Plain statements when there is little to explain: no resources in the data, none in the
  // tenant, the partner credited for none anywhere.
  std::vector<std::string> notes;
};

// Why partner `partner_id` is or is not credited, by rules B1-B5 of docs/attribution-rules.md, for
// each Power Platform and Customer Insights resource of `tenant` (or only `resource`, compared
// case-insensitively) in `month`. Its verdicts and values are AttributePowerPlatform's rows.
// Errors: TenantNotFound, PartnerNotFound, ResourceNotFound (not a resource of the tenant).
Result<PowerPlatformExplanation> ExplainPowerPlatform(
    const Dataset& state, const PowerPlatformUsage& usage, const AttributionMonth& month,
    const Guid& tenant, const std::string& partner_id, const std::optional<std::string>& resource);

}  // namespace pal::attribution
