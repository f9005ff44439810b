#include "api/resource_type_not_found.h"

#include <array>

namespace pal::api {

void AddResourceTypeNotFound(ArmRouter& router, std::string_view pattern, RouteFamily family,
                             std::string_view api_versions,
                             std::function<Error(const ArmCall&)> error) {
  constexpr std::array<std::string_view, 7> kMethods = {"GET",  "HEAD",   "PUT",    "PATCH",
                                                        "POST", "DELETE", "OPTIONS"};
  ArmRouter::Resource& resource = router.Add(pattern, family, api_versions,
                                             "No resource type of this namespace is served here.");
  for (std::string_view method : kMethods) {
    resource.On(method,
                [error](const ArmCall& call) -> Result<HttpResponse> { return error(call); });
  }
}

}  // namespace pal::api
