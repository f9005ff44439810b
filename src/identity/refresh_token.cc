#include "identity/refresh_token.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "identity/base64url.h"
#include "identity/digest.h"
#include "identity/jwt.h"
#include "identity/random.h"

namespace pal::identity {
namespace {

constexpr std::string_view kVersion = "pal-rt/1";
// Domain separation: the stamp key is used for nothing else.
constexpr std::string_view kStampKeyLabel = "pal refresh-token credential stamp\n";
constexpr std::size_t kTokenIdBytes = 16;

Error Malformed() {
  return Error::InvalidArgument("MalformedRefreshToken",
                                "The refresh token is malformed or was not issued by this server.");
}

std::optional<std::string> StringField(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<Timestamp> SecondsField(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number_integer()) return std::nullopt;
  const auto seconds = it->get<std::int64_t>();
  // Up to year 9999, as access tokens: keeps microseconds in range.
  if (seconds < 0 || seconds > 253'402'300'799) return std::nullopt;
  return seconds * kMicrosPerSecond;
}

}  // namespace

RefreshTokenCodec::RefreshTokenCodec(const SigningKey& key, const Clock& clock)
    : key_(key),
      clock_(clock),
      stamp_key_(Sha256(std::string(kStampKeyLabel) + key.PrivateKeyPem())) {}

std::string RefreshTokenCodec::CredentialStamp(std::string_view secret_hash) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), stamp_key_.data(), static_cast<int>(stamp_key_.size()),
           reinterpret_cast<const unsigned char*>(secret_hash.data()), secret_hash.size(),
           mac.data(), &length) == nullptr) {
    ERR_clear_error();
    return {};  // never equal to a stamp in a token: Read refuses an empty one
  }
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), length));
}

Result<std::string> RefreshTokenCodec::Issue(RefreshTokenClaims claims) const {
  const Timestamp now = clock_.Now() / kMicrosPerSecond * kMicrosPerSecond;
  claims.issued_at = now;
  claims.expires_at = now + kLifetime;
  if (claims.auth_time == 0) claims.auth_time = now;
  const nlohmann::json payload = {
      {"ver", kVersion},
      {"tid", claims.tenant_id.ToString()},
      {"oid", claims.object_id.ToString()},
      {"azp", claims.client_id},
      {"cst", claims.credential_stamp},
      {"auth_time", claims.auth_time / kMicrosPerSecond},
      {"iat", claims.issued_at / kMicrosPerSecond},
      {"exp", claims.expires_at / kMicrosPerSecond},
      {"jti", Base64UrlEncode(RandomBytes(kTokenIdBytes))},
  };
  return EncodeJwt(key_, payload, kType);
}

Result<RefreshTokenClaims> RefreshTokenCodec::Read(std::string_view token) const {
  auto jwt = VerifyJwtSignature(key_, token);
  if (!jwt.ok()) return Malformed();
  const auto typ = jwt->header.find("typ");
  if (typ == jwt->header.end() || *typ != kType) return Malformed();
  const nlohmann::json& payload = jwt->payload;
  if (StringField(payload, "ver") != std::string(kVersion)) return Malformed();
  auto tid = StringField(payload, "tid");
  auto oid = StringField(payload, "oid");
  auto tenant_id = tid ? Guid::Parse(*tid) : std::nullopt;
  auto object_id = oid ? Guid::Parse(*oid) : std::nullopt;
  auto client_id = StringField(payload, "azp");
  auto stamp = StringField(payload, "cst");
  auto auth_time = SecondsField(payload, "auth_time");
  auto issued_at = SecondsField(payload, "iat");
  auto expires_at = SecondsField(payload, "exp");
  if (!tenant_id || !object_id || !client_id || client_id->empty() || !stamp || stamp->empty() ||
      !auth_time || !issued_at || !expires_at) {
    return Malformed();
  }
  return RefreshTokenClaims{*tenant_id,        *object_id, std::move(*client_id),
                            std::move(*stamp), *auth_time, *issued_at,
                            *expires_at};
}

}  // namespace pal::identity
