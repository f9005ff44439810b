#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pal::attribution {

// The two usage file layouts of the data set (docs/dataset.md), told apart by header.
enum class UsageLayoutKind { kCostExport, kFocus };

std::string_view UsageLayoutName(UsageLayoutKind kind);  // "Azure cost export", "FOCUS 1.0"

// Where the columns attribution reads sit in one usage file's rows.
struct UsageLayout {
  UsageLayoutKind kind = UsageLayoutKind::kCostExport;
  size_t subscription = 0;         // SubscriptionId (or SubscriptionGuid) / SubAccountId
  size_t resource_id = 0;          // ResourceId (or InstanceId)
  size_t date = 0;                 // Date (or UsageDateTime) / ChargePeriodStart
  size_t cost = 0;                 // CostInBillingCurrency, Cost or PreTaxCost / EffectiveCost
  std::optional<size_t> currency;  // BillingCurrencyCode (or BillingCurrency) / BillingCurrency
  std::optional<size_t> resource_group;  // ResourceGroup (cost export only)
  std::string cost_column;               // the cost column's name as the header spells it

  // The largest column index read: a row needs at least this many + 1 fields.
  size_t LastColumn() const;
};

// Finds the layout from a header row (names compared case-insensitively, surrounding spaces
// ignored). A header with any of FOCUS's columns (SubAccountId, ChargePeriodStart,
// EffectiveCost) is FOCUS 1.0; any other is a cost export. Error InvalidUsageFile naming
// `file` and the missing columns.
Result<UsageLayout> DetectUsageLayout(const std::vector<std::string>& header,
                                      std::string_view file);

}  // namespace pal::attribution
