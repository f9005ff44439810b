#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/token_authority.h"
#include "core/clock.h"
#include "core/management_partner_link.h"
#include "core/mutex.h"

namespace pal::api {

// What an authorization code stands for: a user signed in on the sign-in page for a client.
struct AuthorizationCodeGrant {
  std::string client_id{};       // as the authorization request gave it
  std::string redirect_uri{};    // the exact URI the code was sent to
  std::string code_challenge{};  // PKCE S256 (identity/pkce.h)
  std::string scope{};           // as requested
  std::string nonce{};           // for the ID token; may be empty
  AuthorityKind authority = AuthorityKind::kEntra;
  std::string tenant{};            // the authority's tenant segment ("adfs" for ADFS)
  PrincipalKey subject{};          // the tokens' subject (a guest account, or the user)
  PrincipalKey credential{};       // whose password was checked
  std::string credential_stamp{};  // RefreshTokenCodec::CredentialStamp of that password
  Timestamp auth_time = 0;         // when it was checked
};

enum class CodeRedemption {
  kRedeemed,         // the grant is returned; the code is used up
  kUnknown,          // never issued here (or forgotten after it lapsed)
  kAlreadyRedeemed,  // used before
  kExpired,          // lapsed before this attempt
};

// The authorization codes this server issued and not yet redeemed, in memory: short-lived
// (kLifetime) and single-use, so a restart forgets them (the user signs in again). A code is
// 256 random bits, base64url. Redeeming one takes it whatever the outcome of the checks that
// follow, so a code cannot be tried twice; a redeemed code is remembered until it lapses so its
// second use gets its own answer. Thread-safe.
class AuthorizationCodes {
 public:
  static constexpr Timestamp kLifetime = 600 * kMicrosPerSecond;  // Entra's: ten minutes

  explicit AuthorizationCodes(std::size_t max_codes = 100'000) : max_codes_(max_codes) {}

  // A new code for `grant`, valid until now + kLifetime; nullopt when `max_codes` unexpired
  // codes are outstanding.
  std::optional<std::string> Issue(AuthorizationCodeGrant grant, Timestamp now);

  struct Redemption {
    CodeRedemption outcome = CodeRedemption::kUnknown;
    std::optional<AuthorizationCodeGrant> grant;  // kRedeemed only
  };
  // Takes `code` at `now`.
  Redemption Redeem(std::string_view code, Timestamp now);

  // Codes remembered (outstanding or redeemed and not yet lapsed), for tests.
  std::size_t size();

 private:
  struct Entry {
    AuthorizationCodeGrant grant;
    Timestamp expires_at = 0;
    bool redeemed = false;
  };
  void ForgetLapsed(Timestamp now) PAL_REQUIRES(mutex_);

  const std::size_t max_codes_;
  Mutex mutex_;
  std::unordered_map<std::string, Entry> codes_ PAL_GUARDED_BY(mutex_);
};

}  // namespace pal::api
