#include "core/dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/csv.h"
#include "core/delegation.h"
#include "core/role_definition.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal {
namespace {

constexpr const auto& kOffers = kDatasetOffers;
constexpr const auto& kStates = kDatasetStates;

// Collects problems, up to a cap, as "file:line: problem".
class Problems {
 public:
  explicit Problems(size_t max) : max_(max) {}
  void Add(std::string_view file, size_t line, std::string problem) {
    ++count_;
    if (lines_.size() < max_) lines_.push_back(fmt::format("{}:{}: {}", file, line, problem));
  }
  bool empty() const { return count_ == 0; }
  Error ToError() const {
    std::string message;
    for (const auto& l : lines_) message += (message.empty() ? "" : "\n") + l;
    if (count_ > lines_.size()) {
      message += fmt::format("\n... and {} more problem(s)", count_ - lines_.size());
    }
    return Error::InvalidArgument("InvalidDataset", message);
  }

 private:
  size_t max_;
  size_t count_ = 0;
  std::vector<std::string> lines_;
};

// Reads one file's rows through named columns.
class Reader {
 public:
  Reader(const CsvTable& table, std::string_view file, Problems& problems)
      : table_(table), file_(file), problems_(problems) {}

  bool Require(std::initializer_list<std::string_view> columns) {
    bool ok = true;
    for (auto c : columns) {
      if (!table_.Column(c) && !table_.rows.empty()) {
        problems_.Add(file_, 1, fmt::format("the column '{}' is missing", c));
        ok = false;
      }
    }
    return ok;
  }
  size_t size() const { return table_.rows.size(); }
  size_t Line(size_t row) const { return table_.lines[row]; }
  std::string Text(size_t row, std::string_view column) const {
    auto c = table_.Column(column);
    return c ? std::string(Trim(table_.rows[row][*c])) : std::string();
  }
  std::optional<Guid> GuidAt(size_t row, std::string_view column) {
    const std::string text = Text(row, column);
    auto id = Guid::Parse(text);
    if (!id) problems_.Add(file_, Line(row), fmt::format("{} '{}' is not a GUID", column, text));
    return id;
  }
  std::optional<Timestamp> TimeAt(size_t row, std::string_view column, bool optional) {
    const std::string text = Text(row, column);
    if (text.empty()) {
      if (!optional) problems_.Add(file_, Line(row), fmt::format("{} is empty", column));
      return std::nullopt;
    }
    auto t = ParseIso8601(text);
    if (!t) {
      problems_.Add(
          file_, Line(row),
          fmt::format("{} '{}' is not an ISO-8601 UTC time (2026-10-04T13:05:00Z)", column, text));
    }
    return t;
  }
  void Problem(size_t row, std::string problem) {
    problems_.Add(file_, Line(row), std::move(problem));
  }

 private:
  const CsvTable& table_;
  std::string_view file_;
  Problems& problems_;
};

std::string Lower(std::string_view s) { return ToLowerAscii(s); }

}  // namespace

const std::vector<std::string>& DatasetFileNames() {
  static const std::vector<std::string> names = {
      "partners.csv",          "tenants.csv",       "principals.csv",
      "management_groups.csv", "subscriptions.csv", "role_assignments.csv",
      "partner_links.csv",     "lighthouse.csv",    "dpor.csv"};
  return names;
}

std::string FormatDatasetTime(Timestamp t) {
  const std::string iso = FormatIso8601(t);  // 2026-10-04T13:05:00.0000000Z
  if (t % kMicrosPerSecond == 0) return iso.substr(0, 19) + "Z";
  return iso.substr(0, 26) + "Z";
}

