#include "api/directory_api.h"

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "core/text.h"

namespace pal::api {

void DirectoryApi::AddRoutes(ArmRouter& router) {
  router
      .Add("/providers/Pal.Directory/principals", RouteFamily::kDirectory, kDirectoryApiVersion,
           "The directory is read-only here.")
      .On("GET", [this](const ArmCall& call) { return ListPrincipals(call); });
}

Result<HttpResponse> DirectoryApi::ListPrincipals(const ArmCall& call) {
  const std::string search = ToLowerAscii(call.request.QueryParam("search").value_or(""));
  PAL_ASSIGN_OR_RETURN(auto principals, store_.directory().ListPrincipals(call.caller.tenant_id));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& p : principals) {
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
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

}  // namespace pal::api
