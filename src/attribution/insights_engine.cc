#include "attribution/insights_engine.h"

#include "attribution/attribution_run.h"
#include "attribution/dataset_source.h"

namespace pal::attribution {
namespace {

Error NoUsage() {
  return Error::Conflict(
      "NoUsageConfigured",
      "This server attributes no usage: start pal serve with --usage FILE (Azure cost exports "
      "or FOCUS files) to see insights.");
}

Result<AttributionInputs> Inputs(store::Store& store) {
  AttributionInputs inputs;
  auto state = store.dataset().ExportDataset();
  if (!state.ok()) return state.error();
  auto power_platform = store.power_platform_resources().ExportPowerPlatform();
  if (!power_platform.ok()) return power_platform.error();
  inputs.state = std::move(*state);
  inputs.power_platform = std::move(*power_platform);
  return inputs;
}

}  // namespace

Result<std::vector<InsightsMonth>> InsightsEngine::Attribute(
    const std::vector<AttributionMonth>& months) {
  if (usage_.empty()) return NoUsage();
  PAL_ASSIGN_OR_RETURN(auto inputs, Inputs(store_));
  AttributionRunOptions options;
  options.usage = usage_;
  options.threads = threads_;
  options.from_store = true;
  std::vector<InsightsMonth> out;
  for (const auto& month : months) {
    PAL_ASSIGN_OR_RETURN(auto run, RunAttributionMonth(inputs, month, options));
    out.push_back(
        {std::move(run.rows), run.power_platform.value_or(std::vector<PowerPlatformRow>{})});
  }
  return out;
}

Result<std::string> InsightsEngine::PartnerExplainJson(const std::string& tenant,
                                                       const std::string& partner,
                                                       const AttributionMonth& month,
                                                       bool revenue_visible) {
  if (usage_.empty()) return NoUsage();
  auto tenant_id = Guid::Parse(tenant);
  if (!tenant_id)
    return Error::InvalidArgument("InvalidQueryParameter", "The tenant is not a GUID.");
  PAL_ASSIGN_OR_RETURN(auto inputs, Inputs(store_));
  PAL_ASSIGN_OR_RETURN(auto json,
                       attribution::PartnerExplainJson(inputs, usage_, *tenant_id, partner, month,
                                                       threads_, revenue_visible));
  return json.dump();
}

}  // namespace pal::attribution
