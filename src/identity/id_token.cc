#include "identity/id_token.h"

#include "identity/base64url.h"

namespace pal::identity {

nlohmann::json ToIdTokenPayload(const IdTokenClaims& c) {
  nlohmann::json payload = {
      {"aud", c.audience},
      {"iss", c.issuer},
      {"iat", c.issued_at / kMicrosPerSecond},
      {"nbf", c.issued_at / kMicrosPerSecond},
      {"exp", c.expires_at / kMicrosPerSecond},
      {"tid", c.tenant_id.ToString()},
      {"oid", c.object_id.ToString()},
      {"sub", c.object_id.ToString()},
      {"name", c.name},
      {"preferred_username", c.preferred_username},
      {"ver", "2.0"},
  };
  if (c.nonce) payload["nonce"] = *c.nonce;
  if (c.with_upn) payload["upn"] = c.preferred_username;
  return payload;
}

std::string ClientInfo(const Guid& object_id, const Guid& tenant_id) {
  const nlohmann::json info = {{"uid", object_id.ToString()}, {"utid", tenant_id.ToString()}};
  return Base64UrlEncode(info.dump());
}

}  // namespace pal::identity
