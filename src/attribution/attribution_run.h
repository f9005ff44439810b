#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "attribution/attribution_explanation.h"
#include "attribution/attribution_month.h"
#include "attribution/attribution_report.h"
#include "attribution/attribution_tally.h"
#include "attribution/dataset_source.h"
#include "attribution/power_platform_attribution.h"
#include "attribution/power_platform_explanation.h"
#include "attribution/usage_scan.h"
#include "core/result.h"

// The attribution engine as functions of loaded inputs, without the CLI: what `pal attribute`,
// `pal explain` and `pal report` print, and what the server's insights API answers with. None
// of them writes to stdout; only `progress` draws on stderr. Each call reads the usage files
// itself and shares nothing with other calls: concurrent calls are safe.

namespace pal::attribution {

struct AttributionRunOptions {
  std::vector<std::string> usage;  // the usage files (cost export or FOCUS, plain or gzip)
  unsigned threads = 0;            // reading workers; 0: one per core
  bool strict = false;             // the first row that cannot be attributed is an error
  bool progress = false;           // a progress bar on stderr when it is a terminal
  TenantShard shard;               // only these customer tenants (Azure and Power Platform)
  // The inputs are a store's (LoadAttributionInputs with a data directory): a store always has
  // the Power Platform tables, so `power_platform` is set even when they are empty.
  bool from_store = false;
};

struct AttributionRun {
  std::vector<AttributionRow> rows;  // rules A1-A9, sorted by every column
  // Rules B1-B5, sorted, when the inputs have Power Platform resources or `from_store`; only the
  // shard's tenants.
  std::optional<std::vector<PowerPlatformRow>> power_platform;
  UsageScanResult scan;               // rows and bytes read, seconds, layouts
  UsageCounts counts;                 // placed, of other months/shards, inactive, problems
  std::uint64_t uncredited_rows = 0;  // rows of the month credited to no partner
  double index_seconds = 0;           // building the month's index of the state
  unsigned threads = 0;               // workers used
};

// One month's attribution of `inputs` (the state and Power Platform part, as
// LoadAttributionInputs gives them) over `options.usage`; the Azure and the Power Platform rows
// are of the same `month`. Errors: those of ScanUsage (UsageFileNotFound, UnreadableFile,
// InvalidUsageFile); with `strict`, UnattributableUsageRow whose message is the first such row,
// "file:line: problem".
Result<AttributionRun> RunAttributionMonth(const AttributionInputs& inputs,
                                           const AttributionMonth& month,
                                           const AttributionRunOptions& options);

// `pal explain`'s findings for partner `partner` in customer `tenant` in `month`.
struct ExplainRun {
  // The tenant's subscriptions (rules A1-A9); `subscriptions` is empty when only a resource was
  // asked for.
  Explanation azure;
  // The tenant's Power Platform and Customer Insights resources (B1-B5); none when only a
  // subscription was asked for.
  std::optional<PowerPlatformExplanation> power_platform;
  AttributionMonth month;
};

// Explains every subscription and resource of `tenant` (`subscription` alone: only that
// subscription; `resource` alone: only that resource; both: both). `usage` is read only when
// there are subscriptions to judge. Errors: TenantNotFound, PartnerNotFound,
// SubscriptionNotFound, ResourceNotFound; NoUsageFiles when subscriptions are to be judged and
// `usage` is empty; the errors of ScanUsage.
Result<ExplainRun> RunExplainMonth(const AttributionInputs& inputs,
                                   const std::vector<std::string>& usage, const Guid& tenant,
                                   const std::string& partner, const AttributionMonth& month,
                                   unsigned threads, const std::optional<Guid>& subscription,
                                   const std::optional<std::string>& resource,
                                   bool progress = false);

// `pal explain -o json`'s object for `run`.
nlohmann::json ExplainRunJson(const ExplainRun& run);

// `pal explain -o json` as a value: the tenant's subscriptions and resources for `partner` in
// `month` (empty `subscription` / `resource` = all, as in RunExplainMonth). Errors: InvalidArgument
// when `tenant` or a non-empty `subscription` is not a GUID, and those of RunExplainMonth.
Result<nlohmann::json> ExplainJson(const AttributionInputs& inputs,
                                   const std::vector<std::string>& usage, const std::string& tenant,
                                   const std::string& partner, const AttributionMonth& month,
                                   unsigned threads, const std::string& subscription = "",
                                   const std::string& resource = "");

// `pal explain -o json` as partner `partner` itself may see it (attribution/partner_view.h): only
// the subscriptions and resources it has a part in, no amounts of the customer's usage beyond what
// is credited to it, no other partner; without costs at all unless `revenue_visible`
// ("revenueVisible" says which). A tenant that does not exist and one the partner has no part
// in give the same error, 404 TenantNotFound, before any usage is read.
Result<nlohmann::json> PartnerExplainJson(const AttributionInputs& inputs,
                                          const std::vector<std::string>& usage, const Guid& tenant,
                                          const std::string& partner, const AttributionMonth& month,
                                          unsigned threads, bool revenue_visible);

}  // namespace pal::attribution
