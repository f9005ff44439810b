#include <fmt/format.h>

#include <array>

#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 5> kColumns = {"tenant_id", "object_id", "kind",
                                                      "display_name", "app_id"};
constexpr std::array<std::string_view, 4> kRequired = {"tenant_id", "object_id", "kind",
                                                       "display_name"};

// The optional app_id of a row: a GUID, of a service principal only, unique across the data
// set (Entra's application ids are global). Returns false once it reported a problem.
bool ReadAppId(DatasetRowReader& r, size_t i, DatasetParseContext& c, PrincipalKind kind,
               std::optional<Guid>& app_id) {
  if (r.Text(i, "app_id").empty()) return true;
  app_id = r.GuidAt(i, "app_id");
  if (!app_id) return false;
  if (kind != PrincipalKind::kServicePrincipal) {
    r.Problem(
        i, fmt::format("app_id is for service principals only, not a {}", PrincipalKindName(kind)));
    return false;
  }
  if (!c.app_ids.insert(*app_id).second) {
    r.Problem(i, fmt::format("app_id {} appears twice", app_id->ToString()));
    return false;
  }
  return true;
}

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
  std::optional<Guid> app_id;
  if (!ReadAppId(r, i, c, *kind, app_id)) return std::nullopt;
  return DatasetPrincipal{*t, *o, *kind, r.Text(i, "display_name"), r.Line(i), app_id};
}

std::vector<std::string> WriteRow(const DatasetPrincipal& p) {
  return {p.tenant_id.ToString(), p.object_id.ToString(), std::string(PrincipalKindName(p.kind)),
          p.display_name, p.app_id ? p.app_id->ToString() : ""};
}

}  // namespace

constinit const DatasetTable<DatasetPrincipal> kPrincipalsTable = {
    "principals.csv", kColumns, kRequired, &Dataset::principals, ParseRow, nullptr, WriteRow};

}  // namespace pal
