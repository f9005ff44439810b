#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_message.h"
#include "core/guid.h"

namespace pal::api {

// The token service answers as two authorities over the same directory:
//  - Entra-style, "{base}/{tenant}" with the v2.0 endpoints, for the Azure SDKs and pal's
//    portal; the tenant is an id, "organizations" or "common";
//  - ADFS-style, "{base}/adfs", for clients that know a private cloud only through its
//    metadata (the Azure CLI, MSAL): MSAL asks no Microsoft instance discovery for a path that
//    is "adfs". It has no tenant in its path: a token's tenant is the service principal's
//    (found by its application id) or the user's home tenant (found by the sign-in name).
enum class AuthorityKind { kEntra, kAdfs };

// The endpoints of an authority.
enum class AuthorityEndpoint {
  kOpenIdConfiguration,  // Entra: /{tenant}/v2.0/.well-known/openid-configuration;
                         // ADFS: /adfs/.well-known/openid-configuration (also
                         // /adfs/adfs/...: how the Azure CLI resolves `--tenant adfs`)
  kKeys,                 // /{tenant}/discovery/v2.0/keys; /adfs/discovery/keys
  kToken,                // /{tenant}/oauth2/v2.0/token; /adfs/oauth2/token
  kAuthorize,            // /{tenant}/oauth2/v2.0/authorize; /adfs/oauth2/authorize
  kDeviceCode,           // /{tenant}/oauth2/v2.0/devicecode; /adfs/oauth2/devicecode
  kUserRealm,            // /common/userrealm/{user} (Entra only)
};

struct AuthorityPath {
  AuthorityKind kind = AuthorityKind::kEntra;
  AuthorityEndpoint endpoint = AuthorityEndpoint::kToken;
  std::string tenant;  // Entra: the path's tenant segment as given; ADFS: empty
  std::string user;    // kUserRealm: the sign-in name, percent-decoded
};

// The token-service endpoint `path` (percent-encoded, without the query) names, or nullopt.
// Literal segments compare case-insensitively; doubled slashes and a trailing slash are
// ignored (MSAL and the Azure CLI join URLs that way).
std::optional<AuthorityPath> ParseAuthorityPath(std::string_view path);

// The issuer of the tokens an authority issues (access and ID tokens alike), as its discovery
// document names it: Entra "{base}/{tid}/v2.0", ADFS "{base}/adfs".
std::string IssuerOf(AuthorityKind kind, std::string_view base, const Guid& tenant_id);

// The base URL of `base_urls` the request addressed (compared case-insensitively), in its
// configured spelling; the first (canonical) one when it addressed none of them, and the
// request's own when there are none.
std::string AddressedBaseUrl(const std::vector<std::string>& base_urls, const HttpRequest& request);

}  // namespace pal::api
