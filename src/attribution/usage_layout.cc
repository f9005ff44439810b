#include "attribution/usage_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

#include "core/text.h"

namespace pal::attribution {

std::string_view UsageLayoutName(UsageLayoutKind kind) {
  return kind == UsageLayoutKind::kFocus ? "FOCUS 1.0" : "Azure cost export";
}

size_t UsageLayout::LastColumn() const {
  size_t last = std::max({subscription, resource_id, date, cost});
  if (currency) last = std::max(last, *currency);
  if (resource_group) last = std::max(last, *resource_group);
  return last;
}

Result<UsageLayout> DetectUsageLayout(const std::vector<std::string>& header,
                                      std::string_view file) {
  // The first of `names` the header has.
  auto find = [&](std::initializer_list<std::string_view> names) -> std::optional<size_t> {
    for (auto name : names) {
      for (size_t i = 0; i < header.size(); ++i) {
        std::string_view column = Trim(header[i]);
        if (i == 0 && column.substr(0, 3) == "\xEF\xBB\xBF") column.remove_prefix(3);
        if (EqualsIgnoreCase(column, name)) return i;
      }
    }
    return std::nullopt;
  };
  UsageLayout layout;
  const bool focus =
      find({"SubAccountId"}) || find({"ChargePeriodStart"}) || find({"EffectiveCost"});
  std::optional<size_t> subscription, resource, date, cost;
  std::vector<std::string_view> missing;
  if (focus) {
    layout.kind = UsageLayoutKind::kFocus;
    subscription = find({"SubAccountId"});
    resource = find({"ResourceId"});
    date = find({"ChargePeriodStart"});
    cost = find({"EffectiveCost"});
    layout.currency = find({"BillingCurrency"});
    if (!subscription) missing.push_back("SubAccountId");
    if (!resource) missing.push_back("ResourceId");
    if (!date) missing.push_back("ChargePeriodStart");
    if (!cost) missing.push_back("EffectiveCost");
  } else {
    subscription = find({"SubscriptionId", "SubscriptionGuid"});
    resource = find({"ResourceId", "InstanceId"});
    date = find({"Date", "UsageDateTime"});
    cost = find({"CostInBillingCurrency", "Cost", "PreTaxCost"});
    layout.currency = find({"BillingCurrencyCode", "BillingCurrency"});
    layout.resource_group = find({"ResourceGroup", "ResourceGroupName"});
    if (!subscription) missing.push_back("SubscriptionId");
    if (!resource) missing.push_back("ResourceId");
    if (!date) missing.push_back("Date");
    if (!cost) missing.push_back("CostInBillingCurrency (or Cost, PreTaxCost)");
  }
  if (!missing.empty()) {
    std::string list;
    for (auto m : missing) list.append(list.empty() ? "" : ", ").append(m);
    return Error::InvalidArgument(
        "InvalidUsageFile",
        fmt::format(
            "{}: the header lacks {} ({} layout). An Azure cost export needs SubscriptionId, "
            "ResourceId, Date and CostInBillingCurrency; FOCUS 1.0 needs SubAccountId, "
            "ResourceId, ChargePeriodStart and EffectiveCost.",
            file, list, UsageLayoutName(layout.kind)));
  }
  layout.subscription = *subscription;
  layout.resource_id = *resource;
  layout.date = *date;
  layout.cost = *cost;
  layout.cost_column = std::string(Trim(header[*cost]));
  return layout;
}

}  // namespace pal::attribution
