#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/time_format.h"

namespace pal {

// The onboarding audit a partner runs over the customer tenants its service accounts reach:
// for each customer subscription, which of the partner's accounts hold which roles there,
// whether they are linked to the partner id, and what is missing for PAL recognition. Pure:
// the facts are gathered by the caller (over the ARM API) and judged here.

// A role an account holds that reaches a subscription (at it, above it, or below it).
struct AuditedRole {
  Guid role_definition_id;
  std::string role_name;  // "Reader"; the id when the role is unknown
  std::string scope;      // where it is assigned
};

// A subscription as one account sees it.
struct AuditedSubscription {
  Guid subscription_id;
  Guid tenant_id;            // the customer's tenant
  std::string display_name;  // empty when the account cannot see the subscription
  std::string state;         // Enabled, Warned, PastDue, Disabled, Deleted; empty when unseen
  bool visible = false;      // the account can see it
  bool listed = false;       // named as a production subscription in the accounts file
  std::vector<AuditedRole> roles;
};

// One of the partner's service accounts and what signing in with it showed.
struct AuditedAccount {
  Guid tenant_id;  // where the account lives
  std::string app_id;
  std::optional<Guid> object_id;                 // known once it signed in
  std::optional<std::string> sign_in_error;      // "(code) message" when sign-in failed
  bool secret_expired = false;                   // sign-in refused because the secret expired
  std::optional<Timestamp> secret_expires_at;    // from the accounts file
  std::optional<std::string> linked_partner_id;  // nullopt = no link
  std::vector<AuditedSubscription> subscriptions;
};

// The verdict for one account on one subscription (or, with no subscription, on its tenant).
struct AuditAccountFinding {
  std::string app_id;
  std::optional<Guid> object_id;
  std::vector<AuditedRole> roles;
  std::optional<std::string> linked_partner_id;
  std::optional<Timestamp> secret_expires_at;
  bool complete = false;             // this account alone makes the subscription recognised
  std::vector<std::string> missing;  // what keeps it from that, in words
};

struct AuditSubscriptionFinding {
  std::optional<Guid> subscription_id;  // nullopt: the tenant shows no subscription at all
  std::string display_name;
  std::string state;
  bool complete = false;  // some account is complete
  std::vector<AuditAccountFinding> accounts;
};

struct AuditTenantFinding {
  Guid tenant_id;
  bool complete = false;  // every production subscription is complete
  std::vector<AuditSubscriptionFinding> subscriptions;
};

struct OnboardingAudit {
  std::string partner_id;
  Timestamp generated_at = 0;
  bool complete = false;
  std::vector<AuditTenantFinding> tenants;  // sorted by tenant id, subscriptions by id
};

// How close to expiry a secret is flagged.
inline constexpr Timestamp kSecretExpiryWarning = 30LL * 86'400 * 1'000'000;

// Judges the accounts. A production subscription is one in state Enabled, Warned or PastDue,
// or one the accounts file lists. An account is complete on a subscription when it holds a
// role that reads everything (Reader or better) at the subscription or above, is linked to
// `partner_id`, and its secret neither failed nor expires within 30 days of `now`.
OnboardingAudit RunOnboardingAudit(const std::string& partner_id,
                                   const std::vector<AuditedAccount>& accounts, Timestamp now);

}  // namespace pal
