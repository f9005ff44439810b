#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/attribution_month.h"
#include "core/dataset.h"
#include "core/power_platform_usage.h"

namespace pal {

// One Power Platform / Customer Insights row of the attribution output (dataset.md), with the
// eligibility flag of rule B5 as a last column.
struct PowerPlatformRow {
  std::string month, partner_id, partner_name, tenant_id, resource_id, product;
  std::string metric;  // "MonthlyActiveUsers" or "UnifiedProfiles"
  std::uint64_t value = 0;
  bool eligible = false;  // Production environment and paid (B5)
};

// Rules B1-B5: for every resource with a candidate — an attributed user (B1: owner and
// co-owners of canvas apps; the owner of model-driven apps, flows, datasets and bots; every
// active user of a Customer Insights instance) whose PAL link in the resource's tenant is in
// force at the end of the month (B2) — the latest partner (B3: the candidate with the latest
// activity on the resource in the month; candidates without activity last; ties to the most
// recently made link, then the smaller partner id) with the month's metric (B4). Sorted by
// every column.
std::vector<PowerPlatformRow> AttributePowerPlatform(const Dataset& state, const PowerPlatformUsage& usage,
                                                     const AttributionMonth& month);

// The CSV file: month,partner_id,partner_name,tenant_id,resource_id,product,metric,value,eligible.
std::string PowerPlatformCsv(const std::vector<PowerPlatformRow>& rows);

}  // namespace pal
