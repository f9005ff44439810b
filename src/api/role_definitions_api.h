#pragma once

#include <string>
#include <string_view>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "service/scope_authorizer.h"

namespace pal::api {

inline constexpr std::string_view kAuthorizationApiVersion = "2022-04-01";

// Microsoft.Authorization/roleDefinitions 2022-04-01, read side: GET one definition (by scope
// and GUID, or by its full id) and list the definitions assignable at a scope, with
// `$filter=roleName eq '…'` or `type eq '…'`. Built-in roles only. Reading needs
// Microsoft.Authorization/roleDefinitions/read at the scope, except at the root ("/"), which any
// signed-in caller may read. Thread-safe.
class RoleDefinitionsApi {
 public:
  explicit RoleDefinitionsApi(service::ScopeAuthorizer& authorizer) : authorizer_(authorizer) {}

  // Registers the role definitions at the root and under any scope (family kRoleDefinitions).
  void AddRoutes(ArmRouter& router);

 private:
  Result<HttpResponse> List(const ArmCall& call);
  Result<HttpResponse> Get(const ArmCall& call);
  // The scope of the call ("/" without {scope}), once the caller may read definitions there.
  Result<ResourceId> ReadableScope(const ArmCall& call);

  service::ScopeAuthorizer& authorizer_;
};

}  // namespace pal::api