Result<Dataset> ParseDataset(const std::map<std::string, std::string>& files, size_t max_problems) {
  Problems problems(max_problems);
  std::map<std::string, CsvTable> tables;
  for (const auto& [name, text] : files) {
    auto table = ParseCsv(text, name);
    if (!table.ok()) {
      problems.Add(name, 0, table.error().message);
      continue;
    }
    tables[name] = std::move(*table);
  }
  if (!problems.empty()) return problems.ToError();
  static const CsvTable kEmpty;
  auto table = [&](const std::string& name) -> const CsvTable& {
    auto it = tables.find(name);
    return it == tables.end() ? kEmpty : it->second;
  };

  Dataset d;
  // partners.csv
  {
    Reader r(table("partners.csv"), "partners.csv", problems);
    if (r.Require({"partner_id", "partner_name"})) {
      std::set<std::string> seen;
      for (size_t i = 0; i < r.size(); ++i) {
        DatasetPartner p{r.Text(i, "partner_id"), r.Text(i, "partner_name"), r.Line(i),
                         std::nullopt};
        if (!r.Text(i, "home_tenant_id").empty()) {
          p.home_tenant_id = r.GuidAt(i, "home_tenant_id");
          if (!p.home_tenant_id) continue;
        }
        if (p.partner_id.empty())
          r.Problem(i, "partner_id is empty");
        else if (!seen.insert(p.partner_id).second)
          r.Problem(i, fmt::format("partner {} appears twice", p.partner_id));
        else
          d.partners.push_back(std::move(p));
      }
    }
  }
  std::set<Guid> tenants;
  {
    Reader r(table("tenants.csv"), "tenants.csv", problems);
    if (r.Require({"tenant_id", "display_name"})) {
      for (size_t i = 0; i < r.size(); ++i) {
        auto id = r.GuidAt(i, "tenant_id");
        if (!id) continue;
        if (!tenants.insert(*id).second) {
          r.Problem(i, fmt::format("tenant {} appears twice", id->ToString()));
          continue;
        }
        d.tenants.push_back({*id, r.Text(i, "display_name"), r.Line(i)});
      }
    }
  }
  auto known_tenant = [&](Reader& r, size_t i, const Guid& t) {
    if (tenants.count(t)) return true;
    r.Problem(i, fmt::format("tenant {} does not exist (tenants.csv)", t.ToString()));
    return false;
  };
  {
    Reader r(table("partners.csv"), "partners.csv", problems);
    for (const auto& p : d.partners) {
      if (p.home_tenant_id && !tenants.count(*p.home_tenant_id)) {
        problems.Add("partners.csv", p.line,
                     fmt::format("home_tenant_id {} does not exist (tenants.csv)",
                                 p.home_tenant_id->ToString()));
      }
    }
  }
  // principals.csv; object ids are unique across the data set, as in Entra.
  std::unordered_map<std::string, Guid> principal_tenant;  // object id -> tenant
  {
    Reader r(table("principals.csv"), "principals.csv", problems);
    if (r.Require({"tenant_id", "object_id", "kind", "display_name"})) {
      for (size_t i = 0; i < r.size(); ++i) {
        auto t = r.GuidAt(i, "tenant_id");
        auto o = r.GuidAt(i, "object_id");
        const std::string kind_text = r.Text(i, "kind");
        auto kind = ParsePrincipalKind(kind_text);
        if (!kind)
          r.Problem(i, fmt::format("kind '{}' is not User, Guest or ServicePrincipal", kind_text));
        if (!t || !o || !kind || !known_tenant(r, i, *t)) continue;
        if (!principal_tenant.emplace(o->ToString(), *t).second) {
          r.Problem(i, fmt::format("principal {} appears twice", o->ToString()));
          continue;
        }
        d.principals.push_back({*t, *o, *kind, r.Text(i, "display_name"), r.Line(i)});
      }
    }
  }
  // management_groups.csv: ids unique; the root group of a tenant is its id, without parent.
  std::unordered_map<std::string, Guid> group_tenant;  // lower-case id -> tenant
  {
    Reader r(table("management_groups.csv"), "management_groups.csv", problems);
    if (r.Require({"tenant_id", "group_id", "parent_group_id"})) {
      for (size_t i = 0; i < r.size(); ++i) {
        auto t = r.GuidAt(i, "tenant_id");
        const std::string id = r.Text(i, "group_id");
        const std::string parent = r.Text(i, "parent_group_id");
        if (!t || !known_tenant(r, i, *t)) continue;
        if (!IsValidManagementGroupName(id)) {
          r.Problem(i, fmt::format("group_id '{}' is not a valid management group id", id));
          continue;
        }
        const bool is_root = EqualsIgnoreCase(id, t->ToString());
        if (is_root != parent.empty()) {
          r.Problem(i, is_root ? "the tenant root group has no parent"
                               : fmt::format("group {} needs a parent_group_id", id));
          continue;
        }
        if (!group_tenant.emplace(Lower(id), *t).second) {
          r.Problem(i, fmt::format("management group {} appears twice", id));
          continue;
        }
        d.management_groups.push_back(
            {*t, id, parent.empty() ? std::nullopt : std::optional<std::string>(parent),
             r.Line(i)});
      }
      // Parents exist in the same tenant, and there are no cycles.
      std::unordered_map<std::string, std::string> parent_of;
      for (const auto& g : d.management_groups) {
        if (g.parent_group_id) parent_of[Lower(g.group_id)] = Lower(*g.parent_group_id);
      }
      for (const auto& g : d.management_groups) {
        if (!g.parent_group_id) continue;
        auto pt = group_tenant.find(Lower(*g.parent_group_id));
        if (pt == group_tenant.end() || pt->second != g.tenant_id) {
          problems.Add("management_groups.csv", g.line,
                       fmt::format("parent group {} does not exist in tenant {}",
                                   *g.parent_group_id, g.tenant_id.ToString()));
          continue;
        }
        std::string at = Lower(g.group_id);
        for (size_t steps = 0; parent_of.count(at); ++steps) {
          at = parent_of[at];
          if (at == Lower(g.group_id) || steps > parent_of.size()) {
            problems.Add("management_groups.csv", g.line,
                         fmt::format("group {} is its own ancestor", g.group_id));
            break;
          }
        }
      }
    }
  }
  // subscriptions.csv
  std::unordered_map<std::string, Guid> subscription_tenant;
  {
    Reader r(table("subscriptions.csv"), "subscriptions.csv", problems);
    if (r.Require({"tenant_id", "subscription_id", "display_name", "offer", "state",
                   "management_group_id"})) {
      for (size_t i = 0; i < r.size(); ++i) {
        auto t = r.GuidAt(i, "tenant_id");
        auto s = r.GuidAt(i, "subscription_id");
        const std::string offer = r.Text(i, "offer");
        const std::string state = r.Text(i, "state");
        const std::string group = r.Text(i, "management_group_id");
        bool ok = t && s && known_tenant(r, i, *t);
        if (std::find(kOffers.begin(), kOffers.end(), offer) == kOffers.end()) {
          r.Problem(i, fmt::format("offer '{}' is not one of EnterpriseAgreement, AzurePlan, CSP, "
                                   "PayAsYouGo",
                                   offer));
          ok = false;
        }
        if (std::find(kStates.begin(), kStates.end(), state) == kStates.end()) {
          r.Problem(i, fmt::format("state '{}' is not one of Enabled, Warned, PastDue, Disabled, "
                                   "Deleted",
                                   state));
          ok = false;
        }
        if (ok && !group.empty()) {
          auto gt = group_tenant.find(Lower(group));
          if (gt == group_tenant.end() || gt->second != *t) {
            r.Problem(i, fmt::format("management group {} does not exist in tenant {}", group,
                                     t->ToString()));
            ok = false;
          }
        }
        if (!ok) continue;
        if (!subscription_tenant.emplace(s->ToString(), *t).second) {
          r.Problem(i, fmt::format("subscription {} appears twice", s->ToString()));
          continue;
        }
        d.subscriptions.push_back({*t, *s, r.Text(i, "display_name"), offer, state,
                                   group.empty() ? std::nullopt : std::optional<std::string>(group),
                                   r.Line(i)});
      }
    }
  }
  // role_assignments.csv
  {
    Reader r(table("role_assignments.csv"), "role_assignments.csv", problems);
    if (r.Require({"assignment_id", "scope", "role_definition_id", "principal_id", "created_at",
                   "deleted_at"})) {
      for (size_t i = 0; i < r.size(); ++i) {
        auto id = r.GuidAt(i, "assignment_id");
        const std::string scope_text = r.Text(i, "scope");
        auto scope = ResourceId::Parse(scope_text);
        if (!scope.ok()) r.Problem(i, fmt::format("scope: {}", scope.error().message));
        const std::string role_text = r.Text(i, "role_definition_id");
        auto role = Guid::ParseLastSegment(role_text);
        if (!role || !FindBuiltInRoleById(*role)) {
          r.Problem(i, fmt::format("role_definition_id '{}' is not a built-in role", role_text));
        }
        auto principal = r.GuidAt(i, "principal_id");
        auto created = r.TimeAt(i, "created_at", false);
        auto deleted = r.TimeAt(i, "deleted_at", true);
        const bool deleted_ok = r.Text(i, "deleted_at").empty() || deleted;
        if (!id || !scope.ok() || !role || !FindBuiltInRoleById(*role) || !principal || !created ||
            !deleted_ok) {
          continue;
        }
        if (deleted && *deleted <= *created) {
          r.Problem(i, "deleted_at is not after created_at");
          continue;
        }
        if (!scope->IsScope()) {
          r.Problem(i,
                    fmt::format("scope '{}' names an extension resource, not a scope", scope_text));
          continue;
        }
        auto owner = principal_tenant.find(principal->ToString());
        if (owner == principal_tenant.end()) {
          r.Problem(i, fmt::format("principal {} does not exist (principals.csv)",
                                   principal->ToString()));
          continue;
        }
        std::optional<Guid> scope_tenant;
        if (scope->level() == ScopeLevel::kRoot) {
          scope_tenant = owner->second;
        } else if (scope->management_group()) {
          auto gt = group_tenant.find(Lower(*scope->management_group()));
          if (gt != group_tenant.end()) scope_tenant = gt->second;
        } else {
          auto st = subscription_tenant.find(Lower(*scope->subscription_id()));
          if (st != subscription_tenant.end()) scope_tenant = st->second;
        }
        if (!scope_tenant) {
          r.Problem(i, fmt::format("scope {} does not exist", scope_text));
          continue;
        }
        if (*scope_tenant != owner->second) {
          r.Problem(i, fmt::format("principal {} belongs to tenant {}, not to tenant {} that owns "
                                   "the scope",
                                   principal->ToString(), owner->second.ToString(),
                                   scope_tenant->ToString()));
          continue;
        }
        d.role_assignments.push_back(
            {*id, *scope, *role, *principal, *created, deleted, *scope_tenant, r.Line(i)});
      }
      // One assignment id is one grant at a time (an id may be reused after it ended).
      std::map<Guid, std::vector<const DatasetRoleAssignment*>> by_id;
      for (const auto& a : d.role_assignments) by_id[a.assignment_id].push_back(&a);
      std::map<std::string, std::vector<const DatasetRoleAssignment*>> by_grant;
      for (const auto& a : d.role_assignments) {
        by_grant[fmt::format("{}|{}|{}", Lower(a.scope.ToString()), a.role_definition_id.ToString(),
                             a.principal_id.ToString())]
            .push_back(&a);
      }
      auto overlapping = [&](auto& groups, std::string_view what) {
        for (auto& [key, list] : groups) {
          std::sort(list.begin(), list.end(),
                    [](auto* x, auto* y) { return x->created_at < y->created_at; });
          for (size_t k = 1; k < list.size(); ++k) {
            if (!list[k - 1]->deleted_at || *list[k - 1]->deleted_at > list[k]->created_at) {
              problems.Add("role_assignments.csv", list[k]->line,
                           fmt::format("{} overlaps the one on line {}", what, list[k - 1]->line));
            }
          }
        }
      };
      overlapping(by_id, "this assignment id");
      overlapping(by_grant, "the same role for the same principal at the same scope");
    }
  }
  // partner_links.csv
  {
    Reader r(table("partner_links.csv"), "partner_links.csv", problems);
    if (r.Require({"tenant_id", "object_id", "partner_id", "linked_at", "unlinked_at"})) {
      std::set<std::string> partners;
      for (const auto& p : d.partners) partners.insert(p.partner_id);
      for (size_t i = 0; i < r.size(); ++i) {
        auto t = r.GuidAt(i, "tenant_id");
        auto o = r.GuidAt(i, "object_id");
        const std::string partner = r.Text(i, "partner_id");
        auto linked = r.TimeAt(i, "linked_at", false);
        auto unlinked = r.TimeAt(i, "unlinked_at", true);
        if (!t || !o || !linked || (!r.Text(i, "unlinked_at").empty() && !unlinked)) continue;
        auto owner = principal_tenant.find(o->ToString());
        if (owner == principal_tenant.end() || owner->second != *t) {
          r.Problem(i, fmt::format("principal {} does not exist in tenant {}", o->ToString(),
                                   t->ToString()));
          continue;
        }
        if (!partners.count(partner)) {
          r.Problem(i, fmt::format("partner {} is not in partners.csv", partner));
          continue;
        }
        if (unlinked && *unlinked <= *linked) {
          r.Problem(i, "unlinked_at is not after linked_at");
          continue;
        }
        d.links.push_back({*t, *o, partner, *linked, unlinked, r.Line(i)});
      }
      std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>> by_owner;
      for (const auto& l : d.links) by_owner[{l.tenant_id, l.object_id}].push_back(&l);
      for (auto& [owner, list] : by_owner) {
        std::sort(list.begin(), list.end(),
                  [](auto* x, auto* y) { return x->linked_at < y->linked_at; });
        for (size_t k = 1; k < list.size(); ++k) {
          if (!list[k - 1]->unlinked_at || *list[k - 1]->unlinked_at > list[k]->linked_at) {
            problems.Add("partner_links.csv", list[k]->line,
                         fmt::format("this link of principal {} overlaps the one on line {}",
                                     owner.second.ToString(), list[k - 1]->line));
          }
        }
      }
    }
  }
  // lighthouse.csv
  {
    Reader r(table("lighthouse.csv"), "lighthouse.csv", problems);
    if (r.Require({"delegation_id", "scope", "managing_tenant_id", "principal_id",
                   "role_definition_id", "created_at", "deleted_at"})) {
      for (size_t i = 0; i < r.size(); ++i) {
        auto id = r.GuidAt(i, "delegation_id");
        const std::string scope_text = r.Text(i, "scope");
        auto scope = ResourceId::Parse(scope_text);
        if (!scope.ok()) r.Problem(i, fmt::format("scope: {}", scope.error().message));
        auto managing = r.GuidAt(i, "managing_tenant_id");
        auto principal = r.GuidAt(i, "principal_id");
        const std::string role_text = r.Text(i, "role_definition_id");
        auto role = Guid::ParseLastSegment(role_text);
        auto created = r.TimeAt(i, "created_at", false);
        auto deleted = r.TimeAt(i, "deleted_at", true);
        if (!role) r.Problem(i, fmt::format("role_definition_id '{}' is not a GUID", role_text));
        if (!id || !scope.ok() || !managing || !principal || !role || !created ||
            (!r.Text(i, "deleted_at").empty() && !deleted)) {
          continue;
        }
        if (deleted && *deleted <= *created) {
          r.Problem(i, "deleted_at is not after created_at");
          continue;
        }
        if (!scope->subscription_id() || scope->level() == ScopeLevel::kResource ||
            !scope->IsScope()) {
          r.Problem(i,
                    fmt::format("scope '{}' is not a subscription or resource group", scope_text));
          continue;
        }
        auto customer = subscription_tenant.find(Lower(*scope->subscription_id()));
        if (customer == subscription_tenant.end()) {
          r.Problem(i, fmt::format("scope {} does not exist", scope_text));
          continue;
        }
        if (!tenants.count(*managing)) {
          r.Problem(i, fmt::format("managing tenant {} does not exist (tenants.csv)",
                                   managing->ToString()));
          continue;
        }
        if (*managing == customer->second) {
          r.Problem(i, "the managing tenant is the customer's own tenant");
          continue;
        }
        auto owner = principal_tenant.find(principal->ToString());
        if (owner == principal_tenant.end() || owner->second != *managing) {
          r.Problem(i, fmt::format("principal {} does not exist in the managing tenant {}",
                                   principal->ToString(), managing->ToString()));
          continue;
        }
        if (auto allowed = ValidateDelegationAuthorizations(*id, {{*principal, "", *role}});
            !allowed.ok()) {
          r.Problem(i, allowed.error().message);
          continue;
        }
        d.delegations.push_back({*id, *scope, *managing, *principal, *role, *created, deleted,
                                 customer->second, r.Line(i)});
      }
      // The rows of one delegation are one assignment: same scope, tenant and interval, and
      // each (principal, role) once. A delegation is its id in the customer's tenant (the one
      // owning the scope): two customers may use the same id, as two delegations.
      std::map<std::pair<Guid, Guid>, const DatasetDelegation*> first;
      std::set<std::string> grants;
      for (const auto& g : d.delegations) {
        auto [it, fresh] = first.emplace(std::pair{g.customer_tenant_id, g.delegation_id}, &g);
        const DatasetDelegation& f = *it->second;
        if (!fresh && (!(f.scope == g.scope) || f.managing_tenant_id != g.managing_tenant_id ||
                       f.created_at != g.created_at || f.deleted_at != g.deleted_at)) {
          problems.Add("lighthouse.csv", g.line,
                       fmt::format("delegation {} differs from its row on line {} in scope, "
                                   "managing tenant or interval",
                                   g.delegation_id.ToString(), f.line));
        }
        if (!grants
                 .insert(fmt::format("{}|{}|{}|{}", g.customer_tenant_id.ToString(),
                                     g.delegation_id.ToString(), g.principal_id.ToString(),
                                     g.role_definition_id.ToString()))
                 .second) {
          problems.Add("lighthouse.csv", g.line,
                       "this principal and role appear twice in the delegation");
        }
      }
    }
  }
  // dpor.csv
  {
    Reader r(table("dpor.csv"), "dpor.csv", problems);
    if (r.Require({"subscription_id", "partner_id", "assigned_at", "removed_at"})) {
      std::set<std::string> partners;
      for (const auto& p : d.partners) partners.insert(p.partner_id);
      for (size_t i = 0; i < r.size(); ++i) {
        auto s = r.GuidAt(i, "subscription_id");
        const std::string partner = r.Text(i, "partner_id");
        auto assigned = r.TimeAt(i, "assigned_at", false);
        auto removed = r.TimeAt(i, "removed_at", true);
        if (!s || !assigned || (!r.Text(i, "removed_at").empty() && !removed)) continue;
        if (!subscription_tenant.count(s->ToString())) {
          r.Problem(
              i, fmt::format("subscription {} does not exist (subscriptions.csv)", s->ToString()));
          continue;
        }
        if (!partners.count(partner)) {
          r.Problem(i, fmt::format("partner {} is not in partners.csv", partner));
          continue;
        }
        if (removed && *removed <= *assigned) {
          r.Problem(i, "removed_at is not after assigned_at");
          continue;
        }
        d.dpor.push_back({*s, partner, *assigned, removed, r.Line(i)});
      }
      std::map<Guid, std::vector<const DatasetDpor*>> by_subscription;
      for (const auto& p : d.dpor) by_subscription[p.subscription_id].push_back(&p);
      for (auto& [s, list] : by_subscription) {
        std::sort(list.begin(), list.end(),
                  [](auto* x, auto* y) { return x->assigned_at < y->assigned_at; });
        for (size_t k = 1; k < list.size(); ++k) {
          if (!list[k - 1]->removed_at || *list[k - 1]->removed_at > list[k]->assigned_at) {
            problems.Add(
                "dpor.csv", list[k]->line,
                fmt::format("this partner of record of subscription {} overlaps the one on "
                            "line {}",
                            s.ToString(), list[k - 1]->line));
          }
        }
      }
    }
  }
  if (!problems.empty()) return problems.ToError();
  return d;
}

