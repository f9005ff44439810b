#include "identity/access_token.h"

#include <fmt/format.h>

#include "identity/base64url.h"
#include "identity/random.h"

namespace pal::identity {
namespace {

Error BadClaim(std::string_view claim) {
  return Error::Unauthenticated(
      "InvalidAuthenticationToken",
      fmt::format("The access token is invalid: claim '{}' is missing or malformed.", claim));
}

std::optional<Guid> GuidClaim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  return Guid::Parse(it->get<std::string>());
}

std::optional<Timestamp> TimeClaim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number()) return std::nullopt;
  return static_cast<Timestamp>(it->get<double>()) * kMicrosPerSecond;
}

}  // namespace

nlohmann::json ToJwtPayload(const AccessTokenClaims& c) {
  nlohmann::json payload = {
      {"aud", c.audience},
      {"iss", c.issuer},
      {"iat", c.issued_at / kMicrosPerSecond},
      {"nbf", c.not_before / kMicrosPerSecond},
      {"exp", c.expires_at / kMicrosPerSecond},
      {"tid", c.tenant_id.ToString()},
      {"oid", c.object_id.ToString()},
      {"sub", c.object_id.ToString()},
      {"idtyp", c.idtyp},
      {"ver", "2.0"},
      {"uti", Base64UrlEncode(RandomBytes(16))},
      {"name", c.name},
  };
  if (c.app_id) {
    payload["appid"] = c.app_id->ToString();
    payload["azp"] = c.app_id->ToString();
  }
  if (c.upn) {
    payload["upn"] = *c.upn;
    payload["preferred_username"] = *c.upn;
    payload["scp"] = "user_impersonation";
  }
  return payload;
}

Result<AccessTokenClaims> ClaimsFromJwtPayload(const nlohmann::json& payload) {
  AccessTokenClaims c;
  auto tid = GuidClaim(payload, "tid");
  if (!tid) return BadClaim("tid");
  auto oid = GuidClaim(payload, "oid");
  if (!oid) return BadClaim("oid");
  c.tenant_id = *tid;
  c.object_id = *oid;
  for (const char* name : {"aud", "iss"}) {
    auto it = payload.find(name);
    if (it == payload.end() || !it->is_string()) return BadClaim(name);
  }
  c.audience = payload["aud"].get<std::string>();
  c.issuer = payload["iss"].get<std::string>();
  auto iat = TimeClaim(payload, "iat");
  auto nbf = TimeClaim(payload, "nbf");
  auto exp = TimeClaim(payload, "exp");
  if (!exp) return BadClaim("exp");
  if (!nbf) return BadClaim("nbf");
  c.expires_at = *exp;
  c.not_before = *nbf;
  c.issued_at = iat.value_or(*nbf);
  if (payload.contains("appid")) {
    auto app = GuidClaim(payload, "appid");
    if (!app) return BadClaim("appid");
    c.app_id = *app;
  }
  if (auto it = payload.find("upn"); it != payload.end() && it->is_string()) {
    c.upn = it->get<std::string>();
  }
  if (auto it = payload.find("name"); it != payload.end() && it->is_string()) {
    c.name = it->get<std::string>();
  }
  if (auto it = payload.find("idtyp"); it != payload.end() && it->is_string()) {
    c.idtyp = it->get<std::string>();
  }
  return c;
}

}  // namespace pal::identity
