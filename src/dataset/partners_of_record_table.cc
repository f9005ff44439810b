#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 4> kColumns = {"subscription_id", "partner_id",
                                                      "assigned_at", "removed_at"};

std::optional<DatasetPartnerOfRecord> ParseRow(DatasetRowReader& r, size_t i,
                                               DatasetParseContext& c) {
  auto s = r.GuidAt(i, "subscription_id");
  const std::string partner = r.Text(i, "partner_id");
  auto assigned = r.TimeAt(i, "assigned_at", false);
  auto removed = r.TimeAt(i, "removed_at", true);
  if (!s || !assigned || (!r.Text(i, "removed_at").empty() && !removed)) return std::nullopt;
  if (!c.subscription_tenant.count(s->ToString())) {
    r.Problem(i, fmt::format("subscription {} does not exist (subscriptions.csv)", s->ToString()));
    return std::nullopt;
  }
  if (!c.partners.count(partner)) {
    r.Problem(i, fmt::format("partner {} is not in partners.csv", partner));
    return std::nullopt;
  }
  if (removed && *removed <= *assigned) {
    r.Problem(i, "removed_at is not after assigned_at");
    return std::nullopt;
  }
  return DatasetPartnerOfRecord{*s, partner, *assigned, removed, r.Line(i)};
}

// A subscription has at most one partner of record at a time.
void CheckRows(const Dataset& d, DatasetParseContext& c) {
  std::map<Guid, std::vector<const DatasetPartnerOfRecord*>> by_subscription;
  for (const auto& p : d.partners_of_record) by_subscription[p.subscription_id].push_back(&p);
  for (auto& [s, list] : by_subscription) {
    std::sort(list.begin(), list.end(),
              [](auto* x, auto* y) { return x->assigned_at < y->assigned_at; });
    for (size_t k = 1; k < list.size(); ++k) {
      if (!list[k - 1]->removed_at || *list[k - 1]->removed_at > list[k]->assigned_at) {
        c.problems.Add(kPartnersOfRecordTable.file, list[k]->line,
                       fmt::format("this partner of record of subscription {} overlaps the one "
                                   "on line {}",
                                   s.ToString(), list[k - 1]->line));
      }
    }
  }
}

std::vector<std::string> WriteRow(const DatasetPartnerOfRecord& p) {
  return {p.subscription_id.ToString(), p.partner_id, FormatDatasetTime(p.assigned_at),
          p.removed_at ? FormatDatasetTime(*p.removed_at) : std::string()};
}

}  // namespace

constinit const DatasetTable<DatasetPartnerOfRecord> kPartnersOfRecordTable = {
    "dpor.csv", kColumns, kColumns, &Dataset::partners_of_record, ParseRow, CheckRows, WriteRow};

}  // namespace pal
