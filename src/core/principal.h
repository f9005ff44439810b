#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"

namespace pal {

enum class PrincipalKind { kUser, kGuest, kServicePrincipal };

// "User", "Guest", "ServicePrincipal" — the spelling Azure uses.
std::string_view PrincipalKindName(PrincipalKind kind);
// Case-insensitive inverse of PrincipalKindName. nullopt for anything else.
std::optional<PrincipalKind> ParsePrincipalKind(std::string_view text);

// Entra B2B: the start of the name a guest account of the user signing in as
// `home_sign_in_name` ("mia@mekorma.example") has in another tenant, "mia_mekorma.example#EXT#@"
// (names compare case-insensitively). Empty when the name has no '@'.
std::string GuestNamePrefix(std::string_view home_sign_in_name);
// The home sign-in name of a guest account's name ("mia_mekorma.example#EXT#@contoso.example"
// -> "mia@mekorma.example"); nullopt when it is not such a name.
std::optional<std::string> HomeSignInNameOfGuest(std::string_view guest_name);

// An identity in a tenant that can obtain tokens. Users and guests sign in with their name
// (user principal name) and password; service principals with their application id and secret.
// Only an argon2id hash of the secret is ever kept.
struct Principal {
  Guid tenant_id;
  Guid object_id;
  PrincipalKind kind = PrincipalKind::kUser;
  std::string name;            // display name; for users and guests also the sign-in name
  std::optional<Guid> app_id;  // service principals only
  std::string secret_hash;     // argon2id, libsodium "$argon2id$..." string
  Timestamp created_at = 0;
  // When the secret stops working (Entra's client secrets expire); nullopt = never.
  std::optional<Timestamp> secret_expires_at;
};

}  // namespace pal
