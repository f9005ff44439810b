#include "api/directory_api.h"

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/url_encoding.h"
#include "core/text.h"

namespace pal::api {

bool DirectoryApi::Serves(std::string_view path) {
  return EqualsIgnoreCase(TrimTrailingSlashes(path), kDirectoryPrincipalsPath);
}

HttpResponse DirectoryApi::Answer(const HttpRequest& request,
                                  const identity::CallerIdentity& caller) {
  if (request.method != "GET")
    return MethodNotAllowed(request, "GET", "The directory is read-only here.");
  if (auto version = CheckApiVersion(request, kDirectoryApiVersion); !version.ok()) {
    return ArmError(version.error(), request);
  }
  const std::string search = ToLowerAscii(request.QueryParam("search").value_or(""));
  auto principals = store_.directory().ListPrincipals(caller.tenant_id);
  if (!principals.ok()) return ArmError(principals.error(), request);
  nlohmann::json value = nlohmann::json::array();
  for (const auto& p : *principals) {
    const std::string id = p.object_id.ToString();
    if (!search.empty() && ToLowerAscii(p.name).find(search) == std::string::npos &&
        id.find(search) == std::string::npos) {
      continue;
    }
    value.push_back({{"objectId", id},
                     {"displayName", p.name},
                     {"principalType", PrincipalKindName(p.kind)},
                     {"tenantId", p.tenant_id.ToString()}});
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

}  // namespace pal::api
