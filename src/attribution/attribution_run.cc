#include "attribution/attribution_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "attribution/attribution_index.h"
#include "attribution/partner_view.h"
#include "attribution/progress_meter.h"
#include "attribution/usage_row_parser.h"
#include "core/civil_date.h"

namespace pal::attribution {
namespace {

unsigned WorkerCount(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

// A worker of the attribution: parses chunks into its own tally.
class AttributeConsumer final : public UsageChunkConsumer {
 public:
  AttributeConsumer(const AttributionIndex& index, size_t files) : tally_(index), parsers_(files) {}

  Outcome Consume(size_t file, const UsageLayout& layout, std::string_view text,
                  std::uint64_t offset) override {
    auto& parser = parsers_[file];
    if (!parser) parser = std::make_unique<UsageRowParser>(layout);
    const UsageCounts before = tally_.counts();
    tally_.StartChunk(offset);
    parser->Parse(text, tally_);
    tally_.Flush();
    Outcome outcome;
    const UsageCounts& after = tally_.counts();
    outcome.rows = (after.placed - before.placed) + (after.other_month - before.other_month) +
                   (after.other_shard - before.other_shard) + (after.inactive - before.inactive) +
                   (after.ProblemTotal() - before.ProblemTotal());
    outcome.first_problem = tally_.chunk_problem();
    outcome.problem = tally_.chunk_problem_kind();
    return outcome;
  }

  AttributionTally& tally() { return tally_; }

 private:
  AttributionTally tally_;
  std::vector<std::unique_ptr<UsageRowParser>> parsers_;
};

// A worker of an explanation: keeps the month's rows of the tenant's subscriptions, summed per
// resource and day.
class ExplainConsumer final : public UsageChunkConsumer {
 public:
  ExplainConsumer(const std::set<std::string>& subscriptions, const AttributionMonth& month,
                  size_t files)
      : subscriptions_(subscriptions), month_(month), parsers_(files) {}

  // The parser's sink.
  void Row(const UsageRow& row) {
    ++rows_;
    if (!month_.Contains(row.day)) return;
    if (row.subscription != last_text_) {
      last_text_.assign(row.subscription);
      auto id = Guid::Parse(row.subscription);
      last_id_ = id && subscriptions_.count(id->ToString()) ? id->ToString() : std::string();
    }
    if (last_id_.empty()) return;
    ExplainUsageKey key{last_id_, NormaliseResourceId(row.resource_id), row.day,
                        std::string(row.currency)};
    if (key.resource.empty() && !row.resource_group.empty()) {
      key.resource = NormaliseResourceId(
          fmt::format("/subscriptions/{}/resourceGroups/{}", last_id_, row.resource_group));
    }
    auto& sum = usage_[key];
    sum.cost += row.cost;
    ++sum.rows;
  }
  void Problem(UsageProblem, size_t) { ++rows_; }

  Outcome Consume(size_t file, const UsageLayout& layout, std::string_view text,
                  std::uint64_t) override {
    auto& parser = parsers_[file];
    if (!parser) parser = std::make_unique<UsageRowParser>(layout);
    const std::uint64_t before = rows_;
    parser->Parse(text, *this);
    Outcome outcome;
    outcome.rows = rows_ - before;
    return outcome;
  }

  const ExplainUsage& usage() const { return usage_; }

 private:
  const std::set<std::string>& subscriptions_;
  const AttributionMonth& month_;
  std::vector<std::unique_ptr<UsageRowParser>> parsers_;
  ExplainUsage usage_;
  std::uint64_t rows_ = 0;
  std::string last_text_ = "\x01";
  std::string last_id_;
};

nlohmann::json Time(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatDatasetTime(*t)) : nlohmann::json();
}

nlohmann::json ResourcesJson(const PowerPlatformExplanation& x) {
  auto day = [](const std::optional<std::int32_t>& d) {
    return d ? nlohmann::json(FormatDay(*d)) : nlohmann::json();
  };
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : x.resources) {
    nlohmann::json users = nlohmann::json::array();
    for (const auto& u : r.users) {
      nlohmann::json link;  // null without a link in force at the month's end
      if (!u.partner_id.empty()) {
        link = {{"partnerId", u.partner_id},
                {"partnerName", u.partner_name},
                {"from", FormatDatasetTime(u.linked_at)},
                {"to", Time(u.unlinked_at)}};
      }
      users.push_back({{"id", u.user_id},
                       {"displayName", u.display_name},
                       {"kind", u.kind},
                       {"role", u.role},
                       {"lastActive", day(u.last_active)},
                       {"rank", u.rank},
                       {"link", link}});
    }
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& reason : r.reasons) {
      reasons.push_back(
          {{"rule", reason.rule}, {"code", reason.code}, {"message", reason.message}});
    }
    auto text_or_null = [](const std::string& t) {
      return t.empty() ? nlohmann::json() : nlohmann::json(t);
    };
    list.push_back({{"resourceId", r.resource_id},
                    {"product", r.product},
                    {"environmentId", r.environment_id},
                    {"environmentType", r.environment_type},
                    {"paid", r.paid},
                    {"eligible", r.eligible},
                    {"metric", r.metric},
                    {"value", r.value},
                    {"valueDay", day(r.value_day)},
                    {"verdict", r.verdict},
                    {"creditedPartnerId", text_or_null(r.credited_partner_id)},
                    {"creditedPartnerName", text_or_null(r.credited_partner_name)},
                    {"creditedThrough", text_or_null(r.credited_through)},
                    {"users", users},
                    {"reasons", reasons}});
  }
  return list;
}

