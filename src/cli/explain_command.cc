#include "cli/explain_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "attribution/attribution_run.h"
#include "cli/arm_client.h"
#include "core/civil_date.h"

namespace pal::cli {

using attribution::ExplainRunJson;
using attribution::Explanation;
using attribution::LoadAttributionInputs;
using attribution::MoneyText;
using attribution::ParseAttributionMonth;
using attribution::PartnerExplainJson;
using attribution::PowerPlatformExplanation;
using attribution::RunExplainMonth;

namespace {

std::string Until(const std::optional<Timestamp>& t) {
  return t ? FormatDatasetTime(*t) : "still in force";
}

std::string Text(const Explanation& x, bool subscriptions_shown) {
  std::string out = fmt::format("Partner {} ({}) in tenant {} ({}), {}:\n", x.partner_id,
                                x.partner_name, x.tenant_id, x.tenant_name, x.month);
  if (subscriptions_shown && x.subscriptions.empty()) out += "  The tenant has no subscriptions.\n";
  for (const auto& s : x.subscriptions) {
    std::map<std::string, NanosSum> credited = s.pal_cost;
    for (const auto& [c, v] : s.partner_of_record_cost) credited[c] += v;
    out += fmt::format("\nSubscription {} \"{}\" ({}, {}): {}{}\n", s.subscription_id,
                       s.display_name, s.offer, s.state, s.verdict,
                       s.verdict == "not credited" ? "" : fmt::format(", {}", MoneyText(credited)));
    out += fmt::format("  usage: {} rows, {}\n", s.usage_rows, MoneyText(s.usage_cost));
    for (const auto& c : s.credits) {
      const std::string days =
          c.first_day == c.last_day
              ? FormatDay(c.first_day)
              : fmt::format("{} – {}", FormatDay(c.first_day), FormatDay(c.last_day));
      if (c.association == "PAL") {
        out += fmt::format(
            "  PAL {} on {}: {} {} ({}{}) holds {} {} ({}) at {}, {} – {}; linked to {} {} – {}\n",
            MoneyText(c.cost), days, c.principal_kind.empty() ? "principal" : c.principal_kind,
            c.principal_id, c.principal_name.empty() ? "" : c.principal_name + ", ",
            fmt::format("tenant {}", c.principal_tenant), c.grant_kind, c.grant_id, c.role, c.scope,
            FormatDatasetTime(c.grant_from), Until(c.grant_to), x.partner_id,
            FormatDatasetTime(c.link_from), Until(c.link_to));
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
  std::string out =
      fmt::format("\nPower Platform and Customer Insights resources (links judged at {}):\n",
                  FormatDatasetTime(x.month_end));
  for (const auto& n : x.notes) out += fmt::format("  {}\n", n);
  for (const auto& r : x.resources) {
    std::string verdict = r.verdict;
    if (!r.credited_partner_id.empty()) {
      verdict += fmt::format("{} {} ({})", r.verdict == "credited" ? " as" : ":",
                             r.credited_partner_id, r.credited_partner_name);
    }
    out +=
        fmt::format("\nResource {} ({}, environment {}: {}, {}; {}): {}, {} {}{}\n", r.resource_id,
                    r.product, r.environment_id, r.environment_type, r.paid ? "paid" : "unpaid",
                    r.eligible ? "eligible" : "not eligible", verdict, r.metric, r.value,
                    r.value_day ? fmt::format(" (on {})", FormatDay(*r.value_day)) : std::string());
    if (r.users.empty()) out += "  no attributed users\n";
    for (const auto& u : r.users) {
      const std::string who =
          u.display_name.empty() ? u.user_id : fmt::format("{} ({})", u.user_id, u.display_name);
      const std::string link =
          u.partner_id.empty()
              ? std::string("no link in force at the month's end")
              : fmt::format("linked to {} ({}) {} – {}", u.partner_id, u.partner_name,
                            FormatDatasetTime(u.linked_at), Until(u.unlinked_at));
      const std::string activity = u.last_active
                                       ? fmt::format("last active {}", FormatDay(*u.last_active))
                                       : std::string("no activity in the month");
      out += fmt::format("  {} {}: {}; {}{}\n", u.role, who, link, activity,
                         u.rank ? fmt::format("; candidate {}", u.rank) : std::string());
    }
    for (const auto& reason : r.reasons)
      out += fmt::format("  {} {}: {}\n", reason.rule, reason.code, reason.message);
  }
  return out;
}

}  // namespace

int RunExplain(const ExplainOptions& given) {
  ExplainOptions options = given;
  auto month = ParseAttributionMonth(options.month);
  if (!month.ok()) return PrintCliError(month.error());
  auto tenant = Guid::Parse(options.tenant);
  if (!tenant)
    return PrintCliError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("--tenant '{}' is not a GUID.", options.tenant)));
  std::optional<Guid> subscription;
  if (!options.subscription.empty()) {
    subscription = Guid::Parse(options.subscription);
    if (!subscription) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidArgument",
          fmt::format("--subscription '{}' is not a GUID.", options.subscription)));
    }
  }
  std::optional<std::string> resource;
  if (!options.resource.empty()) resource = options.resource;
  auto inputs = LoadAttributionInputs(options.dataset_dir, options.data_dir, options.usage,
                                      /*usage_optional=*/true);
  if (!inputs.ok()) return PrintCliError(inputs.error());
  if (options.partner_view) {
    if (subscription || resource) {
      return PrintCliError(Error::InvalidArgument(
          "InvalidArgument",
          "--partner-view shows the whole tenant, as the insights API does: leave out "
          "--subscription and --resource."));
    }
    auto json = PartnerExplainJson(*inputs, options.usage, *tenant, options.partner, *month,
                                   options.threads,
                                   /*revenue_visible=*/true);
    if (!json.ok()) return PrintCliError(json.error());
    std::fputs((json->dump(2) + "\n").c_str(), stdout);
    return 0;
  }
  auto run = RunExplainMonth(*inputs, options.usage, *tenant, options.partner, *month,
                             options.threads, subscription, resource, /*progress=*/true);
  if (!run.ok()) {
    if (run.error().code != "NoUsageFiles") return PrintCliError(run.error());
    return PrintCliError(Error::InvalidArgument(
        "InvalidArgument",
        "With --data, name the usage files with --usage FILE (the tenant's subscriptions are "
        "judged "
        "on them; --resource R alone explains a Power Platform resource without)."));
  }
  std::string text;
  if (options.format == "json") {
    text = ExplainRunJson(*run).dump(2) + "\n";
  } else {
    text = Text(run->azure, /*subscriptions_shown=*/options.resource.empty() || subscription);
    if (run->power_platform) text += ResourcesText(*run->power_platform);
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

void RegisterExplainCommand(CLI::App& app, CommandContext& context) {
  auto& explain = context.Hold<ExplainOptions>();
  auto* explain_cmd = app.add_subcommand(
      "explain",
      "Explain, per subscription of a tenant, why a partner is or is not credited in a month");
  explain_cmd->add_option("--dataset", explain.dataset_dir,
                          "Data set folder (state tables; DIR/usage.csv)");
  explain_cmd->add_option("--data", explain.data_dir,
                          "Read the state and history of this pal data directory instead");
  explain_cmd->add_option("--tenant", explain.tenant, "Customer tenant id")->required();
  explain_cmd->add_option("--partner", explain.partner, "Partner (MPN) ID")->required();
  explain_cmd->add_option("--month", explain.month, "Month, YYYY-MM")->required();
  explain_cmd->add_option("--subscription", explain.subscription, "Only this subscription");
  explain_cmd->add_option("--resource", explain.resource,
                          "Only this Power Platform or Customer Insights resource");
  explain_cmd->add_option("--usage", explain.usage,
                          "Usage files (cost export or FOCUS; .gz accepted)");
  explain_cmd->add_option("--threads", explain.threads, "Reading threads (default: one per core)")
      ->check(CLI::Range(1, 1024));
  explain_cmd->add_flag(
      "--partner-view", explain.partner_view,
      "Show only what the partner itself may see (the insights API's explain), as JSON");
  explain_cmd->add_option("-o,--output", explain.format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  context.OnChosen(explain_cmd, [&explain] { return RunExplain(explain); });
}

}  // namespace pal::cli
