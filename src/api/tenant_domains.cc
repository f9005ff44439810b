#include "api/tenant_domains.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "core/text.h"

namespace pal::api {
namespace {

constexpr size_t kMaxLabel = 27;

std::string InitialDomain(const Tenant& tenant) {
  std::string label;
  for (char c : ToLowerAscii(tenant.name)) {
    if (((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) && label.size() < kMaxLabel) {
      label += c;
    }
  }
  if (label.empty()) label = "tenant" + tenant.id.ToString().substr(0, 8);
  return label + ".onmicrosoft.com";
}

// Two-letter endings that name no country in practice.
bool GenericTwoLetterEnding(std::string_view tld) {
  constexpr std::string_view kGeneric[] = {"ai", "cc", "co", "fm", "gg", "io", "ly",
                                           "me", "ms", "sh", "to", "tv", "ws"};
  return std::find(std::begin(kGeneric), std::end(kGeneric), tld) != std::end(kGeneric);
}

std::string CountryOf(std::string_view domain) {
  const size_t dot = domain.rfind('.');
  const std::string tld = ToLowerAscii(dot == std::string_view::npos ? "" : domain.substr(dot + 1));
  const bool letters =
      std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (tld.size() != 2 || !letters || GenericTwoLetterEnding(tld)) return "US";
  if (tld == "uk") return "GB";
  std::string code = tld;
  for (char& c : code) c = static_cast<char>(c - 'a' + 'A');
  return code;
}

}  // namespace

TenantDomains DomainsOf(const Tenant& tenant, const std::vector<Principal>& principals) {
  std::map<std::string, size_t> used;  // domain -> sign-in names using it
  for (const auto& p : principals) {
    if (p.kind == PrincipalKind::kServicePrincipal) continue;
    const size_t at = p.name.rfind('@');
    if (at == std::string::npos || at + 1 == p.name.size()) continue;
    ++used[ToLowerAscii(std::string_view(p.name).substr(at + 1))];
  }
  TenantDomains out;
  const std::string initial = InitialDomain(tenant);
  out.domains.push_back(initial);
  out.default_domain = initial;
  size_t most = 0;
  for (const auto& [domain, count] : used) {  // sorted; the first of the most used wins
    if (domain != initial) out.domains.push_back(domain);
    if (count > most) {
      most = count;
      out.default_domain = domain;
    }
  }
  out.country_code = CountryOf(out.default_domain);
  return out;
}

}  // namespace pal::api
