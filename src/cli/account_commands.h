#pragma once

#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal login`, `pal logout` and `pal account show|list`: the signed-in account of the clients
// of a running `pal serve`, cached in the profile (cli_profile.h).
struct LoginOptions {
  std::string server = "https://localhost:8443";
  std::string tenant;
  bool service_principal = false;
  // Sign in as a user on the server's verification page (device code flow); --tenant then
  // defaults to "organizations" (the user's home tenant).
  bool use_device_code = false;
  std::string username;  // app id for a service principal
  std::string password;  // client secret for a service principal
  std::string ca_file;
  OutputFormat output = OutputFormat::kJson;
};

// Each returns the process exit code, printing results on stdout and "(Code) Message" on
// stderr.
int RunLogin(const LoginOptions& options);
int RunLogout();
int RunAccountShow(OutputFormat output);
// The subscriptions the signed-in account can see, like `az account list`.
int RunAccountList(OutputFormat output);

// Registers login, logout and account show|list.
void RegisterAccountCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
