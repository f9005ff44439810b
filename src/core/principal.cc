#include "core/principal.h"

#include "core/text.h"

namespace pal {

std::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kUser:
      return "User";
    case PrincipalKind::kGuest:
      return "Guest";
    case PrincipalKind::kServicePrincipal:
      return "ServicePrincipal";
  }
  return "User";
}

std::optional<PrincipalKind> ParsePrincipalKind(std::string_view text) {
  for (auto kind :
       {PrincipalKind::kUser, PrincipalKind::kGuest, PrincipalKind::kServicePrincipal}) {
    if (EqualsIgnoreCase(text, PrincipalKindName(kind))) return kind;
  }
  return std::nullopt;
}

std::string GuestNamePrefix(std::string_view home_sign_in_name) {
  const size_t at = home_sign_in_name.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == home_sign_in_name.size()) return "";
  std::string prefix(home_sign_in_name);
  prefix[at] = '_';
  return prefix + "#EXT#@";
}

std::optional<std::string> HomeSignInNameOfGuest(std::string_view guest_name) {
  const std::string lower = ToLowerAscii(guest_name);
  const size_t ext = lower.find("#ext#@");
  if (ext == std::string::npos) return std::nullopt;
  std::string home(guest_name.substr(0, ext));
  const size_t underscore = home.rfind('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == home.size())
    return std::nullopt;
  home[underscore] = '@';
  return home;
}

}  // namespace pal
