#include "identity/access_token.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "identity/base64url.h"
#include "identity/random.h"

namespace pal::identity {
namespace {

// 9999-12-31T23:59:59Z: the largest NumericDate accepted (keeps microseconds in range).
constexpr std::int64_t kMaxSeconds = 253'402'300'799;

Error BadClaim(std::string_view claim) {
  return Error::Unauthenticated(
      "InvalidAuthenticationToken",
      fmt::format("The access token is invalid. The claim '{}' is missing or malformed.", claim));
}

std::optional<std::string> StringClaim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<Guid> GuidClaim(const nlohmann::json& payload, const char* name) {
  auto text = StringClaim(payload, name);
  return text ? Guid::Parse(*text) : std::nullopt;
}

// A NumericDate (seconds, integer or not) as microseconds; nullopt if absent or out of range.
std::optional<Timestamp> TimeClaim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end()) return std::nullopt;
  std::int64_t seconds = 0;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(kMaxSeconds)) return std::nullopt;
    seconds = static_cast<std::int64_t>(value);
  } else if (it->is_number_integer()) {
    seconds = it->get<std::int64_t>();
  } else if (it->is_number_float()) {
    const double value = std::floor(it->get<double>());
    if (!(value >= 0 && value <= static_cast<double>(kMaxSeconds))) return std::nullopt;
    seconds = static_cast<std::int64_t>(value);
  } else {
    return std::nullopt;
  }
  if (seconds < 0 || seconds > kMaxSeconds) return std::nullopt;
  return seconds * kMicrosPerSecond;
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
  }
  if (c.idtyp == "user") payload["scp"] = "user_impersonation";
  return payload;
}

Result<AccessTokenClaims> ClaimsFromJwtPayload(const nlohmann::json& payload) {
  if (!payload.is_object()) return BadClaim("tid");
  AccessTokenClaims c;
  auto tid = GuidClaim(payload, "tid");
  if (!tid) return BadClaim("tid");
  auto oid = GuidClaim(payload, "oid");
  if (!oid) return BadClaim("oid");
  auto aud = StringClaim(payload, "aud");
  if (!aud) return BadClaim("aud");
  auto iss = StringClaim(payload, "iss");
  if (!iss) return BadClaim("iss");
  auto exp = TimeClaim(payload, "exp");
  if (!exp) return BadClaim("exp");
  auto nbf = TimeClaim(payload, "nbf");
  if (!nbf) return BadClaim("nbf");
  auto iat = TimeClaim(payload, "iat");
  if (!iat) return BadClaim("iat");
  c.tenant_id = *tid;
  c.object_id = *oid;
  c.audience = std::move(*aud);
  c.issuer = std::move(*iss);
  c.expires_at = *exp;
  c.not_before = *nbf;
  c.issued_at = *iat;
  if (payload.contains("appid")) {
    auto app = GuidClaim(payload, "appid");
    if (!app) return BadClaim("appid");
    c.app_id = *app;
  }
  c.upn = StringClaim(payload, "upn");
  c.name = StringClaim(payload, "name").value_or("");
  c.idtyp = StringClaim(payload, "idtyp").value_or("");
  return c;
}

}  // namespace pal::identity