std::vector<std::vector<std::string>> SubscriptionGroupChains(const Dataset& d) {
  std::unordered_map<std::string, std::string> parent_of;
  for (const auto& g : d.management_groups) {
    if (g.parent_group_id) parent_of[Lower(g.group_id)] = Lower(*g.parent_group_id);
  }
  std::vector<std::vector<std::string>> chains;
  chains.reserve(d.subscriptions.size());
  for (const auto& s : d.subscriptions) {
    std::vector<std::string> chain = {
        Lower(s.management_group_id.value_or(s.tenant_id.ToString()))};
    // Bounded: a data set that skipped validation may hold a cycle.
    for (auto up = parent_of.find(chain.back());
         up != parent_of.end() && chain.size() <= parent_of.size() + 1;
         up = parent_of.find(chain.back())) {
      chain.push_back(up->second);
    }
    chains.push_back(std::move(chain));
  }
  return chains;
}

std::map<std::string, std::string> WriteDataset(const Dataset& d) {
  std::map<std::string, std::string> files;
  auto optional_text = [](const std::optional<std::string>& s) { return s.value_or(""); };
  auto optional_time = [](const std::optional<Timestamp>& t) {
    return t ? FormatDatasetTime(*t) : std::string();
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : d.partners) {
    rows.push_back(
        {p.partner_id, p.partner_name, p.home_tenant_id ? p.home_tenant_id->ToString() : ""});
  }
  files["partners.csv"] = WriteCsv({"partner_id", "partner_name", "home_tenant_id"}, rows);
  rows.clear();
  for (const auto& t : d.tenants) rows.push_back({t.tenant_id.ToString(), t.display_name});
  files["tenants.csv"] = WriteCsv({"tenant_id", "display_name"}, rows);
  rows.clear();
  for (const auto& p : d.principals) {
    rows.push_back({p.tenant_id.ToString(), p.object_id.ToString(),
                    std::string(PrincipalKindName(p.kind)), p.display_name});
  }
  files["principals.csv"] = WriteCsv({"tenant_id", "object_id", "kind", "display_name"}, rows);
  rows.clear();
  for (const auto& g : d.management_groups) {
    rows.push_back({g.tenant_id.ToString(), g.group_id, optional_text(g.parent_group_id)});
  }
  files["management_groups.csv"] = WriteCsv({"tenant_id", "group_id", "parent_group_id"}, rows);
  rows.clear();
  for (const auto& s : d.subscriptions) {
    rows.push_back({s.tenant_id.ToString(), s.subscription_id.ToString(), s.display_name, s.offer,
                    s.state, optional_text(s.management_group_id)});
  }
  files["subscriptions.csv"] = WriteCsv(
      {"tenant_id", "subscription_id", "display_name", "offer", "state", "management_group_id"},
      rows);
  rows.clear();
  for (const auto& a : d.role_assignments) {
    rows.push_back({a.assignment_id.ToString(), a.scope.ToString(), a.role_definition_id.ToString(),
                    a.principal_id.ToString(), FormatDatasetTime(a.created_at),
                    optional_time(a.deleted_at)});
  }
  files["role_assignments.csv"] = WriteCsv(
      {"assignment_id", "scope", "role_definition_id", "principal_id", "created_at", "deleted_at"},
      rows);
  rows.clear();
  for (const auto& l : d.links) {
    rows.push_back({l.tenant_id.ToString(), l.object_id.ToString(), l.partner_id,
                    FormatDatasetTime(l.linked_at), optional_time(l.unlinked_at)});
  }
  files["partner_links.csv"] =
      WriteCsv({"tenant_id", "object_id", "partner_id", "linked_at", "unlinked_at"}, rows);
  rows.clear();
  for (const auto& g : d.delegations) {
    rows.push_back({g.delegation_id.ToString(), g.scope.ToString(), g.managing_tenant_id.ToString(),
                    g.principal_id.ToString(), g.role_definition_id.ToString(),
                    FormatDatasetTime(g.created_at), optional_time(g.deleted_at)});
  }
  files["lighthouse.csv"] =
      WriteCsv({"delegation_id", "scope", "managing_tenant_id", "principal_id",
                "role_definition_id", "created_at", "deleted_at"},
               rows);
  rows.clear();
  for (const auto& p : d.dpor) {
    rows.push_back({p.subscription_id.ToString(), p.partner_id, FormatDatasetTime(p.assigned_at),
                    optional_time(p.removed_at)});
  }
  files["dpor.csv"] =
      WriteCsv({"subscription_id", "partner_id", "assigned_at", "removed_at"}, rows);
  return files;
}

}  // namespace pal
