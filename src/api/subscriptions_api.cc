#include "api/subscriptions_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "api/arm_response.h"
#include "api/directory_accounts.h"
#include "core/resource_id.h"
#include "core/scope_hierarchy.h"
#include "core/text.h"

namespace pal::api {
namespace {

std::string_view WithoutLeadingSlashes(std::string_view path) {
  while (path.size() > 1 && path[0] == '/' && path[1] == '/') path.remove_prefix(1);
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// Azure's quotaId for pal's agreement type. EA and Azure plan share one (which is why pal
// stores the agreement type itself).
std::string_view QuotaIdOf(std::string_view offer) {
  if (offer == "CSP") return "CSP_2015-05-01";
  if (offer == "PayAsYouGo") return "PayAsYouGo_2014-09-01";
  return "EnterpriseAgreement_2014-09-01";
}

nlohmann::json SubscriptionJson(const Subscription& s) {
  return {{"id", "/subscriptions/" + s.subscription_id.ToString()},
          {"authorizationSource", "RoleBased"},
          {"managedByTenants", nlohmann::json::array()},
          {"subscriptionId", s.subscription_id.ToString()},
          {"tenantId", s.tenant_id.ToString()},
          {"displayName", s.display_name},
          {"state", s.state},
          {"subscriptionPolicies",
           {{"locationPlacementId", "Public_2014-09-01"},
            {"quotaId", QuotaIdOf(s.offer)},
            {"spendingLimit", "Off"}}}};
}

}  // namespace

bool SubscriptionsApi::Serves(std::string_view path) {
  path = WithoutLeadingSlashes(path);
  if (EqualsIgnoreCase(path, "/subscriptions") || EqualsIgnoreCase(path, "/tenants")) return true;
  if (!StartsWithIgnoreCase(path, "/subscriptions/")) return false;
  return path.find('/', std::string_view("/subscriptions/").size()) == std::string_view::npos;
}

HttpResponse SubscriptionsApi::Tenants(const HttpRequest& request,
                                       const identity::CallerIdentity& caller) {
  // The caller's tenant, and for a person every tenant where they have an account: the home
  // tenant (Member) and the tenants of their guest accounts (Guest), as Entra lists them.
  std::vector<std::pair<Guid, bool>> accounts;  // tenant, as a guest
  auto self = store_.directory().FindPrincipal({caller.tenant_id, caller.object_id});
  if (!self.ok()) return ArmError(self.error(), request);
  if (*self) {
    if (auto home = HomeSignInName(**self)) {
      auto listed = ListAccounts(store_, *home);
      if (!listed.ok()) return ArmError(listed.error(), request);
      for (const auto& p : *listed)
        accounts.emplace_back(p.tenant_id, p.kind == PrincipalKind::kGuest);
    }
  }
  if (std::none_of(accounts.begin(), accounts.end(),
                   [&](const auto& a) { return a.first == caller.tenant_id; })) {
    accounts.emplace(accounts.begin(), caller.tenant_id,
                     *self && (*self)->kind == PrincipalKind::kGuest);
  }
  nlohmann::json value = nlohmann::json::array();
  for (const auto& [tenant_id, guest] : accounts) {
    auto tenant = store_.directory().FindTenant(tenant_id);
    if (!tenant.ok()) return ArmError(tenant.error(), request);
    if (!*tenant) continue;
    value.push_back({{"id", "/tenants/" + tenant_id.ToString()},
                     {"tenantId", tenant_id.ToString()},
                     {"tenantCategory", "Home"},
                     {"displayName", (*tenant)->name},
                     {"domains", nlohmann::json::array()},
                     {"tenantType", "AAD"},
                     {"accountType", guest ? "Guest" : "Member"}});
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

HttpResponse SubscriptionsApi::Answer(const HttpRequest& request,
                                      const identity::CallerIdentity& caller) {
  if (request.method != "GET") {
    return MethodNotAllowed(request, "GET",
                            "Subscriptions and tenants are read-only here; pal's administrator "
                            "creates them with `pal admin subscription create`.");
  }
  if (auto version = CheckApiVersion(request, kSubscriptionsApiVersions); !version.ok()) {
    return ArmError(version.error(), request);
  }
  const std::string_view path = WithoutLeadingSlashes(request.path);
  if (EqualsIgnoreCase(path, "/tenants")) return Tenants(request, caller);

  // Which of the tenant's subscriptions the caller holds a role at, above or inside.
  auto subscriptions = store_.scopes().ListSubscriptions(caller.tenant_id);
  if (!subscriptions.ok()) return ArmError(subscriptions.error(), request);
  std::erase_if(*subscriptions, [](const Subscription& s) { return !IsListed(s); });
  auto groups = store_.scopes().ListManagementGroups(caller.tenant_id);
  if (!groups.ok()) return ArmError(groups.error(), request);
  auto assignments = store_.role_assignments().ListRoleAssignmentsOfPrincipal(
      {caller.tenant_id, caller.object_id});
  if (!assignments.ok()) return ArmError(assignments.error(), request);
  ScopeHierarchy hierarchy;
  for (const auto& g : *groups) hierarchy.AddManagementGroup(g.group_id, g.parent_id);
  auto visible = [&](const Subscription& s) {
    if (s.parent_group_id) hierarchy.AddSubscription(s.subscription_id, *s.parent_group_id);
    const auto scope = ResourceId::Parse("/subscriptions/" + s.subscription_id.ToString());
    const auto above = hierarchy.AncestorsAndSelf(*scope);
    for (const auto& a : *assignments) {
      if (a.principal.tenant_id != caller.tenant_id) continue;
      if (scope->Contains(a.scope)) return true;
      for (const auto& ancestor : above) {
        if (ancestor == a.scope) return true;
      }
    }
    return false;
  };

  // Customers' subscriptions delegated to the caller through Azure Lighthouse: listed with
  // their home tenant and the caller's tenant among managedByTenants.
  auto grants = store_.managed_services().ListDelegatedGrants({caller.tenant_id, caller.object_id});
  if (!grants.ok()) return ArmError(grants.error(), request);
  std::vector<nlohmann::json> delegated;
  std::set<std::string> seen;
  for (const auto& grant : *grants) {
    auto id = Guid::Parse(grant.scope.subscription_id().value_or(""));
    if (!id || !seen.insert(id->ToString()).second) continue;
    auto found = store_.scopes().FindSubscription(*id);
    if (!found.ok()) return ArmError(found.error(), request);
    if (!*found || !IsListed(**found)) continue;
    nlohmann::json json = SubscriptionJson(**found);
    json["managedByTenants"] = nlohmann::json::array({{{"tenantId", caller.tenant_id.ToString()}}});
    delegated.push_back(std::move(json));
  }

  // The caller's own subscriptions name the tenants they are delegated to.
  auto registrations = store_.managed_services().ListRegistrationAssignments(caller.tenant_id);
  if (!registrations.ok()) return ArmError(registrations.error(), request);
  std::map<std::string, std::set<std::string>> managed_by;  // subscription -> managing tenants
  for (const auto& a : *registrations) {
    auto definition =
        store_.managed_services().FindRegistrationDefinition(a.customer_tenant_id, a.definition_id);
    if (!definition.ok()) return ArmError(definition.error(), request);
    if (*definition) {
      managed_by[ToLowerAscii(a.scope.subscription_id().value_or(""))].insert(
          (*definition)->managed_by_tenant_id.ToString());
    }
  }
  auto own_json = [&](const Subscription& s) {
    nlohmann::json json = SubscriptionJson(s);
    for (const auto& tenant : managed_by[s.subscription_id.ToString()]) {
      json["managedByTenants"].push_back({{"tenantId", tenant}});
    }
    return json;
  };

  if (EqualsIgnoreCase(path, "/subscriptions")) {
    nlohmann::json value = nlohmann::json::array();
    for (const auto& s : *subscriptions) {
      if (visible(s)) value.push_back(own_json(s));
    }
    for (auto& json : delegated) value.push_back(std::move(json));
    const size_t count = value.size();
    return ArmJson(
        200,
        nlohmann::json{{"value", value}, {"count", {{"type", "Total"}, {"value", count}}}}.dump(),
        request);
  }
  const std::string_view id_text = path.substr(std::string_view("/subscriptions/").size());
  auto id = Guid::Parse(id_text);
  if (!id) {
    return ArmError(Error::InvalidArgument(
                        "InvalidSubscriptionId",
                        fmt::format("The provided subscription identifier '{}' is malformed or "
                                    "invalid.",
                                    id_text)),
                    request);
  }
  for (const auto& s : *subscriptions) {
    if (s.subscription_id == *id && visible(s)) return ArmJson(200, own_json(s).dump(), request);
  }
  for (const auto& json : delegated) {
    if (json["subscriptionId"] == id->ToString()) return ArmJson(200, json.dump(), request);
  }
  return ArmError(SubscriptionNotFoundError(id_text), request);
}

}  // namespace pal::api
