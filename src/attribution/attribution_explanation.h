#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "attribution/attribution_month.h"
#include "core/money_amount.h"
#include "core/result.h"
#include "dataset/dataset.h"

namespace pal::attribution {

// The usage of one tenant's subscriptions in a month, summed per (subscription id,
// lower-case resource id, day, currency) — what `pal explain` judges.
struct ExplainUsageKey {
  std::string subscription_id;  // lower-case
  std::string resource;         // lower-case, normalised; empty for charges without a resource
  std::int32_t day = 0;
  std::string currency;
  friend bool operator<(const ExplainUsageKey& a, const ExplainUsageKey& b) {
    return std::tie(a.subscription_id, a.resource, a.day, a.currency) <
           std::tie(b.subscription_id, b.resource, b.day, b.currency);
  }
};
struct ExplainUsageSum {
  NanosSum cost = 0;
  std::uint64_t rows = 0;
};
using ExplainUsage = std::map<ExplainUsageKey, ExplainUsageSum>;

// "12.500000 USD + 3.000000 EUR"; "0.000000" when empty.
std::string MoneyText(const std::map<std::string, NanosSum>& by_currency);

// Lower-case, one leading '/', no trailing '/': the form ExplainUsage keys resources by.
std::string NormaliseResourceId(std::string_view resource_id);

// One way the partner was credited: a principal's grant and link in force together (PAL), or
// the partner of record (DPOR).
struct ExplainedCredit {
  std::string association;  // "PAL" or "DPOR"
  std::string principal_id, principal_name, principal_kind, principal_tenant;
  std::string grant_kind;  // "role assignment" or "Lighthouse delegation"
  std::string grant_id, scope, role;
  Timestamp grant_from = 0;
  std::optional<Timestamp> grant_to;
  Timestamp link_from = 0;  // the link (PAL) or the partner of record interval (DPOR)
  std::optional<Timestamp> link_to;
  std::int32_t first_day = 0, last_day = 0;  // usage days credited through it
  std::map<std::string, NanosSum> cost;      // currency -> cost credited through it
};

// A rule that kept (part of) a subscription's usage from the partner.
struct ExplainedReason {
  std::string rule;  // "A5", "A7", "A8", ...
  std::string code;  // SubscriptionInactive, NoUsage, NoLinkedPrincipal, NoGrantContainsResource,
                     // NotInForce, DporNotEnterpriseAgreement
  std::string message;  // with the ids and dates involved
  // What the partner itself is told instead, when `message` says more than a partner may learn
  // (amounts of the customer's uncredited usage, another partner); empty = `message`.
  std::string partner_message = {};
};

struct SubscriptionExplanation {
  std::string subscription_id, display_name, offer, state;
  std::uint64_t usage_rows = 0;
  std::map<std::string, NanosSum> usage_cost;  // currency -> all usage of the month
  std::map<std::string, NanosSum> pal_cost;    // currency -> credited through PAL
  std::map<std::string, NanosSum>
      partner_of_record_cost;  // currency -> credited as partner of record
  std::string verdict;         // "credited", "partly credited", "not credited"
  // The partner has a grant reaching it (of a principal linked to the partner, both in force for
  // some of the month) or was its partner of record for some of the month: what a partner may
  // be told about (partner_view.h).
  bool partner_connected = false;
  std::vector<ExplainedCredit> credits;
  std::vector<ExplainedReason> reasons;  // the first failed rule first; empty when fully credited
};

struct Explanation {
  std::string tenant_id, tenant_name, partner_id, partner_name, month;
  std::vector<SubscriptionExplanation> subscriptions;
};

// Why partner `partner_id` is or is not credited for each subscription of `tenant` (or only
// `subscription`) in `month`, by the rules of docs/attribution-rules.md and the usage given.
// Errors: TenantNotFound, PartnerNotFound, SubscriptionNotFound (not a subscription of the tenant).
Result<Explanation> ExplainAttribution(const Dataset& dataset, const AttributionMonth& month,
                                       const Guid& tenant, const std::string& partner_id,
                                       const std::optional<Guid>& subscription,
                                       const ExplainUsage& usage);

}  // namespace pal::attribution
