#include "core/onboarding_audit.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/resource_id.h"
#include "core/role_definition.h"
#include "core/subscription.h"
#include "core/text.h"

namespace pal {
namespace {

bool IsProduction(const AuditedSubscription& s) {
  // The state as ARM reported it; empty when the subscription was not seen.
  const auto state = ParseSubscriptionState(s.state);
  return s.listed || (state && !IsInactive(*state));
}

// A role that reads everything, assigned at the subscription or above it.
bool ReadsWholeSubscription(const AuditedRole& role, const Guid& subscription_id) {
  const RoleDefinition* definition = FindBuiltInRoleById(role.role_definition_id);
  if (!definition || !RoleAllows(*definition, "*/read")) return false;
  auto scope = ResourceId::Parse(role.scope);
  if (!scope.ok()) return false;
  if (scope->level() == ScopeLevel::kRoot || scope->level() == ScopeLevel::kManagementGroup) {
    return true;
  }
  return scope->level() == ScopeLevel::kSubscription &&
         EqualsIgnoreCase(scope->subscription_id().value_or(""), subscription_id.ToString());
}

std::string Day(Timestamp t) { return FormatIso8601(t).substr(0, 10); }

// What the account lacks regardless of the subscription: sign-in, link, fresh secret.
std::vector<std::string> AccountProblems(const AuditedAccount& account,
                                         const std::string& partner_id, Timestamp now) {
  std::vector<std::string> missing;
  if (account.sign_in_error) {
    missing.push_back(account.secret_expired
                          ? "credentials expired: the account cannot sign in"
                          : fmt::format("cannot sign in: {}", *account.sign_in_error));
    return missing;
  }
  if (!account.linked_partner_id) {
    missing.push_back(fmt::format("not linked to partner ID {}", partner_id));
  } else if (*account.linked_partner_id != partner_id) {
    missing.push_back(
        fmt::format("linked to partner ID {}, not {}", *account.linked_partner_id, partner_id));
  }
  if (account.secret_expires_at && *account.secret_expires_at - now <= kSecretExpiryWarning) {
    missing.push_back(
        *account.secret_expires_at <= now
            ? fmt::format("credentials expired on {}", Day(*account.secret_expires_at))
            : fmt::format("credentials expire on {} (within 30 days)",
                          Day(*account.secret_expires_at)));
  }
  return missing;
}

AuditAccountFinding Finding(const AuditedAccount& account, std::vector<std::string> missing) {
  AuditAccountFinding f;
  f.app_id = account.app_id;
  f.object_id = account.object_id;
  f.linked_partner_id = account.linked_partner_id;
  f.secret_expires_at = account.secret_expires_at;
  f.missing = std::move(missing);
  return f;
}

}  // namespace

OnboardingAudit RunOnboardingAudit(const std::string& partner_id,
                                   const std::vector<AuditedAccount>& accounts, Timestamp now) {
  OnboardingAudit audit;
  audit.partner_id = partner_id;
  audit.generated_at = now;
  // tenant -> subscription (nullopt = none seen) -> finding
  std::map<Guid, std::map<std::optional<Guid>, AuditSubscriptionFinding>> tenants;

  for (const auto& account : accounts) {
    const auto problems = AccountProblems(account, partner_id, now);
    bool any_production = false;
    for (const auto& subscription : account.subscriptions) {
      if (!IsProduction(subscription)) continue;
      any_production = true;
      auto& finding = tenants[subscription.tenant_id][subscription.subscription_id];
      finding.subscription_id = subscription.subscription_id;
      if (!subscription.display_name.empty()) finding.display_name = subscription.display_name;
      if (!subscription.state.empty()) finding.state = subscription.state;
      std::vector<std::string> missing = problems;
      const bool reads = std::any_of(
          subscription.roles.begin(), subscription.roles.end(), [&](const AuditedRole& r) {
            return ReadsWholeSubscription(r, subscription.subscription_id);
          });
      if (!reads && !account.sign_in_error) {
        missing.insert(missing.begin(),
                       subscription.roles.empty()
                           ? std::string("no Reader-or-better role on this production subscription")
                           : std::string("no Reader-or-better role on this production "
                                         "subscription (roles only below it or without read)"));
      }
      AuditAccountFinding f = Finding(account, std::move(missing));
      f.roles = subscription.roles;
      f.complete = f.missing.empty();
      finding.accounts.push_back(std::move(f));
    }
    if (!any_production) {
      auto& finding = tenants[account.tenant_id][std::nullopt];
      std::vector<std::string> missing = problems;
      if (!account.sign_in_error) {
        missing.insert(missing.begin(), "no role on any production subscription of the tenant");
      }
      finding.accounts.push_back(Finding(account, std::move(missing)));
    }
  }

  audit.complete = !tenants.empty();
  for (auto& [tenant_id, subscriptions] : tenants) {
    AuditTenantFinding tenant;
    tenant.tenant_id = tenant_id;
    // Complete when it shows production subscriptions and each has a complete account; an
    // account that sees nothing is listed (and is incomplete) but does not undo the others.
    tenant.complete = std::any_of(subscriptions.begin(), subscriptions.end(),
                                  [](const auto& s) { return s.first.has_value(); });
    for (auto& [id, finding] : subscriptions) {
      finding.complete = std::any_of(finding.accounts.begin(), finding.accounts.end(),
                                     [](const auto& a) { return a.complete; });
      std::sort(finding.accounts.begin(), finding.accounts.end(),
                [](const auto& a, const auto& b) { return a.app_id < b.app_id; });
      if (id) tenant.complete = tenant.complete && finding.complete;
      tenant.subscriptions.push_back(std::move(finding));
    }
    audit.complete = audit.complete && tenant.complete;
    audit.tenants.push_back(std::move(tenant));
  }
  return audit;
}

}  // namespace pal
