#include "attribution/attribution_explanation.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/civil_date.h"
#include "core/role_definition.h"
#include "core/text.h"

namespace pal::attribution {
namespace {

std::string Interval(Timestamp from, const std::optional<Timestamp>& to) {
  return fmt::format("{} – {}", FormatDatasetTime(from),
                     to ? FormatDatasetTime(*to) : std::string("still in force"));
}

// "2026-10-03", or "2026-10-03 – 2026-10-09" for a span of days.
std::string DaySpan(std::int32_t first, std::int32_t last) {
  return first == last ? FormatDay(first)
                       : fmt::format("{} – {}", FormatDay(first), FormatDay(last));
}

// A grant of a principal linked (at some time) to the partner.
struct Candidate {
  bool delegation = false;  // a Lighthouse delegation, not a role assignment
  const ResourceId* scope = nullptr;
  std::string id, role;
  Guid principal, link_tenant;
  Timestamp from = 0;
  std::optional<Timestamp> to;
  const std::vector<const DatasetLink*>* links = nullptr;  // the principal's links to the partner
};

// The link of the candidate's principal to the partner in force at `at`, or null.
const DatasetLink* LinkAt(const Candidate& c, Timestamp at) {
  for (const DatasetLink* l : *c.links) {
    if (InForceAt(l->linked_at, l->unlinked_at, at)) return l;
  }
  return nullptr;
}

using LinksToPartner = std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>>;

// What explaining a tenant's subscriptions for one partner reads of the data set.
struct PartnerFacts {
  const Dataset& d;
  const AttributionMonth& month;
  const std::string& partner_id;
  std::string tenant_id;
  std::vector<std::vector<std::string>> group_chains;  // per subscription
  std::map<Guid, const DatasetPrincipal*> principals;
  LinksToPartner links_to_partner;  // (tenant, object) -> its links to the partner
};

// A usage entry of the subscription: its key and sum.
using UsageEntry = std::pair<const ExplainUsageKey*, const ExplainUsageSum*>;

// The explanation of one subscription, step by step: its usage, the grants that could credit
// the partner (rule A2), the credits (A3-A7), and the first rule that failed for the rest.
class SubscriptionExplainer {
 public:
  SubscriptionExplainer(const PartnerFacts& facts, const DatasetSubscription& s,
                        const std::vector<std::string>& group_chain)
      : facts_(facts),
        s_(s),
        groups_(group_chain.begin(), group_chain.end()),
        enterprise_(s.offer == SubscriptionOffer::kEnterpriseAgreement) {}

  SubscriptionExplanation Explain(const ExplainUsage& usage) {
    e_.subscription_id = s_.subscription_id.ToString();
    e_.display_name = s_.display_name;
    e_.offer = SubscriptionOfferName(s_.offer);
    e_.state = SubscriptionStateName(s_.state);
    ReadUsage(usage);
    FindCandidates();
    FindPartnerOfRecord();
    e_.partner_connected = PartnerConnected();
    if (IsInactive(s_.state)) {
      e_.reasons.push_back(
          {"A8", "SubscriptionInactive",
           fmt::format("The subscription is {}: its usage is not attributed to anyone.",
                       SubscriptionStateName(s_.state))});
      return Finish("not credited");
    }
    if (entries_.empty()) {
      e_.reasons.push_back({"A1", "NoUsage",
                            fmt::format("The usage read has no rows of this subscription in {}.",
                                        facts_.month.text)});
      return Finish("not credited");
    }
    CreditUsage();
    if (uncredited_.empty()) return Finish("credited");
    ExplainUncredited();
    return Finish(e_.pal_cost.empty() && e_.partner_of_record_cost.empty() ? "not credited"
                                                                           : "partly credited");
  }

 private:
  // Uncredited usage no linked principal's grant contains.
  struct Uncontained {
    std::map<std::string, NanosSum> cost;
    std::int32_t first_day = INT32_MAX, last_day = INT32_MIN;
  };

  SubscriptionExplanation Finish(std::string verdict) {
    e_.verdict = std::move(verdict);
    return std::move(e_);
  }

