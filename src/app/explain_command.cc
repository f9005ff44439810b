#include "app/explain_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "app/arm_client.h"
#include "app/dataset_source.h"
#include "app/progress_meter.h"
#include "app/usage_scan.h"
#include "core/attribution_explanation.h"
#include "core/power_platform_explanation.h"
#include "core/usage_row_parser.h"

namespace pal::app {
namespace {

// A worker: keeps the month's rows of the tenant's subscriptions, summed per resource and day.
class ExplainConsumer final : public UsageChunkConsumer {
 public:
  ExplainConsumer(const std::set<std::string>& subscriptions, const AttributionMonth& month, size_t files)
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
    ExplainUsageKey key{last_id_, NormaliseResourceId(row.resource_id), row.day, std::string(row.currency)};
    if (key.resource.empty() && !row.resource_group.empty()) {
      key.resource = NormaliseResourceId(fmt::format("/subscriptions/{}/resourceGroups/{}", last_id_, row.resource_group));
    }
    auto& sum = usage_[key];
    sum.cost += row.cost;
    ++sum.rows;
  }
  void Problem(UsageProblem, size_t) { ++rows_; }

  Outcome Consume(size_t file, const UsageLayout& layout, std::string_view text, std::uint64_t) override {
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

std::string Until(const std::optional<Timestamp>& t) { return t ? FormatDatasetTime(*t) : "still in force"; }

std::string Text(const Explanation& x, bool subscriptions_shown) {
  std::string out = fmt::format("Partner {} ({}) in tenant {} ({}), {}:\n", x.partner_id, x.partner_name, x.tenant_id,
                                x.tenant_name, x.month);
  if (subscriptions_shown && x.subscriptions.empty()) out += "  The tenant has no subscriptions.\n";
  for (const auto& s : x.subscriptions) {
    std::map<std::string, NanosSum> credited = s.pal_cost;
    for (const auto& [c, v] : s.dpor_cost) credited[c] += v;
    out += fmt::format("\nSubscription {} \"{}\" ({}, {}): {}{}\n", s.subscription_id, s.display_name, s.offer, s.state,
                       s.verdict, s.verdict == "not credited" ? "" : fmt::format(", {}", MoneyText(credited)));
    out += fmt::format("  usage: {} rows, {}\n", s.usage_rows, MoneyText(s.usage_cost));
    for (const auto& c : s.credits) {
      const std::string days = c.first_day == c.last_day ? FormatDay(c.first_day)
                                                          : fmt::format("{} – {}", FormatDay(c.first_day), FormatDay(c.last_day));
      if (c.association == "PAL") {
        out += fmt::format("  PAL {} on {}: {} {} ({}{}) holds {} {} ({}) at {}, {} – {}; linked to {} {} – {}\n",
                           MoneyText(c.cost), days, c.principal_kind.empty() ? "principal" : c.principal_kind, c.principal_id,
                           c.principal_name.empty() ? "" : c.principal_name + ", ", fmt::format("tenant {}", c.principal_tenant),
                           c.grant_kind, c.grant_id, c.role, c.scope, FormatDatasetTime(c.grant_from), Until(c.grant_to),
                           x.partner_id, FormatDatasetTime(c.link_from), Until(c.link_to));
      } else {
        out += fmt::format("  DPOR {} on {}: partner of record {} – {}\n", MoneyText(c.cost), days,
                           FormatDatasetTime(c.link_from), Until(c.link_to));
      }
    }
    for (const auto& r : s.reasons) out += fmt::format("  {} {}: {}\n", r.rule, r.code, r.message);
  }
  return out;
}

// The Power Platform section: per resource the verdict, metric, eligibility, attributed users
// with their links at the month's end, and the reasons.
std::string ResourcesText(const PowerPlatformExplanation& x) {
  std::string out = fmt::format("\nPower Platform and Customer Insights resources (links judged at {}):\n",
                                FormatDatasetTime(x.month_end));
  for (const auto& n : x.notes) out += fmt::format("  {}\n", n);
  for (const auto& r : x.resources) {
    std::string verdict = r.verdict;
    if (!r.credited_partner_id.empty()) {
      verdict += fmt::format("{} {} ({})", r.verdict == "credited" ? " as" : ":", r.credited_partner_id,
                             r.credited_partner_name);
    }
    out += fmt::format("\nResource {} ({}, environment {}: {}, {}; {}): {}, {} {}{}\n", r.resource_id, r.product,
                       r.environment_id, r.environment_type, r.paid ? "paid" : "unpaid",
                       r.eligible ? "eligible" : "not eligible", verdict, r.metric, r.value,
                       r.value_day ? fmt::format(" (on {})", FormatDay(*r.value_day)) : std::string());
    if (r.users.empty()) out += "  no attributed users\n";
    for (const auto& u : r.users) {
      const std::string who = u.display_name.empty() ? u.user_id : fmt::format("{} ({})", u.user_id, u.display_name);
      const std::string link = u.partner_id.empty()
                                   ? std::string("no link in force at the month's end")
                                   : fmt::format("linked to {} ({}) {} – {}", u.partner_id, u.partner_name,
                                                 FormatDatasetTime(u.linked_at), Until(u.unlinked_at));
      const std::string activity = u.last_active ? fmt::format("last active {}", FormatDay(*u.last_active))
                                                 : std::string("no activity in the month");
      out += fmt::format("  {} {}: {}; {}{}\n", u.role, who, link, activity,
                         u.rank ? fmt::format("; candidate {}", u.rank) : std::string());
    }
    for (const auto& reason : r.reasons) out += fmt::format("  {} {}: {}\n", reason.rule, reason.code, reason.message);
  }
  return out;
}

nlohmann::json ResourcesJson(const PowerPlatformExplanation& x) {
  auto time = [](const std::optional<Timestamp>& t) { return t ? nlohmann::json(FormatDatasetTime(*t)) : nlohmann::json(); };
  auto day = [](const std::optional<std::int32_t>& d) { return d ? nlohmann::json(FormatDay(*d)) : nlohmann::json(); };
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : x.resources) {
    nlohmann::json users = nlohmann::json::array();
    for (const auto& u : r.users) {
      nlohmann::json link;  // null without a link in force at the month's end
      if (!u.partner_id.empty()) {
        link = {{"partnerId", u.partner_id}, {"partnerName", u.partner_name}, {"from", FormatDatasetTime(u.linked_at)},
                {"to", time(u.unlinked_at)}};
      }
      users.push_back({{"id", u.user_id}, {"displayName", u.display_name}, {"kind", u.kind}, {"role", u.role},
                       {"lastActive", day(u.last_active)}, {"rank", u.rank}, {"link", link}});
    }
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& reason : r.reasons) {
      reasons.push_back({{"rule", reason.rule}, {"code", reason.code}, {"message", reason.message}});
    }
    auto text_or_null = [](const std::string& t) { return t.empty() ? nlohmann::json() : nlohmann::json(t); };
    list.push_back({{"resourceId", r.resource_id}, {"product", r.product}, {"environmentId", r.environment_id},
                    {"environmentType", r.environment_type}, {"paid", r.paid}, {"eligible", r.eligible},
                    {"metric", r.metric}, {"value", r.value}, {"valueDay", day(r.value_day)}, {"verdict", r.verdict},
                    {"creditedPartnerId", text_or_null(r.credited_partner_id)},
                    {"creditedPartnerName", text_or_null(r.credited_partner_name)},
                    {"creditedThrough", text_or_null(r.credited_through)}, {"users", users}, {"reasons", reasons}});
  }
  return list;
}

nlohmann::json Json(const Explanation& x) {
  auto money = [](const std::map<std::string, NanosSum>& m) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& [c, v] : m) o[c] = FormatCost6(v);
    return o;
  };
  auto time = [](const std::optional<Timestamp>& t) { return t ? nlohmann::json(FormatDatasetTime(*t)) : nlohmann::json(); };
  nlohmann::json subs = nlohmann::json::array();
  for (const auto& s : x.subscriptions) {
    nlohmann::json credits = nlohmann::json::array();
    for (const auto& c : s.credits) {
      nlohmann::json j = {{"association", c.association}, {"cost", money(c.cost)},
                          {"firstDay", FormatDay(c.first_day)}, {"lastDay", FormatDay(c.last_day)}};
      if (c.association == "PAL") {
        j["principal"] = {{"id", c.principal_id}, {"displayName", c.principal_name}, {"kind", c.principal_kind},
                          {"tenantId", c.principal_tenant}};
        j["grant"] = {{"kind", c.grant_kind}, {"id", c.grant_id}, {"scope", c.scope}, {"role", c.role},
                      {"from", FormatDatasetTime(c.grant_from)}, {"to", time(c.grant_to)}};
        j["link"] = {{"partnerId", x.partner_id}, {"from", FormatDatasetTime(c.link_from)}, {"to", time(c.link_to)}};
      } else {
        j["partnerOfRecord"] = {{"from", FormatDatasetTime(c.link_from)}, {"to", time(c.link_to)}};
      }
      credits.push_back(std::move(j));
    }
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : s.reasons) reasons.push_back({{"rule", r.rule}, {"code", r.code}, {"message", r.message}});
    subs.push_back({{"subscriptionId", s.subscription_id}, {"displayName", s.display_name}, {"offer", s.offer},
                    {"state", s.state}, {"verdict", s.verdict}, {"usageRows", s.usage_rows},
                    {"usageCost", money(s.usage_cost)}, {"palCost", money(s.pal_cost)}, {"dporCost", money(s.dpor_cost)},
                    {"credits", credits}, {"reasons", reasons}});
  }
  return {{"tenantId", x.tenant_id}, {"tenantName", x.tenant_name}, {"partnerId", x.partner_id},
          {"partnerName", x.partner_name}, {"month", x.month}, {"subscriptions", subs}};
}

}  // namespace

