#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_profile.h"
#include "core/result.h"

namespace pal::cli {

// A client of a running `pal serve` for the CLI verbs, signed in with the cached `pal login`
// profile. Paths are ARM paths with their query (api-version included). A non-2xx answer is
// an Error carrying the ARM code and message of the body.
class ArmClient {
 public:
  // kNotFound "NotLoggedIn" if nobody is logged in.
  static Result<ArmClient> FromProfile();
  // Signed in with an access token obtained otherwise (e.g. one per account by the audit).
  static ArmClient WithToken(std::string server, std::string ca_file, std::string access_token);

  const CliProfile& profile() const { return profile_; }

  // The body of a 2xx answer (null for an empty body, e.g. 204). `extra_headers` are
  // "Name: value" lines sent as well (e.g. If-Match).
  Result<nlohmann::json> Send(std::string_view method, std::string_view path_and_query,
                              const nlohmann::json* body = nullptr,
                              const std::vector<std::string>& extra_headers = {}) const;
  Result<nlohmann::json> Get(std::string_view path_and_query) const {
    return Send("GET", path_and_query);
  }
  // Every item of a paged list, following absolute nextLinks.
  Result<std::vector<nlohmann::json>> ListAll(std::string_view path_and_query) const;

 private:
  explicit ArmClient(CliProfile profile) : profile_(std::move(profile)) {}
  Result<nlohmann::json> SendUrl(std::string_view method, const std::string& url,
                                 const nlohmann::json* body,
                                 const std::vector<std::string>& extra_headers = {}) const;

  CliProfile profile_;
};

// "(Code) Message" on stderr; returns the exit code 1.
int PrintCliError(const Error& error);

// Merges a resource's `properties` into its top level, the way az prints resources.
nlohmann::json FlattenProperties(const nlohmann::json& resource);

}  // namespace pal::cli
