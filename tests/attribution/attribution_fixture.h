#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "attribution/attribution_index.h"
#include "attribution/attribution_report.h"
#include "attribution/attribution_tally.h"
#include "attribution/usage_layout.h"
#include "attribution/usage_row_parser.h"
#include "dataset/dataset.h"

namespace pal::attribution::testing {

// Hand-made data sets for the attribution rules: a customer tenant T1 (management groups
// root > mg-a > mg-b > mg-c), a partner's tenant T2, and a few subscriptions; tests add the
// grants, links and partners of record of each case as data set CSV lines.
inline const std::string kT1 = "11111111-1111-4111-8111-111111111111";
inline const std::string kT2 = "22222222-2222-4222-8222-222222222222";
inline const std::string kS1 = "aaaaaaaa-0000-4000-8000-000000000001";  // EA, Enabled, in mg-c
inline const std::string kS2 =
    "aaaaaaaa-0000-4000-8000-000000000002";  // AzurePlan, Warned, under the root
inline const std::string kS3 = "aaaaaaaa-0000-4000-8000-000000000003";  // EA, Disabled
inline const std::string kU1 = "bbbbbbbb-0000-4000-8000-000000000001";  // user of T1
inline const std::string kU2 = "bbbbbbbb-0000-4000-8000-000000000002";  // service principal of T1
inline const std::string kSp = "cccccccc-0000-4000-8000-000000000001";  // service principal of T2
inline const std::string kReader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
inline const std::string kContributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";

struct CaseBuilder {
  std::vector<std::string> role_assignments, links, lighthouse, dpor;

  // A role assignment with a fresh id.
  CaseBuilder& Grant(const std::string& scope, const std::string& principal,
                     const std::string& from, const std::string& to = "") {
    role_assignments.push_back(fmt::format("dddddddd-0000-4000-8000-{:012},{},{},{},{},{}",
                                           role_assignments.size() + 1, scope, kReader, principal,
                                           from, to));
    return *this;
  }
  CaseBuilder& Link(const std::string& tenant, const std::string& principal,
                    const std::string& partner, const std::string& from,
                    const std::string& to = "") {
    links.push_back(fmt::format("{},{},{},{},{}", tenant, principal, partner, from, to));
    return *this;
  }
  CaseBuilder& Delegate(const std::string& scope, const std::string& principal,
                        const std::string& from, const std::string& to = "") {
    lighthouse.push_back(fmt::format("eeeeeeee-0000-4000-8000-{:012},{},{},{},{},{},{}",
                                     lighthouse.size() + 1, scope, kT2, principal, kContributor,
                                     from, to));
    return *this;
  }
  CaseBuilder& PartnerOfRecord(const std::string& subscription, const std::string& partner,
                               const std::string& from, const std::string& to = "") {
    dpor.push_back(fmt::format("{},{},{},{}", subscription, partner, from, to));
    return *this;
  }

  Dataset Build() const {
    auto join = [](const std::string& header, const std::vector<std::string>& lines) {
      std::string text = header + "\n";
      for (const auto& l : lines) text += l + "\n";
      return text;
    };
    std::map<std::string, std::string> files;
    files["partners.csv"] = "partner_id,partner_name\n719878,Contoso Partner\n111111,Fabrikam\n";
    files["tenants.csv"] =
        fmt::format("tenant_id,display_name\n{},Customer\n{},Partner tenant\n", kT1, kT2);
    files["principals.csv"] = fmt::format(
        "tenant_id,object_id,kind,display_name\n{0},{1},User,ann@customer.example\n{0},{2},"
        "ServicePrincipal,"
        "automation\n{3},{4},ServicePrincipal,partner-ops\n",
        kT1, kU1, kU2, kT2, kSp);
    files["management_groups.csv"] = fmt::format(
        "tenant_id,group_id,parent_group_id\n{0},{0},\n{0},mg-a,{0}\n{0},mg-b,mg-a\n{0},mg-c,mg-"
        "b\n{1},{1},\n",
        kT1, kT2);
    files["subscriptions.csv"] = fmt::format(
        "tenant_id,subscription_id,display_name,offer,state,management_group_id\n{0},{1},"
        "Production,"
        "EnterpriseAgreement,Enabled,mg-c\n{0},{2},Dev,AzurePlan,Warned,\n{0},{3},Old,"
        "EnterpriseAgreement,Disabled,mg-a\n",
        kT1, kS1, kS2, kS3);
    files["role_assignments.csv"] =
        join("assignment_id,scope,role_definition_id,principal_id,created_at,deleted_at",
             role_assignments);
    files["partner_links.csv"] =
        join("tenant_id,object_id,partner_id,linked_at,unlinked_at", links);
    files["lighthouse.csv"] = join(
        "delegation_id,scope,managing_tenant_id,principal_id,role_definition_id,created_at,deleted_"
        "at",
        lighthouse);
    files["dpor.csv"] = join("subscription_id,partner_id,assigned_at,removed_at", dpor);
    auto parsed = ParseDataset(files);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return parsed.ok() ? *parsed : Dataset{};
  }
};

// Attributes `usage` (a usage file's text) for `month`; rows as
// "partner,subscription,association,cost,currency".
inline std::vector<std::string> Attribute(const Dataset& dataset, const std::string& month,
                                          const std::string& usage, UsageCounts* counts = nullptr,
                                          TenantShard shard = {}) {
  auto m = ParseAttributionMonth(month);
  EXPECT_TRUE(m.ok());
  const AttributionIndex index(dataset, *m, shard);
  const size_t header_end = usage.find('\n');
  std::vector<std::string> header;
  size_t start = 0;
  const std::string header_line = usage.substr(0, header_end);
  for (size_t comma; (comma = header_line.find(',', start)) != std::string::npos;
       start = comma + 1) {
    header.push_back(header_line.substr(start, comma - start));
  }
  header.push_back(header_line.substr(start));
  auto layout = DetectUsageLayout(header, "usage.csv");
  EXPECT_TRUE(layout.ok()) << layout.error().message;
  UsageRowParser parser(*layout);
  AttributionTally tally(index);
  parser.Parse(std::string_view(usage).substr(header_end + 1), tally);
  if (counts) *counts = tally.counts();
  std::vector<std::string> out;
  for (const auto& r : BuildAttributionRows(index, tally.totals())) {
    out.push_back(fmt::format("{},{},{},{},{}", r.partner_id, r.subscription_id, r.association,
                              FormatCost6(r.cost), r.currency));
  }
  return out;
}

// A cost export with rows "date,subscription,resource,cost".
inline std::string CostExport(const std::vector<std::string>& rows) {
  std::string text = "Date,SubscriptionId,ResourceId,CostInBillingCurrency,BillingCurrencyCode\n";
  for (const auto& r : rows) text += r + ",USD\n";
  return text;
}

}  // namespace pal::attribution::testing