nlohmann::json SubscriptionsJson(const Explanation& x) {
  auto money = [](const std::map<std::string, NanosSum>& m) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [c, v] : m) o[c] = FormatCost6(v);
    return o;
  };
  nlohmann::json subs = nlohmann::json::array();
  for (const auto& s : x.subscriptions) {
    nlohmann::json credits = nlohmann::json::array();
    for (const auto& c : s.credits) {
      nlohmann::json j = {{"association", c.association},
                          {"cost", money(c.cost)},
                          {"firstDay", FormatDay(c.first_day)},
                          {"lastDay", FormatDay(c.last_day)}};
      if (c.association == "PAL") {
        j["principal"] = {{"id", c.principal_id},
                          {"displayName", c.principal_name},
                          {"kind", c.principal_kind},
                          {"tenantId", c.principal_tenant}};
        j["grant"] = {{"kind", c.grant_kind},
                      {"id", c.grant_id},
                      {"scope", c.scope},
                      {"role", c.role},
                      {"from", FormatDatasetTime(c.grant_from)},
                      {"to", Time(c.grant_to)}};
        j["link"] = {{"partnerId", x.partner_id},
                     {"from", FormatDatasetTime(c.link_from)},
                     {"to", Time(c.link_to)}};
      } else {
        j["partnerOfRecord"] = {{"from", FormatDatasetTime(c.link_from)}, {"to", Time(c.link_to)}};
      }
      credits.push_back(std::move(j));
    }
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : s.reasons)
      reasons.push_back({{"rule", r.rule}, {"code", r.code}, {"message", r.message}});
    subs.push_back({{"subscriptionId", s.subscription_id},
                    {"displayName", s.display_name},
                    {"offer", s.offer},
                    {"state", s.state},
                    {"verdict", s.verdict},
                    {"usageRows", s.usage_rows},
                    {"usageCost", money(s.usage_cost)},
                    {"palCost", money(s.pal_cost)},
                    {"dporCost", money(s.partner_of_record_cost)},
                    {"credits", credits},
                    {"reasons", reasons}});
  }
  return {{"tenantId", x.tenant_id},   {"tenantName", x.tenant_name},
          {"partnerId", x.partner_id}, {"partnerName", x.partner_name},
          {"month", x.month},          {"subscriptions", subs}};
}

}  // namespace