  // This subscription's usage entries of the month.
  void ReadUsage(const ExplainUsage& usage) {
    for (auto it = usage.lower_bound({e_.subscription_id, "", INT32_MIN, ""});
         it != usage.end() && it->first.subscription_id == e_.subscription_id; ++it) {
      if (!facts_.month.Contains(it->first.day)) continue;
      entries_.push_back({&it->first, &it->second});
      e_.usage_rows += it->second.rows;
      e_.usage_cost[it->first.currency] += it->second.cost;
    }
  }

  // Grants of principals ever linked to the partner (rule A2; A5: the link in the principal's
  // own tenant, role assignments only by the subscription's tenant's principals).
  void FindCandidates() {
    for (const auto& a : facts_.d.role_assignments) {
      if (a.principal_tenant_id != s_.tenant_id) continue;
      auto links = facts_.links_to_partner.find({a.principal_tenant_id, a.principal_id});
      if (links == facts_.links_to_partner.end()) continue;
      const auto* role = FindBuiltInRoleById(a.role_definition_id);
      candidates_.push_back({false, &a.scope, a.assignment_id.ToString(),
                             role ? role->role_name : a.role_definition_id.ToString(),
                             a.principal_id, a.principal_tenant_id, a.created_at, a.deleted_at,
                             &links->second});
    }
    for (const auto& g : facts_.d.delegations) {
      if (!g.scope.subscription_id() ||
          ToLowerAscii(*g.scope.subscription_id()) != e_.subscription_id)
        continue;
      auto links = facts_.links_to_partner.find({g.managing_tenant_id, g.principal_id});
      if (links == facts_.links_to_partner.end()) continue;
      const auto* role = FindBuiltInRoleById(g.role_definition_id);
      candidates_.push_back({true, &g.scope, g.delegation_id.ToString(),
                             role ? role->role_name : g.role_definition_id.ToString(),
                             g.principal_id, g.managing_tenant_id, g.created_at, g.deleted_at,
                             &links->second});
    }
    for (const auto& [owner, list] : facts_.links_to_partner) {
      if (owner.first == s_.tenant_id) linked_principals_.insert(owner.second.ToString());
    }
    for (const auto& c : candidates_) linked_principals_.insert(c.principal.ToString());
  }

  void FindPartnerOfRecord() {
    for (const auto& x : facts_.d.partners_of_record) {
      if (x.subscription_id == s_.subscription_id && x.partner_id == facts_.partner_id)
        partner_of_record_.push_back(&x);
    }
  }

  // Rule A4: the candidate's scope contains `resource` of this subscription.
  bool Contains(const Candidate& c, const std::string& resource) const {
    switch (c.scope->level()) {
      case ScopeLevel::kRoot:
        return !c.delegation;
      case ScopeLevel::kManagementGroup:
        return !c.delegation && groups_.count(ToLowerAscii(*c.scope->management_group())) > 0;
      case ScopeLevel::kSubscription:
        return ToLowerAscii(*c.scope->subscription_id()) == e_.subscription_id;
      default: {
        const std::string& key = c.scope->Key();
        if (ToLowerAscii(*c.scope->subscription_id()) != e_.subscription_id) return false;
        return resource == key ||
               (resource.size() > key.size() && resource.compare(0, key.size(), key) == 0 &&
                resource[key.size()] == '/');
      }
    }
  }

  // Whether the partner has anything to do with this subscription in the month: a grant of a
  // principal linked to it (at, above or below the subscription) in force with one of its links
  // for some of the month, or the partner of record for some of it. Partners see only these.
  bool PartnerConnected() const {
    const AttributionMonth& month = facts_.month;
    const Timestamp month_start =
        static_cast<Timestamp>(month.first_day) * 86'400 * kMicrosPerSecond;
    const Timestamp month_end = month.DayEnd(month.days - 1);
    auto overlaps_month = [&](Timestamp from, const std::optional<Timestamp>& to) {
      return from <= month_end && (!to || *to > month_start);
    };
    for (const auto& c : candidates_) {
      if (!overlaps_month(c.from, c.to)) continue;
      const ScopeLevel level = c.scope->level();
      const bool below = level != ScopeLevel::kRoot && level != ScopeLevel::kManagementGroup &&
                         level != ScopeLevel::kSubscription;
      const bool reaches = below ? Contains(c, c.scope->Key()) : Contains(c, "");
      if (!reaches) continue;
      for (const DatasetLink* l : *c.links) {
        if (overlaps_month(l->linked_at, l->unlinked_at)) return true;
      }
    }
    for (const DatasetPartnerOfRecord* x : partner_of_record_) {
      if (overlaps_month(x->assigned_at, x->removed_at)) return true;
    }
    return false;
  }

