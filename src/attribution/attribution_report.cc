#include "attribution/attribution_report.h"

#include <algorithm>
#include <tuple>

#include "core/csv.h"

namespace pal::attribution {
namespace {

struct Pending {
  std::uint32_t partner;
  bool partner_of_record;
  std::string currency;
  NanosSum cost;
};

}  // namespace

std::vector<AttributionRow> BuildAttributionRows(const AttributionIndex& index,
                                                 const SlotTotals& totals) {
  std::vector<AttributionRow> rows;
  std::vector<Pending> pending;  // of the subscription being read (slots come by subscription)
  std::int64_t current = -1;
  auto flush = [&] {
    if (current < 0) return;
    const auto& s = index.subscriptions()[static_cast<size_t>(current)];
    for (auto& p : pending) {
      const auto& partner = index.partners()[p.partner];
      rows.push_back({index.month().text, partner.id, partner.name, s.tenant, s.id,
                      p.partner_of_record ? "DPOR" : "PAL", p.cost, std::move(p.currency)});
    }
    pending.clear();
  };
  auto add = [&](std::uint32_t partner, bool partner_of_record, std::string_view currency,
                 NanosSum cost) {
    for (auto& p : pending) {
      if (p.partner == partner && p.partner_of_record == partner_of_record &&
          p.currency == currency) {
        p.cost += cost;
        return;
      }
    }
    pending.push_back({partner, partner_of_record, std::string(currency), cost});
  };
  std::vector<std::uint32_t> pal;
  totals.ForEach([&](std::uint32_t slot, std::string_view currency, NanosSum sum, std::uint64_t) {
    const std::uint32_t s = index.SubscriptionOfSlot(slot);
    if (static_cast<std::int64_t>(s) != current) {
      flush();
      current = s;
    }
    index.PalPartners(slot, pal);
    for (std::uint32_t p : pal) add(p, false, currency, sum);
    const int record = index.PartnerOfRecordAt(slot);
    if (record >= 0 &&
        !std::binary_search(pal.begin(), pal.end(), static_cast<std::uint32_t>(record))) {
      add(static_cast<std::uint32_t>(record), true, currency, sum);
    }
  });
  flush();
  SortAttributionRows(rows);
  return rows;
}

void SortAttributionRows(std::vector<AttributionRow>& rows) {
  std::vector<std::string> text(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) text[i] = FormatCost6(rows[i].cost);
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = rows[a];
    const auto& y = rows[b];
    return std::tie(x.month, x.partner_id, x.partner_name, x.tenant_id, x.subscription_id,
                    x.association, text[a],
                    x.currency) < std::tie(y.month, y.partner_id, y.partner_name, y.tenant_id,
                                           y.subscription_id, y.association, text[b], y.currency);
  });
  std::vector<AttributionRow> sorted;
  sorted.reserve(rows.size());
  for (size_t i : order) sorted.push_back(std::move(rows[i]));
  rows = std::move(sorted);
}

const std::vector<std::string>& AttributionColumns() {
  static const std::vector<std::string> columns = {"month",     "partner_id",      "partner_name",
                                                   "tenant_id", "subscription_id", "association",
                                                   "cost",      "currency"};
  return columns;
}

std::string AttributionCsv(const std::vector<AttributionRow>& rows) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const auto& r : rows) {
    cells.push_back({r.month, r.partner_id, r.partner_name, r.tenant_id, r.subscription_id,
                     r.association, FormatCost6(r.cost), r.currency});
  }
  return WriteCsv(AttributionColumns(), cells);
}

}  // namespace pal::attribution
