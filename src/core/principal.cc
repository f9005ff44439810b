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
  for (auto kind : {PrincipalKind::kUser, PrincipalKind::kGuest, PrincipalKind::kServicePrincipal}) {
    if (EqualsIgnoreCase(text, PrincipalKindName(kind))) return kind;
  }
  return std::nullopt;
}

}  // namespace pal
