#include <fmt/format.h>

#include <array>

#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 3> kColumns = {"partner_id", "partner_name",
                                                      "home_tenant_id"};
constexpr std::array<std::string_view, 2> kRequired = {"partner_id", "partner_name"};

// partners.csv: partner ids are unique; home_tenant_id is checked once tenants.csv is read.
std::optional<DatasetPartner> ParseRow(DatasetRowReader& r, size_t i, DatasetParseContext& c) {
  DatasetPartner p{r.Text(i, "partner_id"), r.Text(i, "partner_name"), r.Line(i), std::nullopt};
  if (!r.Text(i, "home_tenant_id").empty()) {
    p.home_tenant_id = r.GuidAt(i, "home_tenant_id");
    if (!p.home_tenant_id) return std::nullopt;
  }
  if (p.partner_id.empty()) {
    r.Problem(i, "partner_id is empty");
  } else if (!c.partners.insert(p.partner_id).second) {
    r.Problem(i, fmt::format("partner {} appears twice", p.partner_id));
  } else {
    return p;
  }
  return std::nullopt;
}

std::vector<std::string> WriteRow(const DatasetPartner& p) {
  return {p.partner_id, p.partner_name, p.home_tenant_id ? p.home_tenant_id->ToString() : ""};
}

}  // namespace

constinit const DatasetTable<DatasetPartner> kPartnersTable = {
    "partners.csv", kColumns, kRequired, &Dataset::partners, ParseRow, nullptr, WriteRow};

}  // namespace pal