  // Credits each entry through PAL (rules A3-A6) or else DPOR (A7); the rest is uncredited.
  void CreditUsage() {
    for (const auto& [k, sum] : entries_) {
      const Timestamp at = facts_.month.DayEnd(k->day - facts_.month.first_day);
      bool pal = false;
      for (const auto& c : candidates_) {
        if (!Contains(c, k->resource) || !InForceAt(c.from, c.to, at)) continue;
        const DatasetLink* link = LinkAt(c, at);
        if (!link) continue;
        pal = true;
        ExplainedCredit credit = PalCredit(c, *link);
        const std::string key =
            fmt::format("PAL|{}|{}|{}|{}", c.id, credit.principal_id, c.role, link->linked_at);
        AddCredit(std::move(credit), key, *k, sum->cost);
      }
      if (pal) {
        e_.pal_cost[k->currency] += sum->cost;
        continue;
      }
      const DatasetPartnerOfRecord* record = nullptr;
      for (const DatasetPartnerOfRecord* x : partner_of_record_) {
        if (InForceAt(x->assigned_at, x->removed_at, at)) record = x;
      }
      if (enterprise_ && record) {
        ExplainedCredit credit;
        credit.association = "DPOR";
        credit.link_from = record->assigned_at;
        credit.link_to = record->removed_at;
        AddCredit(std::move(credit), fmt::format("DPOR|{}", record->assigned_at), *k, sum->cost);
        e_.partner_of_record_cost[k->currency] += sum->cost;
        continue;
      }
      uncredited_.push_back({k, sum});
    }
  }

  ExplainedCredit PalCredit(const Candidate& c, const DatasetLink& link) const {
    ExplainedCredit credit;
    credit.association = "PAL";
    credit.principal_id = c.principal.ToString();
    if (auto pr = facts_.principals.find(c.principal); pr != facts_.principals.end()) {
      credit.principal_name = pr->second->display_name;
      credit.principal_kind = std::string(PrincipalKindName(pr->second->kind));
    }
    credit.principal_tenant = c.link_tenant.ToString();
    credit.grant_kind = c.delegation ? "Lighthouse delegation" : "role assignment";
    credit.grant_id = c.id;
    credit.scope = c.scope->ToString();
    credit.role = c.role;
    credit.grant_from = c.from;
    credit.grant_to = c.to;
    credit.link_from = link.linked_at;
    credit.link_to = link.unlinked_at;
    return credit;
  }

  // Adds `cost` of usage entry `k` to the credit known by `key` (`credit` when it is new).
  void AddCredit(ExplainedCredit credit, const std::string& key, const ExplainUsageKey& k,
                 NanosSum cost) {
    auto [it, fresh] = credit_of_.emplace(key, e_.credits.size());
    if (fresh) {
      credit.first_day = credit.last_day = k.day;
      e_.credits.push_back(std::move(credit));
    }
    auto& c = e_.credits[it->second];
    c.first_day = std::min(c.first_day, k.day);
    c.last_day = std::max(c.last_day, k.day);
    c.cost[k.currency] += cost;
  }

  // Why the rest was not credited: the first PAL rule that failed, then DPOR's.
  void ExplainUncredited() {
    if (linked_principals_.empty()) {
      e_.reasons.push_back(
          {"A5", "NoLinkedPrincipal",
           fmt::format(
               "No principal of tenant {} (nor of a tenant managing this subscription through "
               "Lighthouse) has been linked to partner {}.",
               facts_.tenant_id, facts_.partner_id)});
    } else {
      ExplainUncreditedGrants();
    }
    if (!partner_of_record_.empty()) ExplainPartnerOfRecord();
  }

