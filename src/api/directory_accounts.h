#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "store/store.h"

namespace pal::api {

// The accounts one person has across tenants, Entra style: a home user (kind User, signing in
// with its own name) and guest accounts in other tenants named after it
// ("{local}_{domain}#EXT#@..."), which sign in with the home user's credentials (B2B).

// The home user signing in as `sign_in_name` (case-insensitively), in any tenant; nullopt when
// there is none or more than one.
Result<std::optional<Principal>> FindHomeUser(store::Store& store, const std::string& sign_in_name);

// The guest account in `tenant_id` of the user whose home sign-in name is `home_sign_in_name`.
Result<std::optional<Principal>> FindGuestAccount(store::Store& store, const Guid& tenant_id,
                                                  const std::string& home_sign_in_name);

// The home sign-in name behind an account: a user's own name, or a guest's home user's name;
// nullopt for service principals and guests whose name is not a B2B name.
std::optional<std::string> HomeSignInName(const Principal& account);

// Every account of the person signing in as `home_sign_in_name`: the home user first, then
// guest accounts by tenant.
Result<std::vector<Principal>> ListAccounts(store::Store& store,
                                            const std::string& home_sign_in_name);

}  // namespace pal::api
