#include "api/tenant_domains.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pal::api {
namespace {

Principal Named(PrincipalKind kind, std::string name) {
  Principal p;
  p.kind = kind;
  p.name = std::move(name);
  return p;
}

const Tenant kContoso{*Guid::Parse("c0a70500-0000-4000-8000-000000000001"), "Contoso Ltd.", 0};

TEST(TenantDomainsTest, TheInitialDomainAloneWithoutPeople) {
  const TenantDomains d = DomainsOf(kContoso, {Named(PrincipalKind::kServicePrincipal, "bot")});
  EXPECT_EQ(d.domains, std::vector<std::string>{"contosoltd.onmicrosoft.com"});
  EXPECT_EQ(d.default_domain, "contosoltd.onmicrosoft.com");
  EXPECT_EQ(d.country_code, "US");
  const Tenant unnamed{kContoso.id, "Ünïcode — only", 0};
  EXPECT_EQ(DomainsOf(unnamed, {}).default_domain, "ncodeonly.onmicrosoft.com");
  const Tenant symbols{kContoso.id, "***", 0};
  EXPECT_EQ(DomainsOf(symbols, {}).default_domain, "tenantc0a70500.onmicrosoft.com");
  const Tenant long_name{kContoso.id, std::string(40, 'a'), 0};
  EXPECT_EQ(DomainsOf(long_name, {}).default_domain, std::string(27, 'a') + ".onmicrosoft.com");
}

TEST(TenantDomainsTest, PeoplesDomainsTheMostUsedOneTheDefaultItsCountryTheCountry) {
  const TenantDomains d =
      DomainsOf(kContoso, {Named(PrincipalKind::kUser, "alice@Contoso.NL"),
                           Named(PrincipalKind::kUser, "bob@contoso.nl"),
                           Named(PrincipalKind::kUser, "carol@contoso.example"),
                           Named(PrincipalKind::kGuest, "mia_mekorma.example#EXT#@contoso.example"),
                           Named(PrincipalKind::kGuest, "zed_x.example#EXT#@contoso.nl"),
                           Named(PrincipalKind::kServicePrincipal, "svc@ignored.example"),
                           Named(PrincipalKind::kUser, "no-at-sign")});
  EXPECT_EQ(d.domains, (std::vector<std::string>{"contosoltd.onmicrosoft.com", "contoso.example",
                                                 "contoso.nl"}));
  EXPECT_EQ(d.default_domain, "contoso.nl");
  EXPECT_EQ(d.country_code, "NL");
}

TEST(TenantDomainsTest, CountryCodes) {
  const auto country = [](const std::string& domain) {
    return DomainsOf(kContoso, {Named(PrincipalKind::kUser, "a@" + domain)}).country_code;
  };
  EXPECT_EQ(country("fabrikam.de"), "DE");
  EXPECT_EQ(country("fabrikam.co.uk"), "GB");
  EXPECT_EQ(country("fabrikam.com"), "US");
  EXPECT_EQ(country("fabrikam.io"), "US") << "a two-letter ending used generically";
  EXPECT_EQ(country("fabrikam.example"), "US");
}

}  // namespace
}  // namespace pal::api
