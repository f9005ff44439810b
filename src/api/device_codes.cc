#include "api/device_codes.h"

#include <utility>

#include "core/text.h"
#include "identity/base64url.h"
#include "identity/random.h"

namespace pal::api {
namespace {

constexpr std::size_t kDeviceCodeBytes = 32;
constexpr std::size_t kUserCodeLength = 9;
// No vowels (no words), no 0/O, 1/I/L look-alikes: 27 symbols, about 42 bits in nine.
constexpr std::string_view kUserCodeAlphabet = "BCDFGHJKMNPQRSTVWXZ23456789";

std::string NewUserCode() {
  std::string code;
  while (code.size() < kUserCodeLength) {
    // Rejection sampling: no modulo bias.
    const auto byte = static_cast<unsigned char>(identity::RandomBytes(1)[0]);
    const std::size_t limit = 256 - 256 % kUserCodeAlphabet.size();
    if (byte < limit) code.push_back(kUserCodeAlphabet[byte % kUserCodeAlphabet.size()]);
  }
  return code;
}

}  // namespace

bool IsDeviceLoginPath(std::string_view path) {
  if (path.ends_with('/')) path.remove_suffix(1);
  return EqualsIgnoreCase(path, kDeviceLoginPath);
}

std::string DeviceCodes::NormalizeUserCode(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kUserCodeAlphabet.find(c) == std::string_view::npos) return std::string();
    code.push_back(c);
  }
  return code.size() == kUserCodeLength ? code : std::string();
}

std::optional<DeviceCodes::Issued> DeviceCodes::Start(DeviceCodeRequest request, Timestamp now) {
  std::string device_code = identity::Base64UrlEncode(identity::RandomBytes(kDeviceCodeBytes));
  MutexLock lock(mutex_);
  if (by_device_code_.size() >= max_codes_) ForgetExpired(now);
  if (by_device_code_.size() >= max_codes_) return std::nullopt;
  std::string user_code = NewUserCode();
  while (by_user_code_.contains(user_code)) user_code = NewUserCode();
  const Timestamp expires_at = now + timing_.lifetime;
  by_user_code_[user_code] = device_code;
  by_device_code_[device_code] =
      Entry{std::move(request), user_code, expires_at, std::nullopt, State::kPending, std::nullopt};
  return Issued{std::move(device_code), std::move(user_code), expires_at};
}

DeviceCodes::Polled DeviceCodes::Poll(std::string_view device_code, std::string_view client_id,
                                      Timestamp now) {
  MutexLock lock(mutex_);
  auto it = by_device_code_.find(std::string(device_code));
  if (it == by_device_code_.end() || !EqualsIgnoreCase(it->second.request.client_id, client_id)) {
    return {DevicePoll::kBadCode, std::nullopt, std::nullopt};
  }
  Entry& entry = it->second;
  auto forget = [&] {
    by_user_code_.erase(entry.user_code);
    by_device_code_.erase(it);
  };
  if (now >= entry.expires_at) {
    forget();
    return {DevicePoll::kExpired, std::nullopt, std::nullopt};
  }
  // A poll within half the interval of the one before is refused (clients' timers are late,
  // never early by half).
  const bool too_soon = entry.last_poll && now - *entry.last_poll < timing_.interval / 2;
  entry.last_poll = now;
  if (too_soon) return {DevicePoll::kSlowDown, std::nullopt, std::nullopt};
  switch (entry.state) {
    case State::kPending:
      return {DevicePoll::kPending, std::nullopt, std::nullopt};
    case State::kDeclined:
      forget();
      return {DevicePoll::kDeclined, std::nullopt, std::nullopt};
    case State::kApproved:
      break;
  }
  Polled approved{DevicePoll::kApproved, std::move(entry.request), std::move(entry.approval)};
  forget();
  return approved;
}

DeviceCodes::Entry* DeviceCodes::FindByUserCode(std::string_view user_code, Timestamp now) {
  auto code = by_user_code_.find(NormalizeUserCode(user_code));
  if (code == by_user_code_.end()) return nullptr;
  auto it = by_device_code_.find(code->second);
  if (it == by_device_code_.end() || it->second.state != State::kPending ||
      now >= it->second.expires_at) {
    return nullptr;
  }
  return &it->second;
}

std::optional<DeviceCodeRequest> DeviceCodes::FindPending(std::string_view user_code,
                                                          Timestamp now) {
  MutexLock lock(mutex_);
  const Entry* entry = FindByUserCode(user_code, now);
  if (!entry) return std::nullopt;
  return entry->request;
}

bool DeviceCodes::Approve(std::string_view user_code, DeviceCodeApproval approval, Timestamp now) {
  MutexLock lock(mutex_);
  Entry* entry = FindByUserCode(user_code, now);
  if (!entry) return false;
  entry->state = State::kApproved;
  entry->approval = std::move(approval);
  return true;
}

bool DeviceCodes::Decline(std::string_view user_code, Timestamp now) {
  MutexLock lock(mutex_);
  Entry* entry = FindByUserCode(user_code, now);
  if (!entry) return false;
  entry->state = State::kDeclined;
  return true;
}

void DeviceCodes::ForgetExpired(Timestamp now) {
  for (auto it = by_device_code_.begin(); it != by_device_code_.end();) {
    if (now < it->second.expires_at) {
      ++it;
      continue;
    }
    by_user_code_.erase(it->second.user_code);
    it = by_device_code_.erase(it);
  }
}

}  // namespace pal::api
