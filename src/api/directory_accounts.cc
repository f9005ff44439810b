#include "api/directory_accounts.h"

#include "core/text.h"

namespace pal::api {

Result<std::optional<Principal>> FindHomeUser(store::Store& store,
                                              const std::string& sign_in_name) {
  PAL_ASSIGN_OR_RETURN(auto tenants, store.directory().ListTenants());
  std::optional<Principal> home;
  for (const auto& t : tenants) {
    PAL_ASSIGN_OR_RETURN(auto found,
                         store.directory().FindPrincipalBySignInName(t.id, sign_in_name));
    if (!found || found->kind != PrincipalKind::kUser) continue;
    if (home) return std::optional<Principal>();  // ambiguous: sign in at the tenant instead
    home = *found;
  }
  return home;
}

Result<std::optional<Principal>> FindGuestAccount(store::Store& store, const Guid& tenant_id,
                                                  const std::string& home_sign_in_name) {
  const std::string prefix = ToLowerAscii(GuestNamePrefix(home_sign_in_name));
  if (prefix.empty()) return std::optional<Principal>();
  PAL_ASSIGN_OR_RETURN(auto principals, store.directory().ListPrincipals(tenant_id));
  for (const auto& p : principals) {
    if (p.kind == PrincipalKind::kGuest && StartsWithIgnoreCase(p.name, prefix))
      return std::optional<Principal>(p);
  }
  return std::optional<Principal>();
}

std::optional<std::string> HomeSignInName(const Principal& account) {
  if (account.kind == PrincipalKind::kUser) return account.name;
  if (account.kind == PrincipalKind::kGuest) return HomeSignInNameOfGuest(account.name);
  return std::nullopt;
}

Result<std::vector<Principal>> ListAccounts(store::Store& store,
                                            const std::string& home_sign_in_name) {
  std::vector<Principal> accounts;
  PAL_ASSIGN_OR_RETURN(auto home, FindHomeUser(store, home_sign_in_name));
  if (home) accounts.push_back(*home);
  PAL_ASSIGN_OR_RETURN(auto tenants, store.directory().ListTenants());
  for (const auto& t : tenants) {
    if (home && t.id == home->tenant_id) continue;
    PAL_ASSIGN_OR_RETURN(auto guest, FindGuestAccount(store, t.id, home_sign_in_name));
    if (guest) accounts.push_back(*guest);
  }
  return accounts;
}

}  // namespace pal::api