  // Rows no linked principal's grant contains (A4), and rows one contains but not in force
  // together with its link at the day's end (A3).
  void ExplainUncreditedGrants() {
    Uncontained outside;
    std::map<std::string, NanosSum> timing_cost;
    const Candidate* containing = nullptr;
    const ExplainUsageKey* first = nullptr;
    for (const auto& [k, sum] : uncredited_) {
      const Candidate* c = nullptr;
      for (const auto& candidate : candidates_) {
        if (Contains(candidate, k->resource)) {
          c = &candidate;
          break;
        }
      }
      if (!c) {
        outside.cost[k->currency] += sum->cost;
        outside.first_day = std::min(outside.first_day, k->day);
        outside.last_day = std::max(outside.last_day, k->day);
        continue;
      }
      timing_cost[k->currency] += sum->cost;
      if (!first || k->day < first->day) {
        containing = c;
        first = k;
      }
    }
    if (!outside.cost.empty()) ExplainUncontained(outside);
    if (containing) ExplainNotInForce(*containing, first->day, timing_cost);
  }

  void ExplainUncontained(const Uncontained& outside) {
    std::string scopes;
    for (size_t i = 0; i < candidates_.size() && i < 3; ++i) {
      scopes += fmt::format("{}{} ({})", i ? ", " : "", candidates_[i].scope->ToString(),
                            candidates_[i].role);
    }
    std::string principals_text;
    size_t shown = 0;
    for (const auto& id : linked_principals_) {
      if (shown++ == 3) break;
      principals_text += fmt::format("{}{}", principals_text.empty() ? "" : ", ", id);
    }
    const std::string span = DaySpan(outside.first_day, outside.last_day);
    const std::string where = scopes.empty()
                                  ? std::string(" (they hold no role in this subscription)")
                                  : fmt::format("; their roles are at {}", scopes);
    e_.reasons.push_back(
        {"A4", "NoGrantContainsResource",
         fmt::format("Principals linked to partner {} ({}) hold no role whose scope contains "
                     "the resources of {} "
                     "of usage on {}{}.",
                     facts_.partner_id, principals_text, MoneyText(outside.cost), span, where),
         fmt::format("Principals linked to partner {} ({}) hold no role whose scope contains "
                     "the resources of "
                     "some of the usage on {}{}.",
                     facts_.partner_id, principals_text, span, where)});
  }

  // Uncredited usage in the scope of `containing` (the grant of the first such day, `day`).
  void ExplainNotInForce(const Candidate& containing, std::int32_t day,
                         const std::map<std::string, NanosSum>& timing_cost) {
    std::string link_text;
    for (const DatasetLink* l : *containing.links) {
      link_text += fmt::format("{}{}", link_text.empty() ? "" : ", ",
                               Interval(l->linked_at, l->unlinked_at));
    }
    const std::string grant_text =
        fmt::format("the {} {} ({}) of principal {} at {} ({})",
                    containing.delegation ? "Lighthouse delegation" : "role assignment",
                    containing.id, containing.role, containing.principal.ToString(),
                    containing.scope->ToString(), Interval(containing.from, containing.to));
    const std::string timing_text = fmt::format(
        "but on {} at 23:59:59Z (the first such day) it and the principal's link to partner {} "
        "({}) "
        "are not both in force.",
        FormatDay(day), facts_.partner_id, link_text);
    e_.reasons.push_back(
        {"A3", "NotInForce",
         fmt::format("{} of usage is in the scope of {}, {}", MoneyText(timing_cost), grant_text,
                     timing_text),
         fmt::format("Some usage is in the scope of {}, {}", grant_text, timing_text)});
  }

  void ExplainPartnerOfRecord() {
    std::string intervals;
    for (const DatasetPartnerOfRecord* x : partner_of_record_) {
      intervals += fmt::format("{}{}", intervals.empty() ? "" : ", ",
                               Interval(x->assigned_at, x->removed_at));
    }
    if (!enterprise_) {
      e_.reasons.push_back(
          {"A7", "DporNotEnterpriseAgreement",
           fmt::format("Partner {} is the partner of record ({}), but this is a {} subscription: "
                       "DPOR credits only EnterpriseAgreement subscriptions.",
                       facts_.partner_id, intervals, SubscriptionOfferName(s_.offer))});
      return;
    }
    std::int32_t first_day = INT32_MAX;
    std::int32_t last_day = INT32_MIN;
    for (const auto& [k, sum] : uncredited_) {
      first_day = std::min(first_day, k->day);
      last_day = std::max(last_day, k->day);
    }
    e_.reasons.push_back(
        {"A3", "NotInForce",
         fmt::format("Partner {} is the partner of record {}, not in force at the end of the "
                     "uncredited usage days ({}).",
                     facts_.partner_id, intervals, DaySpan(first_day, last_day))});
  }

