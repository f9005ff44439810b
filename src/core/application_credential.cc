#include "core/application_credential.h"

#include <fmt/format.h>

#include <cctype>

namespace pal {
namespace {

constexpr std::size_t kMinNameLength = 3;
constexpr std::size_t kMaxNameLength = 120;
constexpr std::size_t kMaxClaimLength = 600;
constexpr std::string_view kHttps = "https://";

Error Invalid(std::string message) {
  return Error::InvalidArgument("InvalidArgument", std::move(message));
}

bool IsNameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

}  // namespace

Result<void> ValidateFederatedCredential(const FederatedCredential& credential) {
  const std::string& name = credential.name;
  bool name_ok = name.size() >= kMinNameLength && name.size() <= kMaxNameLength &&
                 std::isalnum(static_cast<unsigned char>(name.front())) != 0;
  for (char c : name) name_ok = name_ok && IsNameCharacter(c);
  if (!name_ok) {
    return Invalid(
        fmt::format("--name '{}' must have {} to {} characters of letters, digits, '-' "
                    "and '_', starting with a letter or digit.",
                    name, kMinNameLength, kMaxNameLength));
  }
  const std::string& issuer = credential.issuer;
  if (!issuer.starts_with(kHttps) || issuer.size() == kHttps.size() ||
      issuer.size() > kMaxClaimLength) {
    return Invalid(fmt::format("--issuer '{}' must be an https URL of at most {} characters.",
                               issuer, kMaxClaimLength));
  }
  if (credential.subject.empty() || credential.subject.size() > kMaxClaimLength) {
    return Invalid(fmt::format("--subject must have 1 to {} characters.", kMaxClaimLength));
  }
  if (credential.audiences.empty() || credential.audiences.size() > kMaxFederatedCredentials) {
    return Invalid(
        fmt::format("A federated credential has 1 to {} audiences.", kMaxFederatedCredentials));
  }
  for (const auto& audience : credential.audiences) {
    if (audience.empty() || audience.size() > kMaxClaimLength ||
        audience.find_first_of("\r\n") != std::string::npos) {
      return Invalid(
          fmt::format("--audience must have 1 to {} characters, on one line.", kMaxClaimLength));
    }
  }
  return {};
}

}  // namespace pal
