#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "attribution/attribution_month.h"
#include "attribution/usage_layout.h"
#include "dataset/dataset.h"

namespace pal::attribution {

struct UsageGeneratorOptions {
  AttributionMonth month;
  std::uint64_t rows = 1000;
  std::uint64_t seed = 1;
  UsageLayoutKind layout = UsageLayoutKind::kCostExport;
  bool us_dates = false;  // cost export dates as MM/DD/YYYY instead of YYYY-MM-DD
};

// Synthetic usage for the data set's subscriptions over one month, as a usage file: the header,
// then `rows` rows, handed to `write` in blocks of text. Every day of the month, every
// subscription (weighted), the resources of SyntheticResourcesOf (resource ids in the case
// given, all lower-case, or all upper-case; subscription ids sometimes upper-case), costs with
// up to 6 decimals, one currency per tenant, quoted tag fields with commas and quotes. The same
// options give the same bytes.
void GenerateUsage(const Dataset& dataset, const UsageGeneratorOptions& options,
                   const std::function<void(std::string_view)>& write);

}  // namespace pal::attribution
