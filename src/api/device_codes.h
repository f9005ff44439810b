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

// The path of the verification page, "/devicelogin" (as Entra's microsoft.com/devicelogin).
inline constexpr std::string_view kDeviceLoginPath = "/devicelogin";
// True for the verification page's path (case-insensitively, a trailing slash ignored).
bool IsDeviceLoginPath(std::string_view path);

// The device authorization request (RFC 8628 §3.1) a device code was issued for.
struct DeviceCodeRequest {
  std::string client_id{};
  std::string scope{};
  AuthorityKind authority = AuthorityKind::kEntra;
  std::string tenant{};  // the authority's tenant segment ("adfs" for ADFS)
};

// Who approved a device code on the verification page.
struct DeviceCodeApproval {
  PrincipalKey subject{};          // the tokens' subject (a guest account, or the user)
  PrincipalKey credential{};       // whose password was checked
  std::string credential_stamp{};  // RefreshTokenCodec::CredentialStamp of that password
  Timestamp auth_time = 0;
};

struct DeviceCodeTiming {
  Timestamp lifetime = 900 * kMicrosPerSecond;  // Entra's: fifteen minutes
  Timestamp interval = 5 * kMicrosPerSecond;    // between polls
};

enum class DevicePoll {
  kApproved,  // the approval is returned; the device code is used up
  kPending,   // authorization_pending
  kSlowDown,  // polled again sooner than the interval allows
  kExpired,   // expired_token
  kDeclined,  // authorization_declined; the device code is used up
  kBadCode,   // bad_verification_code: unknown, used up, or another client's
};

// The device codes of the device authorization grant (RFC 8628), in memory: a restart forgets
// them (the client starts over). Each has a device code for the client (256 random bits,
// base64url) and a user code for a person to type on the verification page: 9 characters of
// consonants and digits without look-alikes, entered in any case, spaces and dashes ignored.
// A code is pending until a signed-in user approves or declines it or it expires; the client
// polls with the device code once per interval (sooner than half of it is slow_down).
// Thread-safe.
class DeviceCodes {
 public:
  explicit DeviceCodes(DeviceCodeTiming timing, std::size_t max_codes = 10'000)
      : timing_(timing), max_codes_(max_codes) {}

  const DeviceCodeTiming& timing() const { return timing_; }

  struct Issued {
    std::string device_code;
    std::string user_code;
    Timestamp expires_at = 0;
  };
  // A new pending code; nullopt when `max_codes` unexpired codes are outstanding.
  std::optional<Issued> Start(DeviceCodeRequest request, Timestamp now);

  struct Polled {
    DevicePoll outcome = DevicePoll::kBadCode;
    std::optional<DeviceCodeRequest> request;    // kApproved
    std::optional<DeviceCodeApproval> approval;  // kApproved
  };
  // The client `client_id` polls with `device_code` at `now`.
  Polled Poll(std::string_view device_code, std::string_view client_id, Timestamp now);

  // The request of the pending, unexpired code the user typed, or nullopt.
  std::optional<DeviceCodeRequest> FindPending(std::string_view user_code, Timestamp now);
  // Approves or declines the pending, unexpired code the user typed; false if there is none.
  bool Approve(std::string_view user_code, DeviceCodeApproval approval, Timestamp now);
  bool Decline(std::string_view user_code, Timestamp now);

  // "ABCDEFGHJ" from what a person typed ("abc-def ghj"); empty if it cannot be a user code.
  static std::string NormalizeUserCode(std::string_view typed);

 private:
  enum class State { kPending, kApproved, kDeclined };
  struct Entry {
    DeviceCodeRequest request;
    std::string user_code;
    Timestamp expires_at = 0;
    std::optional<Timestamp> last_poll;
    State state = State::kPending;
    std::optional<DeviceCodeApproval> approval;
  };
  // The pending, unexpired entry of a typed user code, or null.
  Entry* FindByUserCode(std::string_view user_code, Timestamp now) PAL_REQUIRES(mutex_);
  void ForgetExpired(Timestamp now) PAL_REQUIRES(mutex_);

  const DeviceCodeTiming timing_;
  const std::size_t max_codes_;
  Mutex mutex_;
  std::unordered_map<std::string, Entry> by_device_code_ PAL_GUARDED_BY(mutex_);
  std::unordered_map<std::string, std::string> by_user_code_ PAL_GUARDED_BY(mutex_);
};

}  // namespace pal::api
