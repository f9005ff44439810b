#include "cli/arm_client.h"

#include <fmt/format.h>

#include <cstdio>

#include "cli/http_client.h"

namespace pal::cli {

Result<ArmClient> ArmClient::FromProfile() {
  PAL_ASSIGN_OR_RETURN(auto profile, LoadCliProfile());
  return ArmClient(std::move(profile));
}

ArmClient ArmClient::WithToken(std::string server, std::string ca_file, std::string access_token) {
  CliProfile profile;
  profile.server = std::move(server);
  profile.ca_file = std::move(ca_file);
  profile.access_token = std::move(access_token);
  return ArmClient(std::move(profile));
}

Result<nlohmann::json> ArmClient::Send(std::string_view method, std::string_view path_and_query,
                                       const nlohmann::json* body,
                                       const std::vector<std::string>& extra_headers) const {
  return SendUrl(method, profile_.server + std::string(path_and_query), body, extra_headers);
}

Result<nlohmann::json> ArmClient::SendUrl(std::string_view method, const std::string& url,
                                          const nlohmann::json* body,
                                          const std::vector<std::string>& extra_headers) const {
  std::vector<std::string> headers = {"Authorization: Bearer " + profile_.access_token,
                                      "Accept: application/json"};
  if (body) headers.push_back("Content-Type: application/json");
  headers.insert(headers.end(), extra_headers.begin(), extra_headers.end());
  PAL_ASSIGN_OR_RETURN(auto response,
                       SendHttpRequest(std::string(method), url, headers, body ? body->dump() : "",
                                       HttpClientOptions{profile_.ca_file}));
  auto json = response.body.empty() ? nlohmann::json()
                                    : nlohmann::json::parse(response.body, nullptr, false);
  if (response.status < 200 || response.status > 299) {
    if (json.is_object() && json.contains("error") && json["error"].is_object()) {
      return Error::InvalidArgument(json["error"].value("code", "Error"),
                                    json["error"].value("message", ""));
    }
    return Error::InvalidArgument(
        fmt::format("HttpStatus{}", response.status),
        response.body.empty() ? "The server returned no details." : response.body);
  }
  if (json.is_discarded()) {
    return Error{ErrorKind::kInternal, "BadResponse",
                 "The server answered with something that is not JSON."};
  }
  return json;
}

Result<std::vector<nlohmann::json>> ArmClient::ListAll(std::string_view path_and_query) const {
  std::vector<nlohmann::json> items;
  std::string url = profile_.server + std::string(path_and_query);
  for (int page = 0; page < 100000 && !url.empty(); ++page) {
    PAL_ASSIGN_OR_RETURN(auto body, SendUrl("GET", url, nullptr));
    if (!body.is_object() || !(body)["value"].is_array()) {
      return Error{ErrorKind::kInternal, "BadResponse",
                   "The server answered a list without 'value'."};
    }
    for (auto& item : (body)["value"]) items.push_back(std::move(item));
    url = body.value("nextLink", "");
  }
  return items;
}

int PrintCliError(const Error& error) {
  std::fprintf(stderr, "(%s) %s\n", error.code.c_str(), error.message.c_str());
  return 1;
}

nlohmann::json FlattenProperties(const nlohmann::json& resource) {
  nlohmann::json flat = nlohmann::json::object();
  for (auto it = resource.begin(); it != resource.end(); ++it) {
    if (it.key() == "properties" && it.value().is_object()) {
      for (auto p = it.value().begin(); p != it.value().end(); ++p) flat[p.key()] = p.value();
    } else {
      flat[it.key()] = it.value();
    }
  }
  return flat;
}

}  // namespace pal::cli
