#include "cli/partner_of_record_commands.h"

#include <fmt/format.h>

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

}  // namespace pal::cli
