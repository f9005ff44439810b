#include "cli/account_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/url_encoding.h"
#include "cli/arm_client.h"
#include "cli/cli_profile.h"
#include "cli/device_code_login.h"
#include "cli/http_client.h"
#include "core/text.h"
#include "identity/jwt.h"

namespace pal::cli {
namespace {

constexpr std::string_view kArmScope = "https://management.azure.com/.default";
// The client id az uses for user sign-in (a public client of pal's token service).
constexpr std::string_view kCliClientId = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

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

// Caches the token of a successful sign-in and shows the account.
int SaveSignIn(const LoginOptions& options, const std::string& server, const std::string& ca_file,
               const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("access_token")) {
    return PrintError("BadTokenResponse", "The token endpoint answered without an access token.");
  }
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  CliProfile profile;
  profile.server = server;
  profile.ca_file = ca_file;
  profile.tenant_id = options.tenant;
  profile.principal_type = options.service_principal ? "servicePrincipal" : "user";
  profile.principal_name = options.username;
  profile.access_token = body["access_token"].get<std::string>();
  profile.expires_on = now + body.value("expires_in", 0LL);
  if (options.use_device_code) {
    // Who signed in, and where, is the token's to say.
    auto claims = identity::DecodeJwt(profile.access_token);
    if (claims.ok()) {
      profile.tenant_id = claims->payload.value("tid", profile.tenant_id);
      profile.principal_name = claims->payload.value("upn", profile.principal_name);
    }
  }
  if (auto saved = SaveCliProfile(profile); !saved.ok()) return PrintCliError(saved.error());
  return RunAccountShow(options.output);
}

}  // namespace

int RunLogin(const LoginOptions& options) {
  if (options.use_device_code) {
    if (options.service_principal || !options.username.empty() || !options.password.empty()) {
      return PrintError("InvalidArgument",
                        "--use-device-code signs a user in on the server's page: give no "
                        "--service-principal, --username or --password.");
    }
    const std::string server(TrimTrailingSlashes(options.server));
    HttpClientOptions http{ResolveCaFile(options.ca_file, server)};
    auto body =
        SignInWithDeviceCode(server, options.tenant.empty() ? "organizations" : options.tenant,
                             kCliClientId, kArmScope, http);
    if (!body.ok()) return PrintCliError(body.error());
    return SaveSignIn(options, server, http.ca_file, *body);
  }
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
  return SaveSignIn(options, server, http.ca_file,
                    nlohmann::json::parse(response->body, nullptr, false));
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

int RunAccountList(OutputFormat output) {
  auto client = ArmClient::FromProfile();
  if (!client.ok()) return PrintCliError(client.error());
  auto subscriptions = client->ListAll("/subscriptions?api-version=2022-12-01");
  if (!subscriptions.ok()) return PrintCliError(subscriptions.error());
  // az's shape: id is the subscription id, name its display name.
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : *subscriptions) {
    out.push_back({{"cloudName", "pal"},
                   {"id", s.value("subscriptionId", "")},
                   {"isDefault", false},
                   {"name", s.value("displayName", "")},
                   {"state", s.value("state", "")},
                   {"tenantId", s.value("tenantId", "")},
                   {"user",
                    {{"name", client->profile().principal_name},
                     {"type", client->profile().principal_type}}}});
  }
  std::fputs(FormatOutput(out, output).c_str(), stdout);
  return 0;
}

void RegisterAccountCommands(CLI::App& app, CommandContext& context) {
  auto& login = context.Hold<LoginOptions>();
  auto* login_cmd = app.add_subcommand("login", "Sign in to a pal server and cache the token");
  login_cmd->add_option("--server", login.server, "Server URL (default https://localhost:8443)");
  login_cmd->add_option("-t,--tenant", login.tenant,
                        "Tenant id (required but with --use-device-code)");
  login_cmd->add_flag("--service-principal", login.service_principal,
                      "Sign in as a service principal (-u app id, -p secret)");
  login_cmd->add_flag("--use-device-code", login.use_device_code,
                      "Sign in as a user on the server's page with a code (for shells without "
                      "a password prompt)");
  login_cmd->add_option("-u,--username", login.username, "User name, or the application id");
  login_cmd->add_option("-p,--password", login.password, "Password, or the client secret");
  login_cmd->add_option("--ca-cert", login.ca_file, "PEM certificate to trust for the server");
  context.AddOutputOption(login_cmd);
  context.OnChosen(login_cmd, [&login, &context] {
    login.output = context.Format();
    return RunLogin(login);
  });
  context.OnChosen(app.add_subcommand("logout", "Forget the cached token"),
                   [] { return RunLogout(); });
  auto* account_cmd = app.add_subcommand("account", "The signed-in account");
  account_cmd->require_subcommand(1);
  auto* account_show = account_cmd->add_subcommand("show", "Show the signed-in account");
  context.AddOutputOption(account_show);
  context.OnChosen(account_show, [&context] { return RunAccountShow(context.Format()); });
  auto* account_list = account_cmd->add_subcommand("list", "The subscriptions the account can see");
  context.AddOutputOption(account_list);
  context.OnChosen(account_list, [&context] { return RunAccountList(context.Format()); });
}

}  // namespace pal::cli