Result<AttributionRun> RunAttributionMonth(const AttributionInputs& inputs,
                                           const AttributionMonth& month,
                                           const AttributionRunOptions& options) {
  AttributionRun run;
  const auto started = std::chrono::steady_clock::now();
  const AttributionIndex index(inputs.state, month, options.shard);
  run.index_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  run.threads = WorkerCount(options.threads);
  std::vector<std::unique_ptr<AttributeConsumer>> consumers;
  for (unsigned t = 0; t < run.threads; ++t) {
    consumers.push_back(std::make_unique<AttributeConsumer>(index, options.usage.size()));
  }
  UsageScanOptions scan_options;
  scan_options.files = options.usage;
  scan_options.threads = run.threads;
  scan_options.strict = options.strict;
  scan_options.progress = options.progress && StderrIsTerminal();
  auto scan =
      ScanUsage(scan_options, [&](unsigned w) -> UsageChunkConsumer& { return *consumers[w]; });
  if (!scan.ok()) return scan.error();
  if (scan->strict_problem)
    return Error::InvalidArgument("UnattributableUsageRow", *scan->strict_problem);
  run.scan = std::move(*scan);
  SlotTotals& totals = consumers[0]->tally().totals();
  for (size_t t = 0; t < consumers.size(); ++t) {
    run.counts.Add(consumers[t]->tally().counts());
    if (t > 0) totals.Merge(consumers[t]->tally().totals());
  }
  run.rows = BuildAttributionRows(index, totals);
  std::vector<std::uint32_t> pal;
  totals.ForEach([&](std::uint32_t slot, std::string_view, NanosSum, std::uint64_t n) {
    index.PalPartners(slot, pal);
    if (pal.empty() && index.PartnerOfRecordAt(slot) < 0) run.uncredited_rows += n;
  });
  if (options.from_store || !inputs.power_platform.empty()) {
    if (options.shard.count <= 1) {
      run.power_platform = AttributePowerPlatform(inputs.state, inputs.power_platform, month);
    } else {
      PowerPlatformUsage usage = inputs.power_platform;
      std::erase_if(usage.resources, [&](const PowerPlatformResource& r) {
        return !options.shard.Includes(r.tenant_id);
      });
      run.power_platform = AttributePowerPlatform(inputs.state, usage, month);
    }
  }
  return run;
}

Result<ExplainRun> RunExplainMonth(const AttributionInputs& inputs,
                                   const std::vector<std::string>& usage_files, const Guid& tenant,
                                   const std::string& partner, const AttributionMonth& month,
                                   unsigned threads, const std::optional<Guid>& subscription,
                                   const std::optional<std::string>& resource, bool progress) {
  const Dataset& dataset = inputs.state;
  // Without a subscription, or with a resource, the tenant's Power Platform resources too;
  // without a resource, or with a subscription, its subscriptions.
  const bool show_subscriptions = !resource || subscription;
  const bool show_resources = !subscription || resource;
  // Check the names before reading any usage.
  if (auto checked = ExplainAttribution(dataset, month, tenant, partner, subscription, {});
      !checked.ok()) {
    return checked.error();
  }
  ExplainRun run;
  run.month = month;
  if (show_resources) {
    PAL_ASSIGN_OR_RETURN(auto explained, ExplainPowerPlatform(dataset, inputs.power_platform, month,
                                                              tenant, partner, resource));
    run.power_platform = std::move(explained);
  }
  std::set<std::string> subscriptions;
  for (const auto& s : dataset.subscriptions) {
    if (s.tenant_id == tenant) subscriptions.insert(s.subscription_id.ToString());
  }
  // The usage is read only when there are subscriptions to judge.
  ExplainUsage usage;
  if (show_subscriptions && !subscriptions.empty()) {
    if (usage_files.empty()) {
      return Error::InvalidArgument(
          "NoUsageFiles",
          "The tenant's subscriptions are judged on usage, and no usage files are given.");
    }
    const unsigned workers = WorkerCount(threads);
    std::vector<std::unique_ptr<ExplainConsumer>> consumers;
    for (unsigned t = 0; t < workers; ++t) {
      consumers.push_back(
          std::make_unique<ExplainConsumer>(subscriptions, month, usage_files.size()));
    }
    UsageScanOptions scan_options;
    scan_options.files = usage_files;
    scan_options.threads = workers;
    scan_options.progress = progress && StderrIsTerminal();
    PAL_TRY(
        ScanUsage(scan_options, [&](unsigned w) -> UsageChunkConsumer& { return *consumers[w]; }));
    for (const auto& c : consumers) {
      for (const auto& [key, sum] : c->usage()) {
        auto& total = usage[key];
        total.cost += sum.cost;
        total.rows += sum.rows;
      }
    }
  }
  PAL_ASSIGN_OR_RETURN(auto explanation,
                       ExplainAttribution(dataset, month, tenant, partner, subscription, usage));
  run.azure = std::move(explanation);
  if (!show_subscriptions) run.azure.subscriptions.clear();
  return run;
}

