#pragma once

#include <string>

#include "api/http_message.h"
#include "identity/token_verifier.h"
#include "service/scope_authorizer.h"

namespace pal::api {

inline constexpr std::string_view kAuthorizationApiVersion = "2022-04-01";
// Lower-cased marker of the role definitions collection under any scope.
inline constexpr std::string_view kRoleDefinitionsMarker =
    "/providers/microsoft.authorization/roledefinitions";

// Microsoft.Authorization/roleDefinitions 2022-04-01, read side: GET one definition (by scope
// and GUID, or by its full id) and list the definitions assignable at a scope, with
// `$filter=roleName eq '…'` or `type eq '…'`. Built-in roles only. Reading needs
// Microsoft.Authorization/roleDefinitions/read at the scope, except at the root ("/"), which any
// signed-in caller may read. Thread-safe.
class RoleDefinitionsApi {
 public:
  explicit RoleDefinitionsApi(service::ScopeAuthorizer& authorizer) : authorizer_(authorizer) {}

  // Handles a request whose lower-cased path contains kRoleDefinitionsMarker.
  void Handle(const HttpRequest& request, const identity::CallerIdentity& caller, Respond respond);

 private:
  service::ScopeAuthorizer& authorizer_;
};

}  // namespace pal::api
