#include "dataset/dataset_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "core/delegation.h"
#include "core/role_definition.h"
#include "core/text.h"
#include "dataset/synthetic_resources.h"

namespace pal {
namespace {

constexpr Timestamp kDay = 86'400LL * kMicrosPerSecond;

// Draws the data set table by table from one random sequence: the order of the draws is the
// data set, so a step may only be moved together with every draw after it.
class DatasetGenerator {
 public:
  explicit DatasetGenerator(const DatasetGeneratorOptions& options)
      : options_(options),
        rng_(options.seed),
        // Histories start at 2025-01-01 over about 500 days; around a month, from 60 days
        // before it at a quarter of the pace, so that many intervals begin, end or switch
        // inside it.
        start_(options.month_first_day
                   ? (static_cast<Timestamp>(*options.month_first_day) - 60) * kDay
                   : 1'735'689'600LL * kMicrosPerSecond),
        pace_(options.month_first_day ? 0.25 : 1.0) {
    // The roles assignable anywhere (not, say, Reservations Administrator, which is assignable
    // only under /providers/Microsoft.Capacity).
    for (const auto& r : BuiltInRoleDefinitions()) {
      if (r.assignable_scopes == std::vector<std::string>{"/"}) roles_.push_back(&r);
    }
  }

  Dataset Generate() {
    AddPartners();
    for (size_t t = 0; t < options_.tenants; ++t) AddTenant(t);
    DropClashingAssignments();
    AddPartnersOfRecord();
    AddDelegations();
    return std::move(d_);
  }

 private:
  size_t Pick(size_t n) { return static_cast<size_t>(rng_() % n); }
  Guid NewGuid() {
    std::array<std::uint8_t, 16> bytes;
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng_());
    return Guid::FromRandomBytes(bytes);
  }
  // An instant 1..max_days (at the pace) after `from`; around a month, one in six is exactly
  // a day's 23:59:59Z or midnight.
  Timestamp When(Timestamp from, int max_days) {
    const auto span = std::max<size_t>(1, static_cast<size_t>(max_days * pace_));
    Timestamp t = from + static_cast<Timestamp>(1 + Pick(span)) * kDay;
    if (options_.month_first_day) {
      switch (Pick(12)) {
        case 0:
          return t - t % kDay + kDay - kMicrosPerSecond;  // exactly D 23:59:59Z
        case 1:
          return t - t % kDay;  // exactly midnight
        default:
          break;
      }
    }
    return t + static_cast<Timestamp>(Pick(86'400)) * kMicrosPerSecond;
  }

  void AddPartners() {
    const size_t partner_count = std::max<size_t>(10, options_.tenants / 20);
    for (size_t p = 0; p < partner_count; ++p) {
      d_.partners.push_back(
          {std::to_string(1'000'000 + p * 7), fmt::format("Partner \"{}\", Ltd", p)});
    }
  }

  // Tenant `t`: its group tree, subscriptions, principals, role assignments and links.
  void AddTenant(size_t t) {
    const Guid tenant = NewGuid();
    d_.tenants.push_back({tenant, fmt::format("Customer {}", t)});
    const std::vector<std::string> groups = AddGroups(tenant, t);
    std::vector<Guid> subs;
    for (size_t s = 0, n = 1 + Pick(3); s < n; ++s) {
      const Guid id = NewGuid();
      subs.push_back(id);
      d_.subscriptions.push_back(
          {tenant, id, fmt::format("Sub {}-{}", t, s),
           kSubscriptionOffers[Pick(kSubscriptionOffers.size())],
           Pick(5) == 0 ? kSubscriptionStates[1 + Pick(4)] : kSubscriptionStates[0],
           groups[Pick(groups.size())]});
    }
    std::vector<Guid> principals;
    for (size_t p = 0, n = 2 + Pick(3); p < n; ++p) {
      const Guid id = NewGuid();
      principals.push_back(id);
      const auto kind = static_cast<PrincipalKind>(Pick(3));
      d_.principals.push_back({tenant, id, kind,
                               kind == PrincipalKind::kServicePrincipal
                                   ? fmt::format("app-{}-{}", t, p)
                                   : fmt::format("user{}@customer{}.example", p, t)});
    }
    for (size_t a = 0, n = 1 + Pick(4); a < n; ++a) AddAssignment(tenant, groups, subs, principals);
    tenant_principals_.push_back(principals);
    tenant_subscriptions_.push_back(subs);
    for (const Guid& p : principals) AddLinks(tenant, p);
  }

  // The root group and up to three more, mostly under the previous group: trees three and
  // four levels deep. Returns the ids, the root first.
  std::vector<std::string> AddGroups(const Guid& tenant, size_t t) {
    d_.management_groups.push_back({tenant, tenant.ToString(), std::nullopt});
    std::vector<std::string> groups = {tenant.ToString()};
    for (size_t g = 0, n = Pick(4); g < n; ++g) {
      const std::string id = fmt::format("mg-{}-{}", t, g);
      d_.management_groups.push_back(
          {tenant, id, groups[Pick(3) == 0 ? Pick(groups.size()) : groups.size() - 1]});
      groups.push_back(id);
    }
    return groups;
  }

  void AddAssignment(const Guid& tenant, const std::vector<std::string>& groups,
                     const std::vector<Guid>& subs, const std::vector<Guid>& principals) {
    const Guid& sub = subs[Pick(subs.size())];
    const SyntheticResources resources = SyntheticResourcesOf(sub);
    std::string scope;
    switch (Pick(6)) {
      case 0:
        scope = "/";
        break;
      case 1:
        scope = "/providers/Microsoft.Management/managementGroups/" + groups[Pick(groups.size())];
        break;
      case 2:
        scope = resources.resource_groups[Pick(resources.resource_groups.size())];
        break;
      case 3:
        scope = resources.resources[Pick(resources.resources.size())];
        break;
      default:
        scope = "/subscriptions/" + sub.ToString();
    }
    const Timestamp created = When(start_, 300);
    std::optional<Timestamp> deleted;
    if (Pick(4) == 0) deleted = When(created, 200);
    d_.role_assignments.push_back(
        {NewGuid(), *ResourceId::Parse(scope), roles_[Pick(roles_.size())]->id,
         principals[Pick(principals.size())], created, deleted, tenant, 0});
  }

  // Half the principals get a link history of up to three intervals (updates and gaps).
  void AddLinks(const Guid& tenant, const Guid& principal) {
    if (Pick(2) == 0) return;
    Timestamp at = When(start_, 200);
    for (size_t k = 0, n = 1 + Pick(3); k < n; ++k) {
      const std::string partner = d_.partners[Pick(d_.partners.size())].partner_id;
      linked_partners_[tenant].push_back(partner);
      std::optional<Timestamp> end;
      if (k + 1 < n || Pick(3) == 0) end = When(at, 120);
      d_.links.push_back({tenant, principal, partner, at, end});
      if (!end) break;
      at = Pick(2) == 0 ? *end : When(*end, 30);  // an update, or a gap
    }
  }

  // A role assignment's deduplication key must be unique at a time: drop clashes.
  void DropClashingAssignments() {
    std::set<std::string> grants;
    std::vector<DatasetRoleAssignment> unique;
    for (auto& a : d_.role_assignments) {
      const auto key = fmt::format("{}|{}|{}", ToLowerAscii(a.scope.ToString()),
                                   a.role_definition_id.ToString(), a.principal_id.ToString());
      if (grants.insert(key).second) unique.push_back(std::move(a));
    }
    d_.role_assignments = std::move(unique);
  }

  // Half the EA subscriptions have a partner of record history of one or two intervals, often
  // naming a partner the customer's own linked accounts credit too (PAL outranks DPOR).
  void AddPartnersOfRecord() {
    for (const auto& s : d_.subscriptions) {
      if (s.offer != SubscriptionOffer::kEnterpriseAgreement || Pick(2) == 0) continue;
      Timestamp at = When(start_, 200);
      const auto& local = linked_partners_[s.tenant_id];
      for (size_t k = 0, n = 1 + Pick(2); k < n; ++k) {
        std::optional<Timestamp> end;
        if (k + 1 < n || Pick(3) == 0) end = When(at, 150);
        const std::string partner = !local.empty() && Pick(2) == 0
                                        ? local[Pick(local.size())]
                                        : d_.partners[Pick(d_.partners.size())].partner_id;
        d_.partners_of_record.push_back({s.subscription_id, partner, at, end, 0});
        if (!end) break;
        at = Pick(2) == 0 ? *end : When(*end, 20);
      }
    }
  }

  // A quarter of the customers delegate a subscription or resource group to one or two
  // principals of another tenant, with roles Lighthouse accepts.
  void AddDelegations() {
    std::vector<Guid> delegable;
    for (const auto* role : roles_) {
      if (ValidateDelegationAuthorizations(role->id, {{Guid(), "", role->id}}).ok())
        delegable.push_back(role->id);
    }
    const size_t tenant_count = options_.tenants;
    for (size_t t = 0; tenant_count > 1 && t < tenant_count; ++t) {
      if (Pick(4) != 0) continue;
      size_t managing = Pick(tenant_count);
      if (managing == t) managing = (t + 1) % tenant_count;
      const Guid& sub = tenant_subscriptions_[t][Pick(tenant_subscriptions_[t].size())];
      const SyntheticResources resources = SyntheticResourcesOf(sub);
      const std::string scope =
          Pick(3) == 0 ? resources.resource_groups[Pick(resources.resource_groups.size())]
                       : "/subscriptions/" + sub.ToString();
      const Guid id = NewGuid();
      const Timestamp created = When(start_, 300);
      std::optional<Timestamp> deleted;
      if (Pick(3) == 0) deleted = When(created, 200);
      const auto& candidates = tenant_principals_[managing];
      const size_t first = Pick(candidates.size());
      for (size_t k = 0, n = std::min<size_t>(1 + Pick(2), candidates.size()); k < n; ++k) {
        d_.delegations.push_back({id, *ResourceId::Parse(scope), d_.tenants[managing].tenant_id,
                                  candidates[(first + k) % candidates.size()],
                                  delegable[Pick(delegable.size())], created, deleted,
                                  d_.tenants[t].tenant_id, 0});
      }
    }
  }

  const DatasetGeneratorOptions& options_;
  std::mt19937_64 rng_;
  const Timestamp start_;
  const double pace_;
  std::vector<const RoleDefinition*> roles_;
  Dataset d_;
  std::vector<std::vector<Guid>> tenant_principals_;
  std::vector<std::vector<Guid>> tenant_subscriptions_;
  std::map<Guid, std::vector<std::string>> linked_partners_;  // tenant -> partners its links name
};

}  // namespace

Dataset GenerateDataset(const DatasetGeneratorOptions& options) {
  return DatasetGenerator(options).Generate();
}

}  // namespace pal
