#include "api/subscriptions_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "api/arm_response.h"
#include "api/directory_accounts.h"
#include "api/tenant_domains.h"
#include "core/resource_id.h"
#include "core/scope_hierarchy.h"
#include "core/text.h"

namespace pal::api {
namespace {

// Azure's quotaId for pal's agreement type. EA and Azure plan share one (which is why pal
// stores the agreement type itself).
std::string_view QuotaIdOf(SubscriptionOffer offer) {
  switch (offer) {
    case SubscriptionOffer::kCsp:
      return "CSP_2015-05-01";
    case SubscriptionOffer::kPayAsYouGo:
      return "PayAsYouGo_2014-09-01";
    case SubscriptionOffer::kEnterpriseAgreement:
    case SubscriptionOffer::kAzurePlan:
      return "EnterpriseAgreement_2014-09-01";
  }
  return "EnterpriseAgreement_2014-09-01";
}

nlohmann::json SubscriptionJson(const Subscription& s) {
  return {{"id", "/subscriptions/" + s.subscription_id.ToString()},
          {"authorizationSource", "RoleBased"},
          {"managedByTenants", nlohmann::json::array()},
          {"subscriptionId", s.subscription_id.ToString()},
          {"tenantId", s.tenant_id.ToString()},
          {"displayName", s.display_name},
          {"state", SubscriptionStateName(s.state)},
          {"subscriptionPolicies",
           {{"locationPlacementId", "Public_2014-09-01"},
            {"quotaId", QuotaIdOf(s.offer)},
            {"spendingLimit", "Off"}}}};
}

}  // namespace

void SubscriptionsApi::AddRoutes(ArmRouter& router) {
  constexpr std::string_view kReadOnly =
      "Subscriptions and tenants are read-only here; pal's administrator creates them with "
      "`pal admin subscription create`.";
  const auto add = [&](std::string_view pattern, auto operation) {
    router
        .Add(pattern, RouteFamily::kSubscriptions, kSubscriptionsApiVersions,
             std::string(kReadOnly))
        .On("GET", [this, operation](const ArmCall& call) { return (this->*operation)(call); });
  };
  add("/subscriptions", &SubscriptionsApi::List);
  add("/subscriptions/{subscriptionId}", &SubscriptionsApi::Get);
  add("/tenants", &SubscriptionsApi::Tenants);
}

Result<HttpResponse> SubscriptionsApi::Tenants(const ArmCall& call) {
  const identity::CallerIdentity& caller = call.caller;
  // The caller's tenant, and for a person every tenant where they have an account: the home
  // tenant (Member) and the tenants of their guest accounts (Guest), as Entra lists them.
  std::vector<std::pair<Guid, bool>> accounts;  // tenant, as a guest
  PAL_ASSIGN_OR_RETURN(auto self,
                       store_.directory().FindPrincipal({caller.tenant_id, caller.object_id}));
  if (self) {
    if (auto home = HomeSignInName(*self)) {
      PAL_ASSIGN_OR_RETURN(auto listed, ListAccounts(store_, *home));
      for (const auto& p : listed)
        accounts.emplace_back(p.tenant_id, p.kind == PrincipalKind::kGuest);
    }
  }
  if (std::none_of(accounts.begin(), accounts.end(),
                   [&](const auto& a) { return a.first == caller.tenant_id; })) {
    accounts.emplace(accounts.begin(), caller.tenant_id,
                     self && self->kind == PrincipalKind::kGuest);
  }
  nlohmann::json value = nlohmann::json::array();
  for (const auto& [tenant_id, guest] : accounts) {
    PAL_ASSIGN_OR_RETURN(auto tenant, store_.directory().FindTenant(tenant_id));
    if (!tenant) continue;
    PAL_ASSIGN_OR_RETURN(auto people, store_.directory().ListPrincipals(tenant_id));
    const TenantDomains domains = DomainsOf(*tenant, people);
    value.push_back({{"id", "/tenants/" + tenant_id.ToString()},
                     {"tenantId", tenant_id.ToString()},
                     {"countryCode", domains.country_code},
                     {"displayName", tenant->name},
                     {"domains", domains.domains},
                     {"tenantCategory", "Home"},
                     {"defaultDomain", domains.default_domain},
                     {"tenantType", "AAD"},
                     {"accountType", guest ? "Guest" : "Member"}});
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<std::vector<nlohmann::json>> SubscriptionsApi::Visible(
    const identity::CallerIdentity& caller) {
  // Which of the tenant's subscriptions the caller holds a role at, above or inside.
  PAL_ASSIGN_OR_RETURN(auto subscriptions, store_.scopes().ListSubscriptions(caller.tenant_id));
  std::erase_if(subscriptions, [](const Subscription& s) { return !IsListed(s); });
  PAL_ASSIGN_OR_RETURN(auto groups, store_.scopes().ListManagementGroups(caller.tenant_id));
  PAL_ASSIGN_OR_RETURN(auto assignments, store_.role_assignments().ListRoleAssignmentsOfPrincipal(
                                             {caller.tenant_id, caller.object_id}));
  ScopeHierarchy hierarchy;
  for (const auto& g : groups) hierarchy.AddManagementGroup(g.group_id, g.parent_id);
  auto visible = [&](const Subscription& s) {
    if (s.parent_group_id) hierarchy.AddSubscription(s.subscription_id, *s.parent_group_id);
    const auto scope = ResourceId::Parse("/subscriptions/" + s.subscription_id.ToString());
    const auto above = hierarchy.AncestorsAndSelf(*scope);
    for (const auto& a : assignments) {
      if (a.principal.tenant_id != caller.tenant_id) continue;
      if (scope->Contains(a.scope)) return true;
      for (const auto& ancestor : above) {
        if (ancestor == a.scope) return true;
      }
    }
    return false;
  };

  // The caller's own subscriptions name the tenants they are delegated to.
  PAL_ASSIGN_OR_RETURN(auto registrations,
                       store_.managed_services().ListRegistrationAssignments(caller.tenant_id));
  std::map<std::string, std::set<std::string>> managed_by;  // subscription -> managing tenants
  for (const auto& a : registrations) {
    PAL_ASSIGN_OR_RETURN(auto definition, store_.managed_services().FindRegistrationDefinition(
                                              a.customer_tenant_id, a.definition_id));
    if (definition) {
      managed_by[ToLowerAscii(a.scope.subscription_id().value_or(""))].insert(
          definition->managed_by_tenant_id.ToString());
    }
  }
  std::vector<nlohmann::json> listed;
  for (const auto& s : subscriptions) {
    if (!visible(s)) continue;
    nlohmann::json json = SubscriptionJson(s);
    for (const auto& tenant : managed_by[s.subscription_id.ToString()]) {
      json["managedByTenants"].push_back({{"tenantId", tenant}});
    }
    listed.push_back(std::move(json));
  }

  // Customers' subscriptions delegated to the caller through Azure Lighthouse: listed with
  // their home tenant and the caller's tenant among managedByTenants.
  PAL_ASSIGN_OR_RETURN(auto grants, store_.managed_services().ListDelegatedGrants(
                                        {caller.tenant_id, caller.object_id}));
  std::set<std::string> seen;
  for (const auto& grant : grants) {
    auto id = Guid::Parse(grant.scope.subscription_id().value_or(""));
    if (!id || !seen.insert(id->ToString()).second) continue;
    PAL_ASSIGN_OR_RETURN(auto found, store_.scopes().FindSubscription(*id));
    if (!found || !IsListed(*found)) continue;
    nlohmann::json json = SubscriptionJson(*found);
    json["managedByTenants"] = nlohmann::json::array({{{"tenantId", caller.tenant_id.ToString()}}});
    listed.push_back(std::move(json));
  }
  return listed;
}

Result<HttpResponse> SubscriptionsApi::List(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto listed, Visible(call.caller));
  const std::size_t count = listed.size();
  const nlohmann::json body{{"value", std::move(listed)},
                            {"count", {{"type", "Total"}, {"value", count}}}};
  return ArmJson(200, body.dump(), call.request);
}

Result<HttpResponse> SubscriptionsApi::Get(const ArmCall& call) {
  const std::string& id_text = call.Param("subscriptionId");
  auto id = Guid::Parse(id_text);
  if (!id) {
    return Error::InvalidArgument(
        "InvalidSubscriptionId",
        fmt::format("The provided subscription identifier '{}' is malformed or invalid.", id_text));
  }
  PAL_ASSIGN_OR_RETURN(auto listed, Visible(call.caller));
  for (const auto& json : listed) {
    if (json["subscriptionId"] == id->ToString()) return ArmJson(200, json.dump(), call.request);
  }
  return SubscriptionNotFoundError(id_text);
}

}  // namespace pal::api
