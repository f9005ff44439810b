#pragma once

#include <string>

#include "cli/output_format.h"

namespace pal::cli {

struct LoginOptions {
  std::string server = "https://localhost:8443";
  std::string tenant;
  bool service_principal = false;
  std::string username;  // app id for a service principal
  std::string password;  // client secret for a service principal
  std::string ca_file;
  OutputFormat output = OutputFormat::kJson;
};

// Each returns the process exit code, printing results on stdout and "(Code) Message" on
// stderr. They are clients of a running `pal serve`.
int RunLogin(const LoginOptions& options);
int RunLogout();
int RunAccountShow(OutputFormat output);

enum class ManagementPartnerVerb { kCreate, kShow, kUpdate, kDelete };
// `if_match`, when not empty, is sent as the If-Match header (the link's etag, or *): the
// server then refuses with (PreconditionFailed) if the link changed since it was read.
int RunManagementPartner(ManagementPartnerVerb verb, const std::string& partner_id,
                         OutputFormat output, const std::string& if_match);

}  // namespace pal::cli
