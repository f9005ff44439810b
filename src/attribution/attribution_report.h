#pragma once

#include <string>
#include <vector>

#include "attribution/attribution_index.h"
#include "attribution/slot_totals.h"
#include "core/money_amount.h"

namespace pal::attribution {

// One Azure row of the attribution output (docs/dataset.md; rule A9 of docs/attribution-rules.md).
struct AttributionRow {
  std::string month;
  std::string partner_id;
  std::string partner_name;
  std::string tenant_id;
  std::string subscription_id;
  std::string association;  // "PAL" or "DPOR"
  NanosSum cost = 0;
  std::string currency;
};

// Turns summed usage into partner totals: every slot's sum goes in full to each partner PAL
// credits for it (rules A5, A6), and to its partner of record unless PAL already credits that
// partner (A7); summed per (partner, subscription, association, currency). Sorted.
std::vector<AttributionRow> BuildAttributionRows(const AttributionIndex& index,
                                                 const SlotTotals& totals);

// Sorts by every column in order (cost by its printed text), as the output is defined.
void SortAttributionRows(std::vector<AttributionRow>& rows);

// The CSV file: header, then one line per row, costs with 6 decimals; LF line ends.
std::string AttributionCsv(const std::vector<AttributionRow>& rows);
const std::vector<std::string>& AttributionColumns();

}  // namespace pal::attribution
