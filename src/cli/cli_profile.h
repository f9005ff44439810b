#pragma once

#include <optional>
#include <string>

#include "core/result.h"

namespace pal::cli {

// What `pal login` remembers: the server, how to trust it, and the access token.
// Kept in $PAL_CONFIG_DIR (default ~/.pal)/profile.json with mode 0600.
struct CliProfile {
  std::string server;   // e.g. https://localhost:8443
  std::string ca_file;  // certificate to trust for it; empty = system trust store
  std::string tenant_id;
  std::string principal_type;  // "servicePrincipal" or "user"
  std::string principal_name;  // app id or user name
  std::string access_token;
  long long expires_on = 0;  // Unix seconds
};

std::string CliConfigDirectory();
Result<void> SaveCliProfile(const CliProfile& profile);
// kNotFound ("NotLoggedIn") if nobody is logged in.
Result<CliProfile> LoadCliProfile();
Result<void> DeleteCliProfile();

// The certificate to trust for `server`: `given`, else $PAL_CA_CERT, else the default data
// directory's self-signed certificate when the server is on loopback; "" = system trust.
std::string ResolveCaFile(const std::string& given, const std::string& server);

}  // namespace pal::cli
