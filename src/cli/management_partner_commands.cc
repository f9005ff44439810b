#include "cli/management_partner_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "api/url_encoding.h"
#include "cli/arm_client.h"

namespace pal::cli {
namespace {

constexpr std::string_view kApiVersion = "2018-02-01";

// What the managementpartner commands' options fill in.
struct ManagementPartnerArguments {
  std::string partner_id;
  std::string if_match;
};

}  // namespace

int RunManagementPartner(ManagementPartnerVerb verb, const std::string& partner_id,
                         OutputFormat output, const std::string& if_match) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (verb != ManagementPartnerVerb::kShow && partner_id.empty()) {
    return PrintCliError(Error::InvalidArgument("MissingPartnerId", "--partner-id is required."));
  }
  const char* method = verb == ManagementPartnerVerb::kCreate   ? "PUT"
                       : verb == ManagementPartnerVerb::kUpdate ? "PATCH"
                       : verb == ManagementPartnerVerb::kDelete ? "DELETE"
                                                                : "GET";
  // Sent verbatim: the server is the one place that decides what an etag looks like.
  std::vector<std::string> headers;
  if (!if_match.empty()) headers.push_back("If-Match: " + if_match);
  // Like az: show without an id asks for ".../partners/" (the caller's link, whatever its id).
  auto body =
      client->Send(method,
                   fmt::format("/providers/Microsoft.ManagementPartner/partners/{}?api-version={}",
                               api::PercentEncode(partner_id), kApiVersion),
                   nullptr, headers);
  if (!body.ok()) return PrintCliError(body.error());
  if (verb == ManagementPartnerVerb::kDelete) return 0;
  if (!body->is_object()) {
    return PrintCliError(Error{ErrorKind::kInternal, "BadResponse",
                               "The server answered with something that is not JSON."});
  }
  std::fputs(FormatOutput(FlattenProperties(*body), output).c_str(), stdout);
  return 0;
}

void RegisterManagementPartnerCommands(CLI::App& app, CommandContext& context) {
  auto& arguments = context.Hold<ManagementPartnerArguments>();
  auto* mp = app.add_subcommand("managementpartner", "Link your account to a partner ID (PAL)");
  mp->require_subcommand(1);
  struct Verb {
    const char* name;
    const char* help;
    ManagementPartnerVerb verb;
    bool id_required;
  };
  for (const Verb& v :
       {Verb{"create", "Link a partner ID", ManagementPartnerVerb::kCreate, true},
        Verb{"show", "Show the linked partner ID", ManagementPartnerVerb::kShow, false},
        Verb{"update", "Link another partner ID", ManagementPartnerVerb::kUpdate, true},
        Verb{"delete", "Remove the link", ManagementPartnerVerb::kDelete, true}}) {
    auto* cmd = mp->add_subcommand(v.name, v.help);
    auto* option =
        cmd->add_option("--partner-id", arguments.partner_id, "Partner (MPN) location ID");
    if (v.id_required) option->required();
    // Optimistic concurrency for the verbs that change an existing link.
    if (v.verb == ManagementPartnerVerb::kUpdate || v.verb == ManagementPartnerVerb::kDelete) {
      cmd->add_option("--if-match", arguments.if_match,
                      "Only if the link's etag is still this one (from show), or * for any link");
    }
    context.AddOutputOption(cmd);
    const auto verb = v.verb;
    context.OnChosen(cmd, [&arguments, &context, verb] {
      return RunManagementPartner(verb, arguments.partner_id, context.Format(), arguments.if_match);
    });
  }
}

}  // namespace pal::cli
