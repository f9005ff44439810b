#include "cli/cli_profile.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/data_directory.h"

namespace pal::cli {
namespace {

std::string ProfilePath() { return CliConfigDirectory() + "/profile.json"; }

}  // namespace

std::string CliConfigDirectory() {
  if (const char* dir = std::getenv("PAL_CONFIG_DIR"); dir && *dir) return dir;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.pal";
}

Result<void> SaveCliProfile(const CliProfile& profile) {
  const std::string dir = CliConfigDirectory();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error::Internal(fmt::format("cannot create {}: {}", dir, ec.message()));
  ::chmod(dir.c_str(), 0700);
  nlohmann::json doc = {{"server", profile.server},
                        {"caFile", profile.ca_file},
                        {"tenantId", profile.tenant_id},
                        {"principalType", profile.principal_type},
                        {"principalName", profile.principal_name},
                        {"accessToken", profile.access_token},
                        {"expiresOn", profile.expires_on}};
  return store::WriteFileAtomically(ProfilePath(), doc.dump(2) + "\n", 0600);
}

Result<CliProfile> LoadCliProfile() {
  std::ifstream in(ProfilePath());
  if (!in) {
    return Error::NotFound("NotLoggedIn", "Please run 'pal login' to set up an account.");
  }
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::InvalidArgument(
        "BadProfile", fmt::format("{} is not valid JSON; run 'pal login' again.", ProfilePath()));
  }
  CliProfile profile;
  profile.server = doc.value("server", "");
  profile.ca_file = doc.value("caFile", "");
  profile.tenant_id = doc.value("tenantId", "");
  profile.principal_type = doc.value("principalType", "");
  profile.principal_name = doc.value("principalName", "");
  profile.access_token = doc.value("accessToken", "");
  profile.expires_on = doc.value("expiresOn", 0LL);
  if (profile.server.empty() || profile.access_token.empty()) {
    return Error::NotFound("NotLoggedIn", "Please run 'pal login' to set up an account.");
  }
  return profile;
}

Result<void> DeleteCliProfile() {
  std::error_code ec;
  std::filesystem::remove(ProfilePath(), ec);
  if (ec) return Error::Internal(fmt::format("cannot remove {}: {}", ProfilePath(), ec.message()));
  return {};
}

namespace {

bool IsLoopbackServer(const std::string& server) {
  for (std::string_view host : {"://localhost", "://127.0.0.1", "://[::1]"}) {
    if (server.find(host) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// A certificate to trust: the given one, else PAL_CA_CERT, else the default data directory's
// self-signed certificate when talking to a loopback server.
std::string ResolveCaFile(const std::string& given, const std::string& server) {
  std::string file = given;
  if (file.empty()) {
    if (const char* env = std::getenv("PAL_CA_CERT"); env && *env) file = env;
  }
  if (file.empty() && IsLoopbackServer(server) && std::filesystem::exists(".pal/tls-cert.pem")) {
    file = ".pal/tls-cert.pem";
  }
  if (file.empty()) return file;
  std::error_code ec;
  auto absolute = std::filesystem::absolute(file, ec);
  return ec ? file : absolute.lexically_normal().string();
}

}  // namespace pal::cli
