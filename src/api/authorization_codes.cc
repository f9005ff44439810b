#include "api/authorization_codes.h"

#include <utility>

#include "identity/base64url.h"
#include "identity/random.h"

namespace pal::api {
namespace {

constexpr std::size_t kCodeBytes = 32;

}  // namespace

std::optional<std::string> AuthorizationCodes::Issue(AuthorizationCodeGrant grant, Timestamp now) {
  std::string code = identity::Base64UrlEncode(identity::RandomBytes(kCodeBytes));
  MutexLock lock(mutex_);
  if (codes_.size() >= max_codes_) ForgetLapsed(now);
  if (codes_.size() >= max_codes_) return std::nullopt;
  codes_[code] = Entry{std::move(grant), now + kLifetime, false};
  return code;
}

AuthorizationCodes::Redemption AuthorizationCodes::Redeem(std::string_view code, Timestamp now) {
  MutexLock lock(mutex_);
  auto it = codes_.find(std::string(code));
  if (it == codes_.end()) return {CodeRedemption::kUnknown, std::nullopt};
  Entry& entry = it->second;
  if (entry.redeemed) return {CodeRedemption::kAlreadyRedeemed, std::nullopt};
  if (now >= entry.expires_at) {
    codes_.erase(it);
    return {CodeRedemption::kExpired, std::nullopt};
  }
  entry.redeemed = true;
  return {CodeRedemption::kRedeemed, entry.grant};
}

std::size_t AuthorizationCodes::size() {
  MutexLock lock(mutex_);
  return codes_.size();
}

void AuthorizationCodes::ForgetLapsed(Timestamp now) {
  for (auto it = codes_.begin(); it != codes_.end();) {
    it = now >= it->second.expires_at ? codes_.erase(it) : std::next(it);
  }
}

}  // namespace pal::api
