#include <fmt/format.h>

#include <array>

#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 4> kColumns = {"tenant_id", "object_id", "kind",
                                                      "display_name"};

// Object ids are unique across the data set, as in Entra.
std::optional<DatasetPrincipal> ParseRow(DatasetRowReader& r, size_t i, DatasetParseContext& c) {
  auto t = r.GuidAt(i, "tenant_id");
  auto o = r.GuidAt(i, "object_id");
  const std::string kind_text = r.Text(i, "kind");
  auto kind = ParsePrincipalKind(kind_text);
  if (!kind)
    r.Problem(i, fmt::format("kind '{}' is not User, Guest or ServicePrincipal", kind_text));
  if (!t || !o || !kind || !c.KnownTenant(r, i, *t)) return std::nullopt;
  if (!c.principal_tenant.emplace(o->ToString(), *t).second) {
    r.Problem(i, fmt::format("principal {} appears twice", o->ToString()));
    return std::nullopt;
  }
  return DatasetPrincipal{*t, *o, *kind, r.Text(i, "display_name"), r.Line(i)};
}

std::vector<std::string> WriteRow(const DatasetPrincipal& p) {
  return {p.tenant_id.ToString(), p.object_id.ToString(), std::string(PrincipalKindName(p.kind)),
          p.display_name};
}

}  // namespace

constinit const DatasetTable<DatasetPrincipal> kPrincipalsTable = {
    "principals.csv", kColumns, kColumns, &Dataset::principals, ParseRow, nullptr, WriteRow};

}  // namespace pal
