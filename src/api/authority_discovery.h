#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace pal::api {

// The documents the token service's authorities publish (token_authority.h). Each names only
// the grants and endpoints pal serves. Thread-safe (pure functions).

// The OpenID configuration of the Entra-style authority "{base}/{tenant}": `tenant` is the
// path's segment (an existing tenant's id, "organizations" or "common"), `issuer_tenant` the
// tenant in the issuer: the id itself, or "{tenantid}" for organizations and common (as Entra
// publishes it: the issuer of a token is that of the tenant signed in to).
nlohmann::json EntraOpenIdConfiguration(std::string_view base, std::string_view tenant,
                                        std::string_view issuer_tenant);

// The OpenID configuration of the ADFS-style authority "{base}/adfs": issuer "{base}/adfs",
// token, authorization and device authorization endpoints under "{base}/adfs/oauth2/", keys at
// "{base}/adfs/discovery/keys".
nlohmann::json AdfsOpenIdConfiguration(std::string_view base);

// Entra's user realm answer for a sign-in name (GET /common/userrealm/{user}): every account
// pal knows is "Managed" (its password is checked here, never federated). It is decided by
// the name's form alone — a name with a domain is "Managed", one without is "Unknown" — so
// it tells nothing about whether the user exists.
nlohmann::json UserRealm(std::string_view user);

}  // namespace pal::api
