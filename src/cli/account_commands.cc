#include "cli/account_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/url_encoding.h"
#include "cli/arm_client.h"
#include "cli/cli_profile.h"
#include "cli/http_client.h"
#include "core/text.h"

namespace pal::cli {
namespace {

constexpr std::string_view kArmScope = "https://management.azure.com/.default";
// The client id az uses for user sign-in; any value is accepted for the password grant.
constexpr std::string_view kCliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
constexpr std::string_view kApiVersion = "2018-02-01";

int PrintError(std::string_view code, std::string_view message) {
  std::fprintf(stderr, "(%.*s) %.*s\n", static_cast<int>(code.size()), code.data(),
               static_cast<int>(message.size()), message.data());
  return 1;
}

// Turns an ARM error body into "(Code) Message".
int PrintHttpError(const HttpClientResponse& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const auto& error = body["error"];
    return PrintError(error.value("code", "Error"), error.value("message", ""));
  }
  if (body.is_object() && body.contains("error") && body["error"].is_string()) {
    return PrintError(body["error"].get<std::string>(), body.value("error_description", ""));
  }
  return PrintError(fmt::format("HttpStatus{}", response.status),
                    response.body.empty() ? "The server returned no details." : response.body);
}

}  // namespace

int RunLogin(const LoginOptions& options) {
  if (options.tenant.empty()) return PrintError("MissingTenant", "--tenant is required.");
  if (options.username.empty() || options.password.empty()) {
    return PrintError("MissingCredentials",
                      options.service_principal
                          ? "-u/--username (the application id) and -p/--password (the client "
                            "secret) are required."
                          : "--username and --password are required.");
  }
  const std::string server(TrimTrailingSlashes(options.server));
  HttpClientOptions http{ResolveCaFile(options.ca_file, server)};
  std::string form;
  auto add = [&form](std::string_view key, std::string_view value) {
    if (!form.empty()) form += '&';
    form += api::PercentEncode(key) + "=" + api::PercentEncode(value);
  };
  add("scope", kArmScope);
  if (options.service_principal) {
    add("grant_type", "client_credentials");
    add("client_id", options.username);
    add("client_secret", options.password);
  } else {
    add("grant_type", "password");
    add("client_id", kCliClientId);
    add("username", options.username);
    add("password", options.password);
  }
  auto response = SendHttpRequest(
      "POST", fmt::format("{}/{}/oauth2/v2.0/token", server, api::PercentEncode(options.tenant)),
      {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"}, form, http);
  if (!response.ok()) return PrintCliError(response.error());
  if (response->status != 200) return PrintHttpError(*response);
  auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (!body.is_object() || !body.contains("access_token")) {
    return PrintError("BadTokenResponse", "The token endpoint answered without an access token.");
  }
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  CliProfile profile;
  profile.server = server;
  profile.ca_file = http.ca_file;
  profile.tenant_id = options.tenant;
  profile.principal_type = options.service_principal ? "servicePrincipal" : "user";
  profile.principal_name = options.username;
  profile.access_token = body["access_token"].get<std::string>();
  profile.expires_on = now + body.value("expires_in", 0LL);
  if (auto saved = SaveCliProfile(profile); !saved.ok()) return PrintCliError(saved.error());
  return RunAccountShow(options.output);
}

int RunLogout() {
  if (auto deleted = DeleteCliProfile(); !deleted.ok()) return PrintCliError(deleted.error());
  return 0;
}

int RunAccountShow(OutputFormat output) {
  auto profile = LoadCliProfile();
  if (!profile.ok()) return PrintCliError(profile.error());
  nlohmann::json account = {
      {"server", profile->server},
      {"tenantId", profile->tenant_id},
      {"user", {{"name", profile->principal_name}, {"type", profile->principal_type}}},
      {"tokenExpiresOn", profile->expires_on},
  };
  std::fputs(FormatOutput(account, output).c_str(), stdout);
  return 0;
}

int RunManagementPartner(ManagementPartnerVerb verb, const std::string& partner_id,
                         OutputFormat output, const std::string& if_match) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  if (verb != ManagementPartnerVerb::kShow && partner_id.empty()) {
    return PrintError("MissingPartnerId", "--partner-id is required.");
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
    return PrintError("BadResponse", "The server answered with something that is not JSON.");
  }
  std::fputs(FormatOutput(FlattenProperties(*body), output).c_str(), stdout);
  return 0;
}

}  // namespace pal::cli
