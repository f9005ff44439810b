#include "identity/token_verifier.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cstring>

#include "core/text.h"
#include "core/time_format.h"
#include "identity/access_token.h"
#include "identity/jwt.h"

namespace pal::identity {
namespace {

constexpr std::string_view kBearer = "Bearer ";

std::string TrimSlash(std::string_view text) {
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return std::string(text);
}

Error Unauthenticated(std::string code, std::string message) {
  return Error::Unauthenticated(std::move(code), std::move(message));
}

}  // namespace

std::size_t JwtTokenVerifier::DigestHash::operator()(const Digest& d) const noexcept {
  std::size_t h;
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

JwtTokenVerifier::JwtTokenVerifier(const SigningKey& key, const Clock& clock,
                                   std::vector<std::string> allowed_audiences,
                                   std::vector<std::string> issuer_bases)
    : key_(key), clock_(clock), issuer_bases_(std::move(issuer_bases)) {
  for (const auto& audience : allowed_audiences) audiences_.push_back(TrimSlash(audience));
}

Result<void> JwtTokenVerifier::CheckTimes(Timestamp expires_at, Timestamp not_before,
                                          Timestamp now) const {
  if (expires_at <= now - kClockSkew) {
    return Unauthenticated("ExpiredAuthenticationToken",
                           fmt::format("The access token expiry UTC time '{}' is earlier than "
                                       "current UTC time '{}'.",
                                       FormatIso8601(expires_at), FormatIso8601(now)));
  }
  if (not_before > now + kClockSkew) {
    return Unauthenticated("InvalidAuthenticationToken",
                           fmt::format("The access token is not yet valid: its not-before time "
                                       "'{}' is later than current UTC time '{}'.",
                                       FormatIso8601(not_before), FormatIso8601(now)));
  }
  return {};
}

Result<CallerIdentity> JwtTokenVerifier::Verify(std::string_view header) const {
  if (header.empty()) {
    return Unauthenticated("AuthenticationFailed",
                           "Authentication failed. The 'Authorization' header is missing.");
  }
  if (header.size() <= kBearer.size() ||
      !EqualsIgnoreCase(header.substr(0, kBearer.size()), kBearer)) {
    return Unauthenticated("AuthenticationFailed",
                           "Authentication failed. The 'Authorization' header is not in the "
                           "expected 'Bearer <token>' format.");
  }
  std::string_view token = header.substr(kBearer.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  const Timestamp now = clock_.Now();

  Digest digest{};
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(digest); it != cache_.end()) {
      if (it->second.expires_at > now - kClockSkew) return it->second;
      cache_.erase(it);
    }
  }
  auto verified = VerifyUncached(token, now);
  if (verified.ok()) {
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedTokens) cache_.clear();
    cache_.emplace(digest, *verified);
  }
  return verified;
}

Result<CallerIdentity> JwtTokenVerifier::VerifyUncached(std::string_view token,
                                                        Timestamp now) const {
  auto jwt = VerifyJwtSignature(key_, token);
  if (!jwt.ok()) return jwt.error();
  auto claims = ClaimsFromJwtPayload(jwt->payload);
  if (!claims.ok()) return claims.error();

  bool trusted_issuer = false;
  const std::string suffix = "/" + claims->tenant_id.ToString() + "/v2.0";
  for (const auto& base : issuer_bases_) {
    const std::string& iss = claims->issuer;
    trusted_issuer = trusted_issuer ||
                     (iss.size() == base.size() + suffix.size() &&
                      EqualsIgnoreCase(std::string_view(iss).substr(0, base.size()), base) &&
                      std::string_view(iss).substr(base.size()) == suffix);
  }
  if (!trusted_issuer) {
    return Unauthenticated("InvalidAuthenticationTokenIssuer",
                           fmt::format("The access token issuer '{}' is not trusted by this "
                                       "server.",
                                       claims->issuer));
  }
  const std::string audience = TrimSlash(claims->audience);
  bool allowed = false;
  for (const auto& a : audiences_) allowed = allowed || a == audience;
  if (!allowed) {
    std::string list;
    for (const auto& a : audiences_) {
      list += (list.empty() ? "'" : ",'") + a + "/'";
    }
    return Unauthenticated(
        "InvalidAuthenticationTokenAudience",
        fmt::format("The access token has been obtained for wrong audience or resource '{}'. It "
                    "should exactly match with one of the allowed audiences {}.",
                    claims->audience, list));
  }
  if (auto times = CheckTimes(claims->expires_at, claims->not_before, now); !times.ok()) {
    return times.error();
  }
  return CallerIdentity{claims->tenant_id, claims->object_id, claims->app_id, claims->upn,
                        claims->name,      claims->idtyp,     claims->expires_at};
}

}  // namespace pal::identity
