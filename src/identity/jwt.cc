#include "identity/jwt.h"

#include <fmt/format.h>

#include "identity/base64url.h"

namespace pal::identity {
namespace {

Error Invalid(std::string_view reason) {
  return Error::Unauthenticated("InvalidAuthenticationToken",
                                fmt::format("The access token is invalid: {}.", reason));
}

std::optional<nlohmann::json> ParseObject(std::string_view part) {
  auto text = Base64UrlDecode(part);
  if (!text) return std::nullopt;
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

}  // namespace

Result<std::string> EncodeJwt(const SigningKey& key, const nlohmann::json& claims) {
  const nlohmann::json header = {{"alg", "RS256"}, {"kid", key.KeyId()}, {"typ", "JWT"}};
  const std::string signing_input =
      Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  auto signature = key.SignRs256(signing_input);
  if (!signature.ok()) return signature.error();
  return signing_input + "." + Base64UrlEncode(*signature);
}

Result<DecodedJwt> DecodeJwt(std::string_view token) {
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Invalid("it is not a JWT (three dot-separated parts)");
  }
  auto header = ParseObject(token.substr(0, first));
  if (!header) return Invalid("the header is not base64url-encoded JSON");
  auto payload = ParseObject(token.substr(first + 1, second - first - 1));
  if (!payload) return Invalid("the payload is not base64url-encoded JSON");
  return DecodedJwt{std::move(*header), std::move(*payload)};
}

Result<DecodedJwt> VerifyJwtSignature(const SigningKey& key, std::string_view token) {
  auto decoded = DecodeJwt(token);
  if (!decoded.ok()) return decoded;
  const auto& header = decoded->header;
  if (!header.contains("alg") || !header["alg"].is_string() || header["alg"] != "RS256") {
    return Invalid("the signing algorithm must be RS256");
  }
  if (header.contains("kid") && (!header["kid"].is_string() || header["kid"] != key.KeyId())) {
    return Invalid("it was not signed by this server's key");
  }
  const size_t last = token.rfind('.');
  auto signature = Base64UrlDecode(token.substr(last + 1));
  if (!signature || !key.VerifyRs256(token.substr(0, last), *signature)) {
    return Error::Unauthenticated("InvalidAuthenticationToken",
                                  "The access token signature is invalid.");
  }
  return decoded;
}

}  // namespace pal::identity
