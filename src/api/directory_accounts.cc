#include "api/directory_accounts.h"

#include "core/text.h"

namespace pal::api {

Result<std::optional<Principal>> FindHomeUser(store::Store& store,
                                              const std::string& sign_in_name) {
  auto tenants = store.directory().ListTenants();
  if (!tenants.ok()) return tenants.error();
  std::optional<Principal> home;
  for (const auto& t : *tenants) {
    auto found = store.directory().FindPrincipalBySignInName(t.id, sign_in_name);
    if (!found.ok()) return found.error();
    if (!*found || (*found)->kind != PrincipalKind::kUser) continue;
    if (home) return std::optional<Principal>();  // ambiguous: sign in at the tenant instead
    home = **found;
  }
  return home;
}

Result<std::optional<Principal>> FindGuestAccount(store::Store& store, const Guid& tenant_id,
                                                  const std::string& home_sign_in_name) {
  const std::string prefix = ToLowerAscii(GuestNamePrefix(home_sign_in_name));
  if (prefix.empty()) return std::optional<Principal>();
  auto principals = store.directory().ListPrincipals(tenant_id);
  if (!principals.ok()) return principals.error();
  for (const auto& p : *principals) {
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
  auto home = FindHomeUser(store, home_sign_in_name);
  if (!home.ok()) return home.error();
  if (*home) accounts.push_back(**home);
  auto tenants = store.directory().ListTenants();
  if (!tenants.ok()) return tenants.error();
  for (const auto& t : *tenants) {
    if (*home && t.id == (*home)->tenant_id) continue;
    auto guest = FindGuestAccount(store, t.id, home_sign_in_name);
    if (!guest.ok()) return guest.error();
    if (*guest) accounts.push_back(**guest);
  }
  return accounts;
}

}  // namespace pal::api