nlohmann::json ExplainRunJson(const ExplainRun& run) {
  nlohmann::json j = SubscriptionsJson(run.azure);
  j["monthEnd"] = FormatDatasetTime(run.month.DayEnd(run.month.days - 1));
  j["resources"] =
      run.power_platform ? ResourcesJson(*run.power_platform) : nlohmann::json::array();
  j["notes"] =
      run.power_platform ? nlohmann::json(run.power_platform->notes) : nlohmann::json::array();
  return j;
}

Result<nlohmann::json> ExplainJson(const AttributionInputs& inputs,
                                   const std::vector<std::string>& usage, const std::string& tenant,
                                   const std::string& partner, const AttributionMonth& month,
                                   unsigned threads, const std::string& subscription,
                                   const std::string& resource) {
  auto tenant_id = Guid::Parse(tenant);
  if (!tenant_id)
    return Error::InvalidArgument("InvalidArgument",
                                  fmt::format("Tenant '{}' is not a GUID.", tenant));
  std::optional<Guid> subscription_id;
  if (!subscription.empty()) {
    subscription_id = Guid::Parse(subscription);
    if (!subscription_id) {
      return Error::InvalidArgument("InvalidArgument",
                                    fmt::format("Subscription '{}' is not a GUID.", subscription));
    }
  }
  std::optional<std::string> resource_id;
  if (!resource.empty()) resource_id = resource;
  PAL_ASSIGN_OR_RETURN(auto run, RunExplainMonth(inputs, usage, *tenant_id, partner, month, threads,
                                                 subscription_id, resource_id));
  return ExplainRunJson(run);
}

Result<nlohmann::json> PartnerExplainJson(const AttributionInputs& inputs,
                                          const std::vector<std::string>& usage, const Guid& tenant,
                                          const std::string& partner, const AttributionMonth& month,
                                          unsigned threads, bool revenue_visible) {
  const Error nothing_to_show = Error::NotFound(
      "TenantNotFound",
      fmt::format(
          "Partner {} has no part in tenant {} in {}: no principal linked to it holds a role "
          "there and it is not a partner of record there (or there is no such tenant).",
          partner, tenant.ToString(), month.text));
  {
    auto azure = ExplainAttribution(inputs.state, month, tenant, partner, std::nullopt, {});
    if (!azure.ok())
      return azure.error().code == "TenantNotFound" ? nothing_to_show : azure.error();
    PAL_ASSIGN_OR_RETURN(auto power_platform,
                         ExplainPowerPlatform(inputs.state, inputs.power_platform, month, tenant,
                                              partner, std::nullopt));
    RestrictToPartnerView(*azure);
    RestrictToPartnerView(power_platform);
    if (PartnerViewIsEmpty(*azure, &power_platform)) return nothing_to_show;
  }
  PAL_ASSIGN_OR_RETURN(auto run, RunExplainMonth(inputs, usage, tenant, partner, month, threads,
                                                 std::nullopt, std::nullopt));
  RestrictToPartnerView(run.azure);
  if (run.power_platform) RestrictToPartnerView(*run.power_platform);
  nlohmann::json json = ExplainRunJson(run);
  for (auto& s : json["subscriptions"]) {
    s.erase("usageRows");
    s.erase("usageCost");
    if (revenue_visible) continue;
    s.erase("palCost");
    s.erase("dporCost");
    for (auto& c : s["credits"]) c.erase("cost");
  }
  json["revenueVisible"] = revenue_visible;
  return json;
}

}  // namespace pal::attribution
