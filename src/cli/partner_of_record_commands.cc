#include "cli/partner_of_record_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/arm_client.h"
#include "core/guid.h"
#include "core/partner.h"

namespace pal::cli {

int RunPartnerOfRecord(PartnerOfRecordVerb verb, const std::string& subscription,
                       const std::string& partner_id, OutputFormat output) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (verb == PartnerOfRecordVerb::kCustomers) {
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
  if ((verb == PartnerOfRecordVerb::kSet || verb == PartnerOfRecordVerb::kValidate) &&
      partner_id.empty()) {
    return PrintCliError(Error::InvalidArgument("InvalidArgument", "--partner-id is required."));
  }
  const std::string base =
      fmt::format("/subscriptions/{}/providers/Pal.PartnerOfRecord", sub->ToString());
  const nlohmann::json body = {{"properties", {{"partnerId", partner_id}}}};
  Result<nlohmann::json> answer = nlohmann::json();
  switch (verb) {
    case PartnerOfRecordVerb::kShow:
      answer = client->Get(base + "/partnerOfRecord/default?api-version=2026-11-01");
      break;
    case PartnerOfRecordVerb::kValidate:
      answer = client->Send("POST", base + "/validatePartnerId?api-version=2026-11-01", &body);
      break;
    case PartnerOfRecordVerb::kSet:
      answer = client->Send("PUT", base + "/partnerOfRecord/default?api-version=2026-11-01", &body);
      break;
    case PartnerOfRecordVerb::kDelete:
      answer = client->Send("DELETE", base + "/partnerOfRecord/default?api-version=2026-11-01");
      break;
    case PartnerOfRecordVerb::kCustomers:  // answered above
      break;
  }
  if (!answer.ok()) return PrintCliError(answer.error());
  if (verb == PartnerOfRecordVerb::kDelete) return 0;
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
  auto* partner_of_record_cmd =
      app.add_subcommand("dpor", "Digital Partner of Record of an EA subscription");
  partner_of_record_cmd->require_subcommand(1);
  for (const auto& [verb_name, verb, help] :
       {std::tuple{"show", PartnerOfRecordVerb::kShow, "Show the partner of record"},
        std::tuple{"validate", PartnerOfRecordVerb::kValidate,
                   "Check a partner id and show its name"},
        std::tuple{"set", PartnerOfRecordVerb::kSet, "Make a partner the partner of record"},
        std::tuple{"delete", PartnerOfRecordVerb::kDelete, "Remove the partner of record"}}) {
    auto* cmd = partner_of_record_cmd->add_subcommand(verb_name, help);
    cmd->add_option("--subscription", arguments.subscription, "Subscription id")->required();
    if (verb == PartnerOfRecordVerb::kSet || verb == PartnerOfRecordVerb::kValidate) {
      cmd->add_option("--partner-id", arguments.partner, "Partner (location) id")->required();
    }
    context.AddOutputOption(cmd);
    const auto chosen = verb;
    context.OnChosen(cmd, [&arguments, &context, chosen] {
      return RunPartnerOfRecord(chosen, arguments.subscription, arguments.partner,
                                context.Format());
    });
  }
  auto* partner_of_record_customers = partner_of_record_cmd->add_subcommand(
      "customers",
      "As a partner's Admin or report viewer: the subscriptions where "
      "your organisation is the DPOR");
  context.AddOutputOption(partner_of_record_customers);
  partner_of_record_customers->add_option(
      "--partner-id", arguments.customers_partner_id,
      "Only this id of your organisation (needed when you hold roles in several)");
  context.OnChosen(partner_of_record_customers, [&arguments, &context] {
    return RunPartnerOfRecord(PartnerOfRecordVerb::kCustomers, "", arguments.customers_partner_id,
                              context.Format());
  });
}

}  // namespace pal::cli
