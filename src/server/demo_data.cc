#include "server/demo_data.h"

#include <fmt/format.h>

#include <fstream>
#include <optional>

#include "attribution/attribution_month.h"
#include "core/civil_date.h"
#include "core/role_definition.h"
#include "core/time_format.h"
#include "identity/random.h"
#include "identity/secret_hash.h"
#include "service/tenant_creation.h"

namespace pal::server {

using attribution::ParseAttributionMonth;

namespace {

struct DemoTenant {
  const char* id;
  const char* name;
};

struct DemoPrincipal {
  const char* tenant_id;
  PrincipalKind kind;
  const char* name;
  const char* object_id;
  const char* app_id;  // nullptr for users and guests
};

struct DemoPartner {
  const char* id;
  const char* name;
  PartnerIdKind kind;
  const char* global_id;
  PartnerStatus status;
  const char* home_tenant_id;  // nullptr: none (nobody sees its partner-side views)
};

struct DemoSubscription {
  const char* id;
  const char* tenant_id;
  const char* name;
  SubscriptionOffer offer;
};

constexpr const char* kContoso = "c0a70500-0000-4000-8000-000000000001";
constexpr const char* kFabrikam = "fab71ca0-0000-4000-8000-000000000002";
constexpr const char* kMekorma = "3e60a000-0000-4000-8000-000000000003";
constexpr const char* kMia = "3e60a000-0000-4000-8000-0000000000b2";

constexpr DemoTenant kTenants[] = {
    {kContoso, "Contoso (customer)"},
    {kFabrikam, "Fabrikam (customer)"},
    {kMekorma, "Mekorma (partner)"},
};

constexpr DemoPrincipal kPrincipals[] = {
    {kContoso, PrincipalKind::kServicePrincipal, "contoso-automation",
     "c0a70500-0000-4000-8000-0000000000b1", "c0a70500-0000-4000-8000-0000000000a1"},
    {kContoso, PrincipalKind::kUser, "alice@contoso.example",
     "c0a70500-0000-4000-8000-0000000000b2", nullptr},
    {kContoso, PrincipalKind::kGuest, "mia_mekorma.example#EXT#@contoso.example",
     "c0a70500-0000-4000-8000-0000000000b3", nullptr},
    {kFabrikam, PrincipalKind::kServicePrincipal, "fabrikam-ops",
     "fab71ca0-0000-4000-8000-0000000000b1", "fab71ca0-0000-4000-8000-0000000000a1"},
    {kMekorma, PrincipalKind::kServicePrincipal, "mekorma-managed-services",
     "3e60a000-0000-4000-8000-0000000000b1", "3e60a000-0000-4000-8000-0000000000a1"},
    {kMekorma, PrincipalKind::kUser, "mia@mekorma.example", "3e60a000-0000-4000-8000-0000000000b2",
     nullptr},
};

constexpr DemoPartner kPartners[] = {
    {"4960815", "Mekorma", PartnerIdKind::kGlobal, nullptr, PartnerStatus::kActive, kMekorma},
    {"719878", "Mekorma", PartnerIdKind::kLocation, "4960815", PartnerStatus::kActive, kMekorma},
    {"719879", "Mekorma (EMEA)", PartnerIdKind::kLocation, "4960815", PartnerStatus::kActive,
     kMekorma},
    {"1234567", "Northwind Traders", PartnerIdKind::kLocation, nullptr, PartnerStatus::kActive,
     nullptr},
    {"5127255", "Adatum Consulting", PartnerIdKind::kLocation, nullptr, PartnerStatus::kActive,
     nullptr},
};

constexpr DemoSubscription kSubscriptions[] = {
    {"5b0a1c3e-0000-4000-8000-000000000101", kContoso, "Contoso Production",
     SubscriptionOffer::kEnterpriseAgreement},
    {"5b0a1c3e-0000-4000-8000-000000000102", kContoso, "Contoso Development",
     SubscriptionOffer::kAzurePlan},
    {"5b0a1c3e-0000-4000-8000-000000000201", kFabrikam, "Fabrikam Main",
     SubscriptionOffer::kAzurePlan},
};

Guid MustParse(const char* text) { return Guid::Parse(text).value_or(Guid()); }

// Contoso's paid production environment, administered by alice, where the Mekorma guest is a
// maker and owns a canvas app: the Power Platform side of the walkthrough.
constexpr const char* kDemoEnvironment = "contoso-production";
constexpr const char* kAlice = "c0a70500-0000-4000-8000-0000000000b2";
constexpr const char* kMekormaGuest = "c0a70500-0000-4000-8000-0000000000b3";

// Grants `role` at `scope` to the principal unless it holds it there already.
Result<void> Grant(store::Store& store, const PrincipalKey& principal, const char* scope,
                   const char* role, const char* principal_type) {
  const RoleDefinition* definition = FindBuiltInRoleByName(role);
  auto parsed = ResourceId::Parse(scope);
  if (!definition || !parsed.ok()) return Error::Internal("demo role assignment is malformed");
  PAL_ASSIGN_OR_RETURN(auto existing,
                       store.role_assignments().ListRoleAssignmentsOfPrincipal(principal));
  for (const auto& a : existing) {
    if (a.role_definition_id == definition->id && a.scope.Key() == parsed->Key()) return {};
  }
  RoleAssignment assignment;
  assignment.name = identity::NewGuid();
  assignment.scope = *parsed;
  assignment.role_definition_id = definition->id;
  assignment.principal = principal;
  assignment.principal_type = principal_type;
  PAL_TRY(store.role_assignments().CreateRoleAssignment(assignment));  // stamped by the store
  return {};
}

Result<void> SeedPowerPlatformDemo(store::Store& store, Timestamp now) {
  const PrincipalKey alice{MustParse(kContoso), MustParse(kAlice)};
  const PrincipalKey guest{MustParse(kContoso), MustParse(kMekormaGuest)};
  PAL_ASSIGN_OR_RETURN(auto existing, store.power_platform_environments().FindEnvironment(
                                          alice.tenant_id, kDemoEnvironment));
  if (existing) return {};
  PowerPlatformEnvironment environment{kDemoEnvironment,
                                       alice.tenant_id,
                                       "Contoso Production",
                                       EnvironmentType::kProduction,
                                       true,
                                       alice,
                                       now};
  if (auto created = store.power_platform_environments().CreateEnvironment(environment);
      !created.ok())
    return created;
  if (auto member = store.power_platform_environments().SetEnvironmentMember(
          {alice.tenant_id, kDemoEnvironment, guest.object_id, EnvironmentRole::kMaker, now});
      !member.ok()) {
    return member;
  }
  PowerPlatformResourceRecord app;
  app.resource_id = PowerPlatformResourceId(kDemoEnvironment, PowerPlatformProduct::kCanvasApp,
                                            "field-inspections");
  app.environment = kDemoEnvironment;
  app.tenant_id = alice.tenant_id;
  app.product = PowerPlatformProduct::kCanvasApp;
  app.name = "field-inspections";
  app.display_name = "Field inspections";
  app.owner = guest.object_id;
  app.created_by = guest;
  PAL_TRY(store.power_platform_resources().CreatePowerPlatformResource(app, guest, "create"));
  return {};
}

}  // namespace

Result<std::vector<DemoCredential>> SeedDemoData(store::Store& store, const Clock& clock) {
  const Timestamp now = clock.Now();
  for (const auto& t : kTenants) {
    PAL_ASSIGN_OR_RETURN(auto existing, store.directory().FindTenant(MustParse(t.id)));
    if (existing) continue;
    PAL_TRY(service::CreateTenantWithRootGroup(store.directory(),
                                               Tenant{MustParse(t.id), t.name, now}));
  }
  for (const auto& p : kPartners) {
    PAL_ASSIGN_OR_RETURN(auto existing, store.partners().FindPartner(p.id));
    if (existing) {
      // A data directory of an older demo: give the organisation its home tenant.
      if (p.home_tenant_id && !existing->home_tenant_id && !p.global_id) {
        if (auto set =
                store.partner_roles().SetPartnerHomeTenant(p.id, MustParse(p.home_tenant_id));
            !set.ok())
          return set.error();
      }
      continue;
    }
    Partner partner{p.id, p.name, p.kind, std::nullopt, p.status, now};
    if (p.global_id) partner.global_id = p.global_id;
    if (p.home_tenant_id) partner.home_tenant_id = MustParse(p.home_tenant_id);
    PAL_TRY(store.partners().AddPartner(partner));
  }
  for (const auto& s : kSubscriptions) {
    PAL_ASSIGN_OR_RETURN(auto existing, store.scopes().ListSubscriptions(MustParse(s.tenant_id)));
    bool present = false;
    for (const auto& e : existing) present = present || e.subscription_id == MustParse(s.id);
    if (present) continue;
    // Subscriptions hang under their tenant's root group (named by the tenant id).
    PAL_TRY(store.scopes().CreateSubscription(
        Subscription{MustParse(s.id), MustParse(s.tenant_id), s.name, s.offer,
                     SubscriptionState::kEnabled, now, std::string(s.tenant_id)}));
  }

  std::vector<DemoCredential> credentials;
  PAL_TRY(SeedPowerPlatformDemo(store, now));
  for (const auto& p : kPrincipals) {
    const std::string secret = identity::NewClientSecret();
    PAL_ASSIGN_OR_RETURN(auto hash, identity::HashSecret(secret));
    const PrincipalKey key{MustParse(p.tenant_id), MustParse(p.object_id)};
    PAL_ASSIGN_OR_RETURN(auto existing, store.directory().FindPrincipal(key));
    if (existing) {
      PAL_TRY(store.directory().SetPrincipalSecretHash(key, hash, std::nullopt));
    } else {
      Principal principal{key.tenant_id, key.object_id, p.kind, p.name,
                          std::nullopt,  hash,          now,    std::nullopt};
      if (p.app_id) principal.app_id = MustParse(p.app_id);
      PAL_TRY(store.directory().CreatePrincipal(principal));
    }
    std::string tenant_name;
    for (const auto& t : kTenants) {
      if (std::string_view(t.id) == p.tenant_id) tenant_name = t.name;
    }
    credentials.push_back(DemoCredential{tenant_name, p.tenant_id,
                                         std::string(PrincipalKindName(p.kind)), p.name,
                                         p.object_id, p.app_id ? p.app_id : "", secret});
  }
  const PrincipalKey alice{MustParse(kContoso), MustParse(kAlice)};
  const PrincipalKey guest{MustParse(kContoso), MustParse(kMekormaGuest)};
  if (auto granted = Grant(store, alice, "/", "Owner", "User"); !granted.ok())
    return granted.error();
  // mia is the Admin of Mekorma's partner organisation (in Mekorma's own tenant): she sees its
  // insights; the PAL link she makes as a guest in Contoso gives nobody any.
  const PrincipalKey mia{MustParse(kMekorma), MustParse(kMia)};
  PAL_ASSIGN_OR_RETURN(auto roles, store.partner_roles().ListPartnerRolesOfPrincipal(mia));
  if (roles.empty()) {
    PartnerRoleAssignment admin;
    admin.organisation_id = "4960815";
    admin.principal = mia;
    admin.role = PartnerRole::kAdmin;
    admin.granted_by = PrincipalKey{};
    PAL_TRY(store.partner_roles().AddPartnerRole(admin));
  }
  if (auto granted = Grant(store, guest, "/subscriptions/5b0a1c3e-0000-4000-8000-000000000101",
                           "Reader", "User");
      !granted.ok()) {
    return granted.error();
  }
  return credentials;
}

std::vector<std::string> DemoUsageFiles(const std::string& data_root, const Clock& clock) {
  const std::string path = data_root + "/demo-usage.csv";
  const std::string today = FormatIso8601(clock.Now()).substr(0, 10);
  auto month = ParseAttributionMonth(today.substr(0, 7));
  std::ofstream out(path, std::ios::trunc);
  if (!month.ok() || !out) return {};
  out << "SubscriptionId,ResourceId,Date,CostInBillingCurrency,BillingCurrencyCode\n";
  for (int d = 0; d < month->days; ++d) {
    const std::string day = FormatDay(month->first_day + d);
    for (const auto& s : kSubscriptions) {
      out << fmt::format(
          "{0},/subscriptions/{0}/resourceGroups/app/providers/Microsoft.Web/sites/"
          "web,{1},{2}.{3:02},USD\n",
          s.id, day, 10 + d % 7, (d * 37) % 100);
    }
  }
  out.close();
  if (!out) return {};
  return {path};
}

}  // namespace pal::server