  const PartnerFacts& facts_;
  const DatasetSubscription& s_;
  const std::set<std::string> groups_;  // its groups, up to the tenant root group
  const bool enterprise_;
  SubscriptionExplanation e_;
  std::vector<UsageEntry> entries_;
  std::vector<Candidate> candidates_;
  std::set<std::string> linked_principals_;
  std::vector<const DatasetPartnerOfRecord*> partner_of_record_;
  std::map<std::string, size_t> credit_of_;  // grant id + link start -> index in e_.credits
  std::vector<UsageEntry> uncredited_;
};

// The names of the tenant and the partner in `out`. Errors TenantNotFound, PartnerNotFound.
Result<void> FindNames(const Dataset& d, const Guid& tenant, const std::string& partner_id,
                       Explanation& out) {
  auto t = std::find_if(d.tenants.begin(), d.tenants.end(),
                        [&](const auto& x) { return x.tenant_id == tenant; });
  if (t == d.tenants.end()) {
    return Error::NotFound("TenantNotFound",
                           fmt::format("Tenant {} is not in the data set.", out.tenant_id));
  }
  out.tenant_name = t->display_name;
  auto p = std::find_if(d.partners.begin(), d.partners.end(),
                        [&](const auto& x) { return x.partner_id == partner_id; });
  if (p == d.partners.end()) {
    return Error::NotFound(
        "PartnerNotFound",
        fmt::format("Partner {} is not in the data set's partners.", partner_id));
  }
  out.partner_name = p->partner_name;
  return {};
}

}  // namespace

std::string MoneyText(const std::map<std::string, NanosSum>& by_currency) {
  std::string out;
  for (const auto& [currency, cost] : by_currency) {
    out += fmt::format("{}{}{}{}", out.empty() ? "" : " + ", FormatCost6(cost),
                       currency.empty() ? "" : " ", currency);
  }
  return out.empty() ? "0.000000" : out;
}

std::string NormaliseResourceId(std::string_view r) {
  while (r.size() > 1 && r[0] == '/' && r[1] == '/') r.remove_prefix(1);
  while (!r.empty() && r.back() == '/') r.remove_suffix(1);
  std::string out = ToLowerAscii(r);
  if (!out.empty() && out[0] != '/') out.insert(out.begin(), '/');
  return out;
}

Result<Explanation> ExplainAttribution(const Dataset& d, const AttributionMonth& month,
                                       const Guid& tenant, const std::string& partner_id,
                                       const std::optional<Guid>& only, const ExplainUsage& usage) {
  Explanation out;
  out.tenant_id = tenant.ToString();
  out.partner_id = partner_id;
  out.month = month.text;
  PAL_TRY(FindNames(d, tenant, partner_id, out));
  PartnerFacts facts{d, month, partner_id, out.tenant_id, SubscriptionGroupChains(d), {}, {}};
  for (const auto& x : d.principals) facts.principals[x.object_id] = &x;
  for (const auto& l : d.links) {
    if (l.partner_id == partner_id)
      facts.links_to_partner[{l.tenant_id, l.object_id}].push_back(&l);
  }
  bool found = false;
  for (size_t index = 0; index < d.subscriptions.size(); ++index) {
    const auto& s = d.subscriptions[index];
    if (s.tenant_id != tenant || (only && s.subscription_id != *only)) continue;
    found = true;
    out.subscriptions.push_back(
        SubscriptionExplainer(facts, s, facts.group_chains[index]).Explain(usage));
  }
  if (!found && only) {
    return Error::NotFound("SubscriptionNotFound",
                           fmt::format("Subscription {} is not a subscription of tenant {}.",
                                       only->ToString(), out.tenant_id));
  }
  return out;
}

}  // namespace pal::attribution