int RunExplain(const ExplainOptions& given) {
  ExplainOptions options = given;
  auto month = ParseAttributionMonth(options.month);
  if (!month.ok()) return PrintCliError(month.error());
  auto tenant = Guid::Parse(options.tenant);
  if (!tenant) return PrintCliError(Error::InvalidArgument("InvalidArgument", fmt::format("--tenant '{}' is not a GUID.", options.tenant)));
  std::optional<Guid> subscription;
  if (!options.subscription.empty()) {
    subscription = Guid::Parse(options.subscription);
    if (!subscription) {
      return PrintCliError(Error::InvalidArgument("InvalidArgument", fmt::format("--subscription '{}' is not a GUID.", options.subscription)));
    }
  }
  // Without --subscription, or with --resource, the tenant's Power Platform resources too;
  // without --resource, or with --subscription, its subscriptions.
  const bool show_subscriptions = options.resource.empty() || subscription;
  const bool show_resources = !subscription || !options.resource.empty();
  std::optional<std::string> resource;
  if (!options.resource.empty()) resource = options.resource;
  auto inputs = LoadAttributionInputs(options.dataset_dir, options.data_dir, options.usage, /*usage_optional=*/true);
  if (!inputs.ok()) return PrintCliError(inputs.error());
  const Dataset& dataset = inputs->state;
  // Check the names before reading any usage.
  if (auto checked = ExplainAttribution(dataset, *month, *tenant, options.partner, subscription, {}); !checked.ok()) {
    return PrintCliError(checked.error());
  }
  std::optional<PowerPlatformExplanation> resources;
  if (show_resources) {
    auto explained = ExplainPowerPlatform(dataset, inputs->power_platform, *month, *tenant, options.partner, resource);
    if (!explained.ok()) return PrintCliError(explained.error());
    resources = std::move(*explained);
  }
  std::set<std::string> subscriptions;
  for (const auto& s : dataset.subscriptions) {
    if (s.tenant_id == *tenant) subscriptions.insert(s.subscription_id.ToString());
  }
  // The usage is read only when there are subscriptions to judge.
  ExplainUsage usage;
  if (show_subscriptions && !subscriptions.empty()) {
    if (options.usage.empty()) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidArgument", "With --data, name the usage files with --usage FILE (the tenant's subscriptions are judged "
                             "on them; --resource R alone explains a Power Platform resource without)."));
    }
    const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<ExplainConsumer>> consumers;
    for (unsigned t = 0; t < threads; ++t) {
      consumers.push_back(std::make_unique<ExplainConsumer>(subscriptions, *month, options.usage.size()));
    }
    UsageScanOptions scan_options;
    scan_options.files = options.usage;
    scan_options.threads = threads;
    scan_options.progress = StderrIsTerminal();
    auto scan = ScanUsage(scan_options, [&](unsigned w) -> UsageChunkConsumer& { return *consumers[w]; });
    if (!scan.ok()) return PrintCliError(scan.error());
    for (const auto& c : consumers) {
      for (const auto& [key, sum] : c->usage()) {
        auto& total = usage[key];
        total.cost += sum.cost;
        total.rows += sum.rows;
      }
    }
  }
  auto explanation = ExplainAttribution(dataset, *month, *tenant, options.partner, subscription, usage);
  if (!explanation.ok()) return PrintCliError(explanation.error());
  if (!show_subscriptions) explanation->subscriptions.clear();
  std::string text;
  if (options.format == "json") {
    nlohmann::json j = Json(*explanation);
    j["monthEnd"] = FormatDatasetTime(month->DayEnd(month->days - 1));
    j["resources"] = resources ? ResourcesJson(*resources) : nlohmann::json::array();
    j["notes"] = resources ? nlohmann::json(resources->notes) : nlohmann::json::array();
    text = j.dump(2) + "\n";
  } else {
    text = Text(*explanation, show_subscriptions);
    if (resources) text += ResourcesText(*resources);
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace pal::app
