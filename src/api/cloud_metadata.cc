#include "api/cloud_metadata.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/token_authority.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kSingleObjectVersion = "2015-01-01";
constexpr std::string_view kCloudObjectVersion = "2022-09-01";
constexpr std::string_view kSupportedVersions = "2015-01-01,2019-05-01,2020-06-01,2022-09-01";

bool IsMetadataPath(std::string_view path) {
  const auto parts = PathSegments(path);
  return parts.size() == 2 && EqualsIgnoreCase(parts[0], "metadata") &&
         EqualsIgnoreCase(parts[1], "endpoints");
}

// The server's own base URL first, then the other audiences (without repeating a base URL).
nlohmann::json Audiences(const std::string& base, const CloudMetadataOptions& options) {
  nlohmann::json audiences = nlohmann::json::array({base + "/"});
  for (const auto& audience : options.audiences) {
    bool is_base = false;
    for (const auto& other : options.base_urls) {
      is_base = is_base || EqualsIgnoreCase(TrimTrailingSlashes(audience), other);
    }
    if (!is_base) audiences.push_back(audience);
  }
  return audiences;
}

nlohmann::json Cloud(const std::string& base, const CloudMetadataOptions& options) {
  return {
      {"name", options.name},
      {"resourceManager", base + "/"},
      {"portal", base + "/portal/"},
      {"gallery", base + "/"},
      {"graph", base + "/graph/"},
      {"graphAudience", base + "/graph/"},
      {"authentication",
       {{"loginEndpoint", base + "/adfs"},
        {"audiences", Audiences(base, options)},
        {"tenant", "adfs"},
        {"identityProvider", "ADFS"}}},
      {"suffixes", nlohmann::json::object()},
  };
}

}  // namespace

CloudMetadata::CloudMetadata(CloudMetadataOptions options) : options_(std::move(options)) {}

bool CloudMetadata::TryHandle(const HttpRequest& request, const Respond& respond) const {
  if (!IsMetadataPath(request.path)) return false;
  if (request.method != "GET") {
    respond(MethodNotAllowed(
        request, "GET",
        fmt::format("The metadata endpoint only answers GET, not {}.", request.method)));
    return true;
  }
  if (auto version = CheckApiVersion(request, kSupportedVersions); !version.ok()) {
    respond(ArmError(version.error(), request));
    return true;
  }
  const std::string base = AddressedBaseUrl(options_.base_urls, request);
  const std::string api_version = request.QueryParam("api-version").value_or("");
  nlohmann::json body;
  if (api_version == kSingleObjectVersion) {
    body = {{"galleryEndpoint", base + "/"},
            {"graphEndpoint", base + "/graph/"},
            {"portalEndpoint", base + "/portal/"},
            {"authentication",
             {{"loginEndpoint", base + "/adfs"}, {"audiences", Audiences(base, options_)}}}};
  } else if (api_version == kCloudObjectVersion) {
    body = Cloud(base, options_);
  } else {
    body = nlohmann::json::array({Cloud(base, options_)});
  }
  respond(ArmJson(200, body.dump(), request));
  return true;
}

}  // namespace pal::api
