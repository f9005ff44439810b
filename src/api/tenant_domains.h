#pragma once

#include <string>
#include <vector>

#include "core/principal.h"
#include "core/tenant.h"

namespace pal::api {

// What /tenants says of a tenant's domains and country (Azure's TenantIdDescription), from what
// pal keeps of it — a name and its people — since pal stores no domains or country:
// - domains: the initial domain `{label}.onmicrosoft.com` Entra gives every tenant (label: the
//   display name's letters and digits, lower-cased, at most 27; "tenant" and the id's first
//   eight hex digits when the name has none), then, sorted, the domains its users' and guests'
//   sign-in names end in (after the last '@');
// - default_domain: the domain most of those sign-in names use (a custom domain made the
//   default), the initial domain when nobody signs in with one;
// - country_code: the ISO 3166 code of the default domain's country-code top-level domain
//   (".nl" NL, ".uk" GB), "US" for other endings (.com, .example, and two-letter endings used
//   generically such as .io).
struct TenantDomains {
  std::vector<std::string> domains;
  std::string default_domain;
  std::string country_code;
};

TenantDomains DomainsOf(const Tenant& tenant, const std::vector<Principal>& principals);

}  // namespace pal::api
