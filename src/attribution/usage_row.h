#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/money_amount.h"

namespace pal::attribution {

// One usage row as attribution needs it (rule A1): the day, subscription, resource, cost and
// currency. Views point into the text being parsed (or the parser's scratch buffers) and live
// until the next row.
struct UsageRow {
  std::string_view subscription;    // the bare id (FOCUS' "/subscriptions/" prefix removed)
  std::string_view resource_id;     // may be empty (charges not tied to a resource)
  std::string_view resource_group;  // the ResourceGroup column, when there is one
  std::string_view currency;        // empty when the file has no currency column
  std::int32_t day = 0;             // days since 1970-01-01 (UTC)
  Nanos cost = 0;
  size_t offset = 0;  // byte offset of the row in the parsed text
};

// Why a row cannot be attributed. Counted per reason; `--strict` makes the first an error.
enum class UsageProblem : std::uint8_t {
  kMalformedRow,         // bad quoting, or fewer fields than the columns attribution reads
  kNoSubscription,       // the subscription column is empty
  kBadDate,              // the date is neither YYYY-MM-DD nor MM/DD/YYYY
  kBadCost,              // the cost is not a number
  kUnknownSubscription,  // the subscription is not in the data set
};
constexpr size_t kUsageProblemCount = 5;

std::string_view UsageProblemText(UsageProblem problem);  // "unknown subscription", ...

}  // namespace pal::attribution
