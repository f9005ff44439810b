#include "attribution/power_platform_explanation.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "attribution/power_platform_attribution.h"
#include "core/civil_date.h"
#include "core/principal.h"
#include "core/text.h"

namespace pal::attribution {
namespace {

std::string Until(const std::optional<Timestamp>& t) {
  return t ? FormatDatasetTime(*t) : "still in force";
}

// "owner bbbb… (ann@customer.example)"
std::string Who(const ExplainedPowerPlatformUser& u) {
  return u.display_name.empty() ? fmt::format("{} {}", u.role, u.user_id)
                                : fmt::format("{} {} ({})", u.role, u.user_id, u.display_name);
}

std::string Activity(const ExplainedPowerPlatformUser& u, const std::string& month) {
  return u.last_active ? fmt::format("last active on {}", FormatDay(*u.last_active))
                       : fmt::format("no activity on the resource in {}", month);
}

// Why `winner` ranks before `loser` (rule B3), both candidates.
std::string Outranked(PowerPlatformRankCriterion why, const ExplainedPowerPlatformUser& w,
                      const ExplainedPowerPlatformUser& p, const std::string& month) {
  switch (why) {
    case PowerPlatformRankCriterion::kLaterActivity:
      return p.last_active
                 ? fmt::format(
                       "{} was last active on {}, after the partner's candidate {}, last active on "
                       "{}: the "
                       "latest activity wins",
                       Who(w), FormatDay(*w.last_active), Who(p), FormatDay(*p.last_active))
                 : fmt::format(
                       "{} was last active on {}, and the partner's candidate {} has no activity "
                       "on the "
                       "resource in {}: candidates without activity rank last",
                       Who(w), FormatDay(*w.last_active), Who(p), month);
    case PowerPlatformRankCriterion::kNewerLink:
      return fmt::format(
          "{} and the partner's candidate {} tie on activity ({}); {}'s link, made {}, is newer "
          "than "
          "the partner's, made {}: ties go to the most recently made link",
          Who(w), Who(p), Activity(p, month), w.user_id, FormatDatasetTime(w.linked_at),
          FormatDatasetTime(p.linked_at));
    case PowerPlatformRankCriterion::kSmallerPartnerId:
      return fmt::format(
          "{} and the partner's candidate {} tie on activity ({}) and on link time ({}): ties then "
          "go "
          "to the smaller partner id, {} before {}",
          Who(w), Who(p), Activity(p, month), FormatDatasetTime(p.linked_at), w.partner_id,
          p.partner_id);
    case PowerPlatformRankCriterion::kNone:
      break;
  }
  return fmt::format("{} ranks first", Who(w));
}

// What explaining one tenant's resources for one partner reads of the data set.
struct PartnerFacts {
  const std::string& partner_id;
  const std::string& tenant_id;
  const std::string& month;                                             // "YYYY-MM"
  Timestamp month_end = 0;                                              // rule B2's instant
  std::string end_text;                                                 // month_end as text
  const std::map<std::string, std::string>& partner_names;              // partner id -> name
  std::map<std::pair<Guid, Guid>, const DatasetPrincipal*> principals;  // (tenant, object)
  std::map<Guid, std::vector<const DatasetLink*>> links_to_partner;     // the tenant's users' links
};

// Errors TenantNotFound, PartnerNotFound and ResourceNotFound (`only` is not a resource of the
// tenant); the partner's name in `out` otherwise.
Result<void> CheckAsked(const Dataset& d, const PowerPlatformUsage& usage, const Guid& tenant,
                        const std::map<std::string, std::string>& partner_names,
                        const std::optional<std::string>& only, PowerPlatformExplanation& out) {
  if (std::none_of(d.tenants.begin(), d.tenants.end(),
                   [&](const auto& x) { return x.tenant_id == tenant; })) {
    return Error::NotFound("TenantNotFound",
                           fmt::format("Tenant {} is not in the data set.", out.tenant_id));
  }
  auto partner = partner_names.find(out.partner_id);
  if (partner == partner_names.end()) {
    return Error::NotFound(
        "PartnerNotFound",
        fmt::format("Partner {} is not in the data set's partners.", out.partner_id));
  }
  out.partner_name = partner->second;
  const std::string only_key = only ? ToLowerAscii(*only) : std::string();
  if (only && std::none_of(usage.resources.begin(), usage.resources.end(),
                           [&](const PowerPlatformResource& r) {
                             return r.tenant_id == tenant &&
                                    ToLowerAscii(r.resource_id) == only_key;
                           })) {
    return Error::NotFound("ResourceNotFound",
                           fmt::format("{} is not a Power Platform or Customer Insights resource "
                                       "of tenant {}.",
                                       *only, out.tenant_id));
  }
  return {};
}

ExplainedPowerPlatformUser ExplainUser(const PartnerFacts& f, const PowerPlatformResource& r,
                                       const PowerPlatformAttributedUser& u, size_t rank) {
  ExplainedPowerPlatformUser x;
  x.user_id = u.user_id.ToString();
  if (auto p = f.principals.find({r.tenant_id, u.user_id}); p != f.principals.end()) {
    x.display_name = p->second->display_name;
    x.kind = std::string(PrincipalKindName(p->second->kind));
  }
  x.role = u.role;
  x.last_active = u.last_active;
  x.rank = rank;
  if (u.link) {
    x.partner_id = u.link->partner_id;
    auto name = f.partner_names.find(u.link->partner_id);
    x.partner_name = name == f.partner_names.end() ? std::string() : name->second;
    x.linked_at = u.link->linked_at;
    x.unlinked_at = u.link->unlinked_at;
  }
  return x;
}

// The resource, its value and its users as the judgement has them: the candidates in B3
// order, then the other attributed users; the winner, when there is one.
PowerPlatformResourceExplanation DescribeResource(const PartnerFacts& f,
                                                  const PowerPlatformResource& r,
                                                  const PowerPlatformJudgement& j) {
  PowerPlatformResourceExplanation e;
  e.resource_id = r.resource_id;
  e.product = std::string(PowerPlatformProductName(r.product));
  e.environment_id = r.environment_id;
  e.environment_type = EnvironmentTypeName(r.environment_type);
  e.paid = r.paid;
  e.eligible = j.eligible;
  e.metric = j.metric;
  e.value = j.value;
  e.value_day = j.value_day;
  for (size_t i = 0; i < j.ranking.size(); ++i)
    e.users.push_back(ExplainUser(f, r, j.users[j.ranking[i]], i + 1));
  for (const auto& u : j.users) {
    if (!u.link) e.users.push_back(ExplainUser(f, r, u, 0));
  }
  if (!j.ranking.empty()) {
    e.credited_partner_id = e.users[0].partner_id;
    e.credited_partner_name = e.users[0].partner_name;
    e.credited_through = e.users[0].user_id;
  }
  return e;
}

// Attributed users linked to the partner, but not at the month's end (rule B2).
std::vector<ExplainedReason> LinksNotInForce(const PartnerFacts& f,
                                             const PowerPlatformJudgement& j) {
  std::vector<ExplainedReason> not_in_force;
  for (const auto& u : j.users) {
    if (u.link && u.link->partner_id == f.partner_id) continue;
    auto links = f.links_to_partner.find(u.user_id);
    if (links == f.links_to_partner.end()) continue;
    std::string intervals;
    for (const DatasetLink* l : links->second) {
      intervals +=
          fmt::format("{}{} – {} ({})", intervals.empty() ? "" : ", ",
                      FormatDatasetTime(l->linked_at), Until(l->unlinked_at),
                      l->linked_at > f.month_end ? "made after it" : "ended before or at it");
    }
    not_in_force.push_back(
        {"B2", "LinkNotInForceAtMonthEnd",
         fmt::format(
             "The {} {} has a link to partner {}, but not in force at the month's end, {}: {}{}.",
             u.role, u.user_id.ToString(), f.partner_id, f.end_text, intervals,
             u.link ? fmt::format("; at the month's end the user is linked to partner {}",
                                  u.link->partner_id)
                    : std::string())});
  }
  return not_in_force;
}

// The reason that decides the partner is not credited for resource `r` (B1, B2 or B3).
ExplainedReason DecidingReason(const PartnerFacts& f, const PowerPlatformResource& r,
                               const PowerPlatformJudgement& j,
                               const PowerPlatformResourceExplanation& e) {
  const ExplainedPowerPlatformUser* winner = j.ranking.empty() ? nullptr : &e.users[0];
  const ExplainedPowerPlatformUser* best_of_partner = nullptr;
  for (const auto& u : e.users) {
    if (u.rank > 0 && u.partner_id == f.partner_id) {
      best_of_partner = &u;
      break;
    }
  }
  if (j.users.empty()) {
    return {"B1", "NoAttributedUsers",
            r.product == PowerPlatformProduct::kCustomerInsightsInstance
                ? fmt::format("No user was active on the Customer Insights instance in {}: it has "
                              "no attributed users.",
                              f.month)
                : std::string("The resource lists no owner: it has no attributed users.")};
  }
  if (!winner) {
    std::string users;
    for (const auto& u : e.users)
      users += fmt::format("{}{} {}", users.empty() ? "" : ", ", u.role, u.user_id);
    return {"B2", "NoAttributedUserLinked",
            fmt::format("{} ({}) has {} PAL link in tenant {} in force at the month's end, {}: the "
                        "resource is credited to nobody.",
                        e.users.size() == 1
                            ? std::string("Its only attributed user")
                            : fmt::format("None of its {} attributed users", e.users.size()),
                        users, e.users.size() == 1 ? "no" : "a", f.tenant_id, f.end_text)};
  }
  if (best_of_partner) {
    const auto why =
        RanksBefore(j.users[j.ranking[0]], j.users[j.ranking[best_of_partner->rank - 1]]);
    return {
        "B3", "OutrankedByLatestPartner",
        fmt::format("The resource is credited to partner {} ({}): {}.", winner->partner_id,
                    winner->partner_name, Outranked(why, *winner, *best_of_partner, f.month)),
        fmt::format("The resource is credited to another partner, whose linked user ranks first "
                    "under rule B3 (the latest partner) in {}.",
                    f.month)};
  }
  return {
      "B2", "NoAttributedUserLinkedToPartner",
      fmt::format("No attributed user has a link to partner {} in force at the month's end, {}; "
                  "the resource is credited to partner {} ({}) through the {} {}.",
                  f.partner_id, f.end_text, winner->partner_id, winner->partner_name, winner->role,
                  winner->user_id)};
}

PowerPlatformResourceExplanation ExplainResource(const PartnerFacts& f,
                                                 const PowerPlatformResource& r,
                                                 const PowerPlatformJudgement& j) {
  PowerPlatformResourceExplanation e = DescribeResource(f, r, j);
  if (!j.ranking.empty() && e.users[0].partner_id == f.partner_id) {
    e.verdict = "credited";
    return e;
  }
  e.verdict = !j.ranking.empty() ? "credited to another partner" : "credited to nobody";
  e.reasons.push_back(DecidingReason(f, r, j, e));
  const auto not_in_force = LinksNotInForce(f, j);
  e.reasons.insert(e.reasons.end(), not_in_force.begin(), not_in_force.end());
  return e;
}

// Plain statements when there is little to explain.
void AddNotes(PowerPlatformExplanation& out, const PowerPlatformUsage& usage,
              size_t tenant_resources) {
  if (usage.resources.empty()) {
    out.notes.push_back("The data has no Power Platform or Customer Insights resources.");
    return;
  }
  if (tenant_resources == 0) {
    out.notes.push_back(fmt::format(
        "Tenant {} has no Power Platform or Customer Insights resources.", out.tenant_id));
  }
  if (out.partner_credited_anywhere == 0) {
    out.notes.push_back(
        fmt::format("Partner {} is credited for no Power Platform or Customer Insights resource in "
                    "any tenant in {}.",
                    out.partner_id, out.month));
  }
}

}  // namespace

Result<PowerPlatformExplanation> ExplainPowerPlatform(
    const Dataset& d, const PowerPlatformUsage& usage, const AttributionMonth& month,
    const Guid& tenant, const std::string& partner_id, const std::optional<std::string>& only) {
  PowerPlatformExplanation out;
  out.tenant_id = tenant.ToString();
  out.partner_id = partner_id;
  out.month = month.text;
  std::map<std::string, std::string> partner_names;
  for (const auto& p : d.partners) partner_names[p.partner_id] = p.partner_name;
  PAL_TRY(CheckAsked(d, usage, tenant, partner_names, only, out));

  const PowerPlatformMonth facts(d, usage, month);
  out.month_end = facts.month_end();
  PartnerFacts f{partner_id,
                 out.tenant_id,
                 out.month,
                 out.month_end,
                 FormatDatasetTime(out.month_end),
                 partner_names,
                 {},
                 {}};
  for (const auto& p : d.principals) f.principals[{p.tenant_id, p.object_id}] = &p;
  for (const auto& l : d.links) {
    if (l.tenant_id == tenant && l.partner_id == partner_id)
      f.links_to_partner[l.object_id].push_back(&l);
  }
  const std::string only_key = only ? ToLowerAscii(*only) : std::string();
  size_t tenant_resources = 0;
  for (const auto& r : usage.resources) {
    const PowerPlatformJudgement j = JudgePowerPlatformResource(facts, r);
    if (j.winner() && j.winner()->link->partner_id == partner_id) ++out.partner_credited_anywhere;
    if (r.tenant_id != tenant) continue;
    ++tenant_resources;
    if (only && ToLowerAscii(r.resource_id) != only_key) continue;
    out.resources.push_back(ExplainResource(f, r, j));
  }
  std::sort(out.resources.begin(), out.resources.end(), [](const auto& a, const auto& b) {
    return ToLowerAscii(a.resource_id) < ToLowerAscii(b.resource_id);
  });
  AddNotes(out, usage, tenant_resources);
  return out;
}

}  // namespace pal::attribution
