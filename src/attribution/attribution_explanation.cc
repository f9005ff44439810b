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

// A grant of a principal linked (at some time) to the partner.
struct Candidate {
  bool lighthouse = false;
  const ResourceId* scope = nullptr;
  std::string id, role;
  Guid principal, link_tenant;
  Timestamp from = 0;
  std::optional<Timestamp> to;
  const std::vector<const DatasetLink*>* links = nullptr;  // the principal's links to the partner
};

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

  const auto group_chains = SubscriptionGroupChains(d);
  std::map<Guid, const DatasetPrincipal*> principals;
  for (const auto& x : d.principals) principals[x.object_id] = &x;
  std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>>
      links_to_partner;  // (tenant, object)
  for (const auto& l : d.links) {
    if (l.partner_id == partner_id) links_to_partner[{l.tenant_id, l.object_id}].push_back(&l);
  }
  auto link_at = [&](const Candidate& c, Timestamp at) -> const DatasetLink* {
    for (const DatasetLink* l : *c.links) {
      if (InForceAt(l->linked_at, l->unlinked_at, at)) return l;
    }
    return nullptr;
  };

  bool found = false;
  for (size_t index = 0; index < d.subscriptions.size(); ++index) {
    const auto& s = d.subscriptions[index];
    if (s.tenant_id != tenant || (only && s.subscription_id != *only)) continue;
    found = true;
    SubscriptionExplanation e;
    e.subscription_id = s.subscription_id.ToString();
    e.display_name = s.display_name;
    e.offer = s.offer;
    e.state = s.state;
    // This subscription's usage entries.
    std::vector<std::pair<const ExplainUsageKey*, const ExplainUsageSum*>> entries;
    for (auto it = usage.lower_bound({e.subscription_id, "", INT32_MIN, ""});
         it != usage.end() && it->first.subscription_id == e.subscription_id; ++it) {
      if (!month.Contains(it->first.day)) continue;
      entries.push_back({&it->first, &it->second});
      e.usage_rows += it->second.rows;
      e.usage_cost[it->first.currency] += it->second.cost;
    }
    auto finish = [&](std::string verdict) {
      e.verdict = std::move(verdict);
      out.subscriptions.push_back(std::move(e));
    };
    // Its groups, up to the tenant root group.
    const std::set<std::string> groups(group_chains[index].begin(), group_chains[index].end());
    // Grants of principals ever linked to the partner (rule A2; A5: the link in the
    // principal's own tenant, role assignments only by the subscription's tenant's principals).
    std::vector<Candidate> candidates;
    std::set<std::string> linked_principals;
    for (const auto& a : d.role_assignments) {
      if (a.principal_tenant_id != s.tenant_id) continue;
      auto links = links_to_partner.find({a.principal_tenant_id, a.principal_id});
      if (links == links_to_partner.end()) continue;
      const auto* role = FindBuiltInRoleById(a.role_definition_id);
      candidates.push_back({false, &a.scope, a.assignment_id.ToString(),
                            role ? role->role_name : a.role_definition_id.ToString(),
                            a.principal_id, a.principal_tenant_id, a.created_at, a.deleted_at,
                            &links->second});
    }
    for (const auto& g : d.delegations) {
      if (!g.scope.subscription_id() ||
          ToLowerAscii(*g.scope.subscription_id()) != e.subscription_id)
        continue;
      auto links = links_to_partner.find({g.managing_tenant_id, g.principal_id});
      if (links == links_to_partner.end()) continue;
      const auto* role = FindBuiltInRoleById(g.role_definition_id);
      candidates.push_back({true, &g.scope, g.delegation_id.ToString(),
                            role ? role->role_name : g.role_definition_id.ToString(),
                            g.principal_id, g.managing_tenant_id, g.created_at, g.deleted_at,
                            &links->second});
    }
    for (const auto& [owner, list] : links_to_partner) {
      if (owner.first == s.tenant_id) linked_principals.insert(owner.second.ToString());
    }
    for (const auto& c : candidates) linked_principals.insert(c.principal.ToString());
    // Rule A4.
    auto contains = [&](const Candidate& c, const std::string& resource) {
      switch (c.scope->level()) {
        case ScopeLevel::kRoot:
          return !c.lighthouse;
        case ScopeLevel::kManagementGroup:
          return !c.lighthouse && groups.count(ToLowerAscii(*c.scope->management_group())) > 0;
        case ScopeLevel::kSubscription:
          return ToLowerAscii(*c.scope->subscription_id()) == e.subscription_id;
        default: {
          const std::string& key = c.scope->Key();
          if (ToLowerAscii(*c.scope->subscription_id()) != e.subscription_id) return false;
          return resource == key ||
                 (resource.size() > key.size() && resource.compare(0, key.size(), key) == 0 &&
                  resource[key.size()] == '/');
        }
      }
    };
    std::vector<const DatasetDpor*> dpor;
    for (const auto& x : d.dpor) {
      if (x.subscription_id == s.subscription_id && x.partner_id == partner_id) dpor.push_back(&x);
    }
    const bool enterprise = s.offer == "EnterpriseAgreement";
    // Whether the partner has anything to do with this subscription in the month: a grant of a
    // principal linked to it (at, above or below the subscription) in force with one of its links
    // for some of the month, or the partner of record for some of it. Partners see only these.
    const Timestamp month_start =
        static_cast<Timestamp>(month.first_day) * 86'400 * kMicrosPerSecond;
    const Timestamp month_end = month.DayEnd(month.days - 1);
    auto overlaps_month = [&](Timestamp from, const std::optional<Timestamp>& to) {
      return from <= month_end && (!to || *to > month_start);
    };
    for (const auto& c : candidates) {
      if (e.partner_connected || !overlaps_month(c.from, c.to)) continue;
      const ScopeLevel level = c.scope->level();
      const bool below = level != ScopeLevel::kRoot && level != ScopeLevel::kManagementGroup &&
                         level != ScopeLevel::kSubscription;
      const bool reaches = below ? contains(c, c.scope->Key()) : contains(c, "");
      if (!reaches) continue;
      for (const DatasetLink* l : *c.links) {
        if (overlaps_month(l->linked_at, l->unlinked_at)) e.partner_connected = true;
      }
    }
    for (const DatasetDpor* x : dpor) {
      if (overlaps_month(x->assigned_at, x->removed_at)) e.partner_connected = true;
    }
    if (s.state == "Disabled" || s.state == "Deleted") {
      e.reasons.push_back(
          {"A8", "SubscriptionInactive",
           fmt::format("The subscription is {}: its usage is not attributed to anyone.", s.state)});
      finish("not credited");
      continue;
    }
    if (entries.empty()) {
      e.reasons.push_back(
          {"A1", "NoUsage",
           fmt::format("The usage read has no rows of this subscription in {}.", month.text)});
      finish("not credited");
      continue;
    }
    std::map<std::string, size_t> credit_of;  // grant id + link start -> index in e.credits
    auto add_credit = [&](ExplainedCredit credit, const std::string& key, std::int32_t day,
                          const ExplainUsageKey& k, NanosSum cost) {
      auto [it, fresh] = credit_of.emplace(key, e.credits.size());
      if (fresh) {
        credit.first_day = credit.last_day = day;
        e.credits.push_back(std::move(credit));
      }
      auto& c = e.credits[it->second];
      c.first_day = std::min(c.first_day, day);
      c.last_day = std::max(c.last_day, day);
      c.cost[k.currency] += cost;
    };
    std::vector<std::pair<const ExplainUsageKey*, const ExplainUsageSum*>> uncredited;
    for (const auto& [k, sum] : entries) {
      const int offset = k->day - month.first_day;
      const Timestamp at = month.DayEnd(offset);
      bool pal = false;
      for (const auto& c : candidates) {
        if (!contains(c, k->resource) || !InForceAt(c.from, c.to, at)) continue;
        const DatasetLink* link = link_at(c, at);
        if (!link) continue;
        pal = true;
        ExplainedCredit credit;
        credit.association = "PAL";
        credit.principal_id = c.principal.ToString();
        if (auto pr = principals.find(c.principal); pr != principals.end()) {
          credit.principal_name = pr->second->display_name;
          credit.principal_kind = std::string(PrincipalKindName(pr->second->kind));
        }
        credit.principal_tenant = c.link_tenant.ToString();
        credit.grant_kind = c.lighthouse ? "Lighthouse delegation" : "role assignment";
        credit.grant_id = c.id;
        credit.scope = c.scope->ToString();
        credit.role = c.role;
        credit.grant_from = c.from;
        credit.grant_to = c.to;
        credit.link_from = link->linked_at;
        credit.link_to = link->unlinked_at;
        add_credit(
            std::move(credit),
            fmt::format("PAL|{}|{}|{}|{}", c.id, credit.principal_id, c.role, link->linked_at),
            k->day, *k, sum->cost);
      }
      if (pal) {
        e.pal_cost[k->currency] += sum->cost;
        continue;
      }
      const DatasetDpor* record = nullptr;
      for (const DatasetDpor* x : dpor) {
        if (InForceAt(x->assigned_at, x->removed_at, at)) record = x;
      }
      if (enterprise && record) {
        ExplainedCredit credit;
        credit.association = "DPOR";
        credit.link_from = record->assigned_at;
        credit.link_to = record->removed_at;
        add_credit(std::move(credit), fmt::format("DPOR|{}", record->assigned_at), k->day, *k,
                   sum->cost);
        e.dpor_cost[k->currency] += sum->cost;
        continue;
      }
      uncredited.push_back({k, sum});
    }
    if (uncredited.empty()) {
      finish("credited");
      continue;
    }
    // Why the rest was not credited: the first PAL rule that failed, then DPOR's.
    std::int32_t first_day = INT32_MAX;
    std::int32_t last_day = INT32_MIN;
    for (const auto& [k, sum] : uncredited) {
      first_day = std::min(first_day, k->day);
      last_day = std::max(last_day, k->day);
    }
    const std::string days =
        first_day == last_day ? FormatDay(first_day)
                              : fmt::format("{} – {}", FormatDay(first_day), FormatDay(last_day));
    if (linked_principals.empty()) {
      e.reasons.push_back(
          {"A5", "NoLinkedPrincipal",
           fmt::format(
               "No principal of tenant {} (nor of a tenant managing this subscription through "
               "Lighthouse) has been linked to partner {}.",
               out.tenant_id, partner_id)});
    } else {
      // Rows no linked principal's grant contains (A4), and rows one contains but not in
      // force together with its link at the day's end (A3).
      std::map<std::string, NanosSum> outside_cost, timing_cost;
      std::int32_t outside_first = INT32_MAX, outside_last = INT32_MIN;
      const Candidate* containing = nullptr;
      const ExplainUsageKey* first = nullptr;
      for (const auto& [k, sum] : uncredited) {
        const Candidate* c = nullptr;
        for (const auto& candidate : candidates) {
          if (contains(candidate, k->resource)) {
            c = &candidate;
            break;
          }
        }
        if (!c) {
          outside_cost[k->currency] += sum->cost;
          outside_first = std::min(outside_first, k->day);
          outside_last = std::max(outside_last, k->day);
          continue;
        }
        timing_cost[k->currency] += sum->cost;
        if (!first || k->day < first->day) {
          containing = c;
          first = k;
        }
      }
      if (!outside_cost.empty()) {
        std::string scopes;
        for (size_t i = 0; i < candidates.size() && i < 3; ++i) {
          scopes += fmt::format("{}{} ({})", i ? ", " : "", candidates[i].scope->ToString(),
                                candidates[i].role);
        }
        std::string principals_text;
        size_t shown = 0;
        for (const auto& id : linked_principals) {
          if (shown++ == 3) break;
          principals_text += fmt::format("{}{}", principals_text.empty() ? "" : ", ", id);
        }
        const std::string span =
            outside_first == outside_last
                ? FormatDay(outside_first)
                : fmt::format("{} – {}", FormatDay(outside_first), FormatDay(outside_last));
        const std::string where = scopes.empty()
                                      ? std::string(" (they hold no role in this subscription)")
                                      : fmt::format("; their roles are at {}", scopes);
        e.reasons.push_back(
            {"A4", "NoGrantContainsResource",
             fmt::format("Principals linked to partner {} ({}) hold no role whose scope contains "
                         "the resources of {} "
                         "of usage on {}{}.",
                         partner_id, principals_text, MoneyText(outside_cost), span, where),
             fmt::format("Principals linked to partner {} ({}) hold no role whose scope contains "
                         "the resources of "
                         "some of the usage on {}{}.",
                         partner_id, principals_text, span, where)});
      }
      if (containing) {
        std::string link_text;
        for (const DatasetLink* l : *containing->links) {
          link_text += fmt::format("{}{}", link_text.empty() ? "" : ", ",
                                   Interval(l->linked_at, l->unlinked_at));
        }
        const std::string grant_text =
            fmt::format("the {} {} ({}) of principal {} at {} ({})",
                        containing->lighthouse ? "Lighthouse delegation" : "role assignment",
                        containing->id, containing->role, containing->principal.ToString(),
                        containing->scope->ToString(), Interval(containing->from, containing->to));
        const std::string timing_text = fmt::format(
            "but on {} at 23:59:59Z (the first such day) it and the principal's link to partner {} "
            "({}) "
            "are not both in force.",
            FormatDay(first->day), partner_id, link_text);
        e.reasons.push_back(
            {"A3", "NotInForce",
             fmt::format("{} of usage is in the scope of {}, {}", MoneyText(timing_cost),
                         grant_text, timing_text),
             fmt::format("Some usage is in the scope of {}, {}", grant_text, timing_text)});
      }
    }
    if (!dpor.empty()) {
      std::string intervals;
      for (const DatasetDpor* x : dpor) {
        intervals += fmt::format("{}{}", intervals.empty() ? "" : ", ",
                                 Interval(x->assigned_at, x->removed_at));
      }
      if (!enterprise) {
        e.reasons.push_back(
            {"A7", "DporNotEnterpriseAgreement",
             fmt::format("Partner {} is the partner of record ({}), but this is a {} subscription: "
                         "DPOR credits only EnterpriseAgreement subscriptions.",
                         partner_id, intervals, s.offer)});
      } else {
        e.reasons.push_back(
            {"A3", "NotInForce",
             fmt::format("Partner {} is the partner of record {}, not in force at the end of the "
                         "uncredited usage days ({}).",
                         partner_id, intervals, days)});
      }
    }
    finish(e.pal_cost.empty() && e.dpor_cost.empty() ? "not credited" : "partly credited");
  }
  if (!found && only) {
    return Error::NotFound("SubscriptionNotFound",
                           fmt::format("Subscription {} is not a subscription of tenant {}.",
                                       only->ToString(), out.tenant_id));
  }
  return out;
}

}  // namespace pal::attribution
