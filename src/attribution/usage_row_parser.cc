#include "attribution/usage_row_parser.h"

namespace pal::attribution {

std::string_view UsageProblemText(UsageProblem problem) {
  switch (problem) {
    case UsageProblem::kMalformedRow:
      return "malformed row";
    case UsageProblem::kNoSubscription:
      return "no subscription";
    case UsageProblem::kBadDate:
      return "unparsable date";
    case UsageProblem::kBadCost:
      return "unparsable cost";
    case UsageProblem::kUnknownSubscription:
      return "unknown subscription";
  }
  return "unknown problem";
}

UsageRowParser::UsageRowParser(const UsageLayout& layout)
    : kind_(layout.kind), last_column_(layout.LastColumn()) {
  slot_of_.assign(last_column_ + 1, -1);
  slot_of_[layout.subscription] = kSubscription;
  slot_of_[layout.resource_id] = kResource;
  slot_of_[layout.date] = kDate;
  slot_of_[layout.cost] = kCost;
  if (layout.currency) slot_of_[*layout.currency] = kCurrency;
  if (layout.resource_group) slot_of_[*layout.resource_group] = kResourceGroup;
}

}  // namespace pal::attribution
