#include "api/authority_discovery.h"

#include <fmt/format.h>

#include <string>

namespace pal::api {
namespace {

// What both authorities support, in the fields the two documents share.
nlohmann::json CommonFields() {
  return {
      {"token_endpoint_auth_methods_supported", {"client_secret_post"}},
      {"grant_types_supported",
       {"client_credentials", "password", "refresh_token", "authorization_code",
        "urn:ietf:params:oauth:grant-type:device_code"}},
      {"response_modes_supported", {"query", "fragment"}},
      {"code_challenge_methods_supported", {"S256"}},
      {"response_types_supported", {"code"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"scopes_supported", {"openid", "profile", "offline_access"}},
      {"claims_supported",
       {"sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid", "upn",
        "preferred_username", "idtyp", "name", "nonce"}},
      {"request_uri_parameter_supported", false},
  };
}

}  // namespace

nlohmann::json EntraOpenIdConfiguration(std::string_view base, std::string_view tenant,
                                        std::string_view issuer_tenant) {
  nlohmann::json doc = CommonFields();
  doc["issuer"] = fmt::format("{}/{}/v2.0", base, issuer_tenant);
  doc["authorization_endpoint"] = fmt::format("{}/{}/oauth2/v2.0/authorize", base, tenant);
  doc["token_endpoint"] = fmt::format("{}/{}/oauth2/v2.0/token", base, tenant);
  doc["device_authorization_endpoint"] = fmt::format("{}/{}/oauth2/v2.0/devicecode", base, tenant);
  doc["jwks_uri"] = fmt::format("{}/{}/discovery/v2.0/keys", base, tenant);
  doc["tenant_region_scope"] = nullptr;
  doc["cloud_instance_name"] = "pal.local";
  return doc;
}

nlohmann::json AdfsOpenIdConfiguration(std::string_view base) {
  nlohmann::json doc = CommonFields();
  const std::string issuer = fmt::format("{}/adfs", base);
  doc["issuer"] = issuer;
  // ADFS publishes the issuer of its access tokens separately; pal's are the same.
  doc["access_token_issuer"] = issuer;
  doc["authorization_endpoint"] = issuer + "/oauth2/authorize";
  doc["token_endpoint"] = issuer + "/oauth2/token";
  doc["device_authorization_endpoint"] = issuer + "/oauth2/devicecode";
  doc["jwks_uri"] = issuer + "/discovery/keys";
  return doc;
}

nlohmann::json UserRealm(std::string_view user) {
  const std::size_t at = user.rfind('@');
  const bool has_domain = at != std::string_view::npos && at + 1 < user.size();
  nlohmann::json doc = {
      {"ver", "1.0"},
      {"account_type", has_domain ? "Managed" : "Unknown"},
      {"cloud_instance_name", "pal.local"},
      {"cloud_audience_urn", "urn:federation:pal"},
  };
  if (has_domain) doc["domain_name"] = std::string(user.substr(at + 1));
  return doc;
}

}  // namespace pal::api
