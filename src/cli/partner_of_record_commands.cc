#include "cli/partner_of_record_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/arm_client.h"
#include "core/guid.h"
#include "core/partner.h"

namespace pal::cli {

int RunDpor(DporVerb verb, const std::string& subscription, const std::string& partner_id,
            OutputFormat output) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (verb == DporVerb::kCustomers) {
    if (!partner_id.empty()) {
      if (auto syntax = ValidatePartnerIdSyntax(partner_id); !syntax.ok())
        return PrintCliError(syntax.error());
    }
    auto customers =
        client->ListAll("/providers/Pal.PartnerOfRecord/customers?api-version=2026-11-01" +
                        (partner_id.empty() ? std::string() : "&partnerId=" + partner_id));
    if (!customers.ok()) return PrintCliError(customers.error());
    std::fputs(FormatOutput(nlohmann::json(*customers), output).c_str(), stdout);
    return 0;
  }
  auto sub = Guid::Parse(subscription);
  if (!sub) {
    return PrintCliError(Error::InvalidArgument(
        "InvalidArgument", "--subscription must be a subscription id (a GUID)."));
  }
  if ((verb == DporVerb::kSet || verb == DporVerb::kValidate) && partner_id.empty()) {
    return PrintCliError(Error::InvalidArgument("InvalidArgument", "--partner-id is required."));
  }
  const std::string base =
      fmt::format("/subscriptions/{}/providers/Pal.PartnerOfRecord", sub->ToString());
  const nlohmann::json body = {{"properties", {{"partnerId", partner_id}}}};
  Result<nlohmann::json> answer = nlohmann::json();
  switch (verb) {
    case DporVerb::kShow:
      answer = client->Get(base + "/partnerOfRecord/default?api-version=2026-11-01");
      break;
    case DporVerb::kValidate:
      answer = client->Send("POST", base + "/validatePartnerId?api-version=2026-11-01", &body);
      break;
    case DporVerb::kSet:
      answer = client->Send("PUT", base + "/partnerOfRecord/default?api-version=2026-11-01", &body);
      break;
    case DporVerb::kDelete:
      answer = client->Send("DELETE", base + "/partnerOfRecord/default?api-version=2026-11-01");
      break;
    case DporVerb::kCustomers:  // answered above
      break;
  }
  if (!answer.ok()) return PrintCliError(answer.error());
  if (verb == DporVerb::kDelete) return 0;
  std::fputs(FormatOutput(FlattenProperties(*answer), output).c_str(), stdout);
  return 0;
}

namespace {

// What the dpor commands' options fill in.
struct PartnerOfRecordArguments {
  std::string subscription;
  std::string partner;
  std::string customers_partner_id;
};

}  // namespace

void RegisterPartnerOfRecordCommands(CLI::App& app, CommandContext& context) {
  auto& arguments = context.Hold<PartnerOfRecordArguments>();
  auto* dpor_cmd = app.add_subcommand("dpor", "Digital Partner of Record of an EA subscription");
  dpor_cmd->require_subcommand(1);
  for (const auto& [verb_name, verb, help] :
       {std::tuple{"show", DporVerb::kShow, "Show the partner of record"},
        std::tuple{"validate", DporVerb::kValidate, "Check a partner id and show its name"},
        std::tuple{"set", DporVerb::kSet, "Make a partner the partner of record"},
        std::tuple{"delete", DporVerb::kDelete, "Remove the partner of record"}}) {
    auto* cmd = dpor_cmd->add_subcommand(verb_name, help);
    cmd->add_option("--subscription", arguments.subscription, "Subscription id")->required();
    if (verb == DporVerb::kSet || verb == DporVerb::kValidate) {
      cmd->add_option("--partner-id", arguments.partner, "Partner (location) id")->required();
    }
    context.AddOutputOption(cmd);
    const auto chosen = verb;
    context.OnChosen(cmd, [&arguments, &context, chosen] {
      return RunDpor(chosen, arguments.subscription, arguments.partner, context.Format());
    });
  }
  auto* dpor_customers =
      dpor_cmd->add_subcommand("customers",
                               "As a partner's Admin or report viewer: the subscriptions where "
                               "your organisation is the DPOR");
  context.AddOutputOption(dpor_customers);
  dpor_customers->add_option(
      "--partner-id", arguments.customers_partner_id,
      "Only this id of your organisation (needed when you hold roles in several)");
  context.OnChosen(dpor_customers, [&arguments, &context] {
    return RunDpor(DporVerb::kCustomers, "", arguments.customers_partner_id, context.Format());
  });
}

}  // namespace pal::cli
