#include "identity/jwt.h"

#include <fmt/format.h>

#include <optional>

#include "identity/base64url.h"

namespace pal::identity {
namespace {

constexpr char kCode[] = "InvalidAuthenticationToken";

Error Invalid(std::string_view reason) {
  return Error::Unauthenticated(kCode, fmt::format("The access token is invalid. {}.", reason));
}

Error BadSignature() {
  return Error::Unauthenticated(kCode, "The access token signature is invalid.");
}

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A base64url-encoded JSON object, or nullopt.
std::optional<nlohmann::json> ParseObject(std::string_view part) {
  auto text = Base64UrlDecode(part);
  if (!text) return std::nullopt;
  auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

// The three dot-separated parts of a compact JWS.
struct Parts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // "header.payload"
};

Result<Parts> Split(std::string_view token) {
  if (token.empty()) return Invalid("It is empty");
  if (token.size() > kMaxJwtLength) return Invalid("It is too long");
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Invalid("It is not a JWT of three dot-separated parts");
  }
  return Parts{token.substr(0, first), token.substr(first + 1, second - first - 1),
               token.substr(second + 1), token.substr(0, second)};
}

}  // namespace

Result<std::string> EncodeJwt(const SigningKey& key, const nlohmann::json& claims,
                              std::string_view typ) {
  const nlohmann::json header = {{"alg", "RS256"}, {"kid", key.KeyId()}, {"typ", typ}};
  const std::string signing_input =
      Base64UrlEncode(Dump(header)) + "." + Base64UrlEncode(Dump(claims));
  PAL_ASSIGN_OR_RETURN(auto signature, key.SignRs256(signing_input));
  return signing_input + "." + Base64UrlEncode(signature);
}

Result<std::string> EncodeJws(const SigningKey& key, const nlohmann::json& header,
                              const nlohmann::json& claims) {
  const std::string alg = header.value("alg", "");
  if (alg != "RS256" && alg != "PS256") {
    return Error::InvalidArgument("UnsupportedAlgorithm",
                                  fmt::format("cannot sign a JWS with alg '{}'", alg));
  }
  const std::string signing_input =
      Base64UrlEncode(Dump(header)) + "." + Base64UrlEncode(Dump(claims));
  PAL_ASSIGN_OR_RETURN(
      auto signature, alg == "PS256" ? key.SignPs256(signing_input) : key.SignRs256(signing_input));
  return signing_input + "." + Base64UrlEncode(signature);
}

Result<JwsParts> SplitJws(std::string_view token) {
  PAL_ASSIGN_OR_RETURN(auto parts, Split(token));
  PAL_ASSIGN_OR_RETURN(auto decoded, DecodeJwt(token));
  auto signature = Base64UrlDecode(parts.signature);
  if (!signature) return Invalid("Its signature is not base64url-encoded");
  return JwsParts{std::move(decoded), std::string(parts.signing_input), std::move(*signature)};
}

Result<DecodedJwt> DecodeJwt(std::string_view token) {
  PAL_ASSIGN_OR_RETURN(auto parts, Split(token));
  auto header = ParseObject(parts.header);
  if (!header) return Invalid("Its header is not base64url-encoded JSON");
  auto payload = ParseObject(parts.payload);
  if (!payload) return Invalid("Its payload is not base64url-encoded JSON");
  return DecodedJwt{std::move(*header), std::move(*payload)};
}

Result<DecodedJwt> VerifyJwtSignature(const SigningKey& key, std::string_view token) {
  PAL_ASSIGN_OR_RETURN(auto parts, Split(token));
  auto header = ParseObject(parts.header);
  if (!header) return Invalid("Its header is not base64url-encoded JSON");
  const auto alg = header->find("alg");
  if (alg == header->end() || *alg != "RS256") return BadSignature();
  const auto kid = header->find("kid");
  if (kid != header->end() && *kid != key.KeyId()) return BadSignature();
  if (header->contains("crit")) return BadSignature();  // no extensions are understood
  auto signature = Base64UrlDecode(parts.signature);
  if (!signature || !key.VerifyRs256(parts.signing_input, *signature)) return BadSignature();
  auto payload = ParseObject(parts.payload);
  if (!payload) return Invalid("Its payload is not base64url-encoded JSON");
  return DecodedJwt{std::move(*header), std::move(*payload)};
}

}  // namespace pal::identity
