#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 5> kColumns = {"tenant_id", "object_id", "partner_id",
                                                      "linked_at", "unlinked_at"};

std::optional<DatasetLink> ParseRow(DatasetRowReader& r, size_t i, DatasetParseContext& c) {
  auto t = r.GuidAt(i, "tenant_id");
  auto o = r.GuidAt(i, "object_id");
  const std::string partner = r.Text(i, "partner_id");
  auto linked = r.TimeAt(i, "linked_at", false);
  auto unlinked = r.TimeAt(i, "unlinked_at", true);
  if (!t || !o || !linked || (!r.Text(i, "unlinked_at").empty() && !unlinked)) return std::nullopt;
  auto owner = c.principal_tenant.find(o->ToString());
  if (owner == c.principal_tenant.end() || owner->second != *t) {
    r.Problem(
        i, fmt::format("principal {} does not exist in tenant {}", o->ToString(), t->ToString()));
    return std::nullopt;
  }
  if (!c.partners.count(partner)) {
    r.Problem(i, fmt::format("partner {} is not in partners.csv", partner));
    return std::nullopt;
  }
  if (unlinked && *unlinked <= *linked) {
    r.Problem(i, "unlinked_at is not after linked_at");
    return std::nullopt;
  }
  return DatasetLink{*t, *o, partner, *linked, unlinked, r.Line(i)};
}

// The links of one principal do not overlap: at most one in force at a time.
void CheckRows(const Dataset& d, DatasetParseContext& c) {
  std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>> by_owner;
  for (const auto& l : d.links) by_owner[{l.tenant_id, l.object_id}].push_back(&l);
  for (auto& [owner, list] : by_owner) {
    std::sort(list.begin(), list.end(),
              [](auto* x, auto* y) { return x->linked_at < y->linked_at; });
    for (size_t k = 1; k < list.size(); ++k) {
      if (!list[k - 1]->unlinked_at || *list[k - 1]->unlinked_at > list[k]->linked_at) {
        c.problems.Add(kPartnerLinksTable.file, list[k]->line,
                       fmt::format("this link of principal {} overlaps the one on line {}",
                                   owner.second.ToString(), list[k - 1]->line));
      }
    }
  }
}

std::vector<std::string> WriteRow(const DatasetLink& l) {
  return {l.tenant_id.ToString(), l.object_id.ToString(), l.partner_id,
          FormatDatasetTime(l.linked_at),
          l.unlinked_at ? FormatDatasetTime(*l.unlinked_at) : std::string()};
}

}  // namespace

constinit const DatasetTable<DatasetLink> kPartnerLinksTable = {
    "partner_links.csv", kColumns, kColumns, &Dataset::links, ParseRow, CheckRows, WriteRow};

}  // namespace pal
