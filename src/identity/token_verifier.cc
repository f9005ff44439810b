#include "identity/token_verifier.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstring>

#include "core/text.h"
#include "core/time_format.h"
#include "identity/access_token.h"
#include "identity/jwt.h"

namespace pal::identity {
namespace {

constexpr std::string_view kBearer = "Bearer";
// The issuer of tokens from the ADFS-style authority is "{base}/adfs".
constexpr std::string_view kAdfsIssuerSuffix = "/adfs";

std::string WithoutTrailingSlash(std::string_view text) {
  if (!text.empty() && text.back() == '/') text.remove_suffix(1);
  return std::string(text);
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// The token of "Bearer <token>", or nullopt if the header has another shape.
std::optional<std::string_view> BearerToken(std::string_view header) {
  if (header.size() <= kBearer.size() ||
      !EqualsIgnoreCase(header.substr(0, kBearer.size()), kBearer) ||
      !IsSpace(header[kBearer.size()])) {
    return std::nullopt;
  }
  std::string_view token = header.substr(kBearer.size());
  while (!token.empty() && IsSpace(token.front())) token.remove_prefix(1);
  while (!token.empty() && IsSpace(token.back())) token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

// Length of "scheme://authority" at the start of `url` (the part compared case-insensitively).
std::size_t OriginLength(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return 0;
  const std::size_t path = url.find('/', scheme_end + 3);
  return path == std::string_view::npos ? url.size() : path;
}

Error Unauthenticated(std::string code, std::string message) {
  return Error::Unauthenticated(std::move(code), std::move(message));
}

}  // namespace

std::size_t JwtTokenVerifier::DigestHash::operator()(const Digest& d) const noexcept {
  std::size_t h;  // a SHA-256 prefix is already uniformly distributed
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

JwtTokenVerifier::JwtTokenVerifier(const SigningKey& key, const Clock& clock,
                                   std::vector<std::string> allowed_audiences,
                                   std::vector<std::string> issuer_bases)
    : key_(key), clock_(clock), audiences_(std::move(allowed_audiences)) {
  for (const auto& audience : audiences_)
    trimmed_audiences_.push_back(WithoutTrailingSlash(audience));
  for (const auto& base : issuer_bases) issuer_bases_.emplace_back(TrimTrailingSlashes(base));
}

std::size_t JwtTokenVerifier::CacheSize() const {
  MutexLock lock(cache_mutex_);
  return cache_.size();
}

Result<CallerIdentity> JwtTokenVerifier::Verify(std::string_view header) const {
  if (header.empty()) {
    return Unauthenticated("AuthenticationFailed",
                           "Authentication failed. The 'Authorization' header is missing.");
  }
  const auto token = BearerToken(header);
  if (!token) {
    return Unauthenticated("AuthenticationFailed",
                           "Authentication failed. The 'Authorization' header is not in the "
                           "expected 'Bearer <token>' format.");
  }
  const Timestamp now = clock_.Now();
  if (token->size() > kMaxJwtLength) return VerifyUncached(*token, now);  // refused there

  Digest digest{};
  unsigned int length = 0;
  const bool hashed = EVP_Digest(token->data(), token->size(), digest.data(), &length, EVP_sha256(),
                                 nullptr) == 1 &&
                      length == digest.size();
  if (!hashed) {
    ERR_clear_error();
    return VerifyUncached(*token, now);  // no key, so no caching
  }
  {
    MutexLock lock(cache_mutex_);
    if (auto it = cache_.find(digest); it != cache_.end()) {
      if (auto times = CheckTimes(it->second.expires_at, /*not_before=*/now, now); !times.ok()) {
        cache_.erase(it);
        return times.error();
      }
      return it->second;
    }
  }
  auto verified = VerifyUncached(*token, now);
  if (verified.ok()) Remember(digest, *verified, now);
  return verified;
}

void JwtTokenVerifier::Remember(const Digest& digest, const CallerIdentity& caller,
                                Timestamp now) const {
  MutexLock lock(cache_mutex_);
  if (cache_.size() >= kMaxCachedTokens) {
    std::erase_if(cache_,
                  [&](const auto& entry) { return entry.second.expires_at <= now - kClockSkew; });
    if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  }
  cache_.emplace(digest, caller);
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
                           fmt::format("The access token is not yet valid (nbf '{}' is later "
                                       "than current UTC time '{}').",
                                       FormatIso8601(not_before), FormatIso8601(now)));
  }
  return {};
}

bool JwtTokenVerifier::IsTrustedIssuer(std::string_view issuer, const Guid& tenant_id) const {
  const std::string entra = fmt::format("/{}/v2.0", tenant_id.ToString());
  for (const std::string_view base : issuer_bases_) {
    const std::size_t origin = OriginLength(base);
    if (issuer.size() <= base.size() ||
        !EqualsIgnoreCase(issuer.substr(0, origin), base.substr(0, origin)) ||
        issuer.substr(origin, base.size() - origin) != base.substr(origin)) {
      continue;
    }
    const std::string_view suffix = issuer.substr(base.size());
    if (suffix == entra || suffix == kAdfsIssuerSuffix) return true;
  }
  return false;
}

Result<CallerIdentity> JwtTokenVerifier::VerifyUncached(std::string_view token,
                                                        Timestamp now) const {
  PAL_ASSIGN_OR_RETURN(auto jwt, VerifyJwtSignature(key_, token));
  const auto typ = jwt.header.find("typ");
  if (typ == jwt.header.end() || !typ->is_string() ||
      !EqualsIgnoreCase(typ->get<std::string>(), kJwtType)) {
    return Unauthenticated("InvalidAuthenticationToken",
                           "The access token is invalid. Its header's typ is not 'JWT': it is "
                           "not an access token.");
  }
  PAL_ASSIGN_OR_RETURN(auto claims, ClaimsFromJwtPayload(jwt.payload));

  if (!IsTrustedIssuer(claims.issuer, claims.tenant_id)) {
    return Unauthenticated(
        "InvalidAuthenticationTokenIssuer",
        fmt::format("The access token issuer '{}' is not trusted by this server.", claims.issuer));
  }
  const std::string audience = WithoutTrailingSlash(claims.audience);
  bool allowed = false;
  for (const auto& a : trimmed_audiences_) allowed = allowed || a == audience;
  if (!allowed) {
    std::string list;
    for (const auto& a : audiences_) {
      if (!list.empty()) list.push_back(',');
      list.append(fmt::format("'{}'", a));
    }
    return Unauthenticated(
        "InvalidAuthenticationTokenAudience",
        fmt::format("The access token has been obtained for wrong audience or resource '{}'. It "
                    "should exactly match with one of the allowed audiences {}.",
                    claims.audience, list));
  }
  if (auto times = CheckTimes(claims.expires_at, claims.not_before, now); !times.ok()) {
    return times.error();
  }
  return CallerIdentity{claims.tenant_id, claims.object_id, claims.app_id,    claims.upn,
                        claims.name,      claims.idtyp,     claims.expires_at};
}

}  // namespace pal::identity
