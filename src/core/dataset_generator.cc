#include "core/dataset_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "core/delegation.h"
#include "core/role_definition.h"
#include "core/synthetic_resources.h"
#include "core/text.h"

namespace pal {

Dataset GenerateDataset(const DatasetGeneratorOptions& options) {
  const size_t tenant_count = options.tenants;
  std::mt19937_64 rng(options.seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto guid = [&] {
    std::array<std::uint8_t, 16> bytes;
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    return Guid::FromRandomBytes(bytes);
  };
  constexpr Timestamp kDay = 86'400LL * kMicrosPerSecond;
  // Histories start at 2025-01-01 over about 500 days; around a month, from 60 days before it
  // at a quarter of the pace, so that many intervals begin, end or switch inside it.
  const Timestamp start = options.month
                              ? (static_cast<Timestamp>(options.month->first_day) - 60) * kDay
                              : 1'735'689'600LL * kMicrosPerSecond;
  const double pace = options.month ? 0.25 : 1.0;
  auto when = [&](Timestamp from, int max_days) {
    const auto span = std::max<size_t>(1, static_cast<size_t>(max_days * pace));
    Timestamp t = from + static_cast<Timestamp>(1 + pick(span)) * kDay;
    if (options.month) {
      switch (pick(12)) {
        case 0:
          return t - t % kDay + kDay - kMicrosPerSecond;  // exactly D 23:59:59Z
        case 1:
          return t - t % kDay;  // exactly midnight
        default:
          break;
      }
    }
    return t + static_cast<Timestamp>(pick(86'400)) * kMicrosPerSecond;
  };
  const std::vector<const RoleDefinition*> roles = [] {
    std::vector<const RoleDefinition*> out;
    for (const auto& r : BuiltInRoleDefinitions()) out.push_back(&r);
    return out;
  }();

  Dataset d;
  std::vector<std::vector<Guid>> tenant_principals;
  std::vector<std::vector<Guid>> tenant_subscriptions;
  std::map<Guid, std::vector<std::string>> linked_partners;  // tenant -> partners its links name
  const size_t partner_count = std::max<size_t>(10, tenant_count / 20);
  for (size_t p = 0; p < partner_count; ++p) {
    d.partners.push_back(
        {std::to_string(1'000'000 + p * 7), fmt::format("Partner \"{}\", Ltd", p)});
  }
  for (size_t t = 0; t < tenant_count; ++t) {
    const Guid tenant = guid();
    d.tenants.push_back({tenant, fmt::format("Customer {}", t)});
    d.management_groups.push_back({tenant, tenant.ToString(), std::nullopt});
    std::vector<std::string> groups = {tenant.ToString()};
    for (size_t g = 0, n = pick(4); g < n; ++g) {
      const std::string id = fmt::format("mg-{}-{}", t, g);
      // Mostly under the previous group: trees three and four levels deep.
      d.management_groups.push_back(
          {tenant, id, groups[pick(3) == 0 ? pick(groups.size()) : groups.size() - 1]});
      groups.push_back(id);
    }
    std::vector<Guid> subs;
    for (size_t s = 0, n = 1 + pick(3); s < n; ++s) {
      const Guid id = guid();
      subs.push_back(id);
      d.subscriptions.push_back(
          {tenant, id, fmt::format("Sub {}-{}", t, s),
           std::string(kDatasetOffers[pick(kDatasetOffers.size())]),
           std::string(pick(5) == 0 ? kDatasetStates[1 + pick(4)] : kDatasetStates[0]),
           groups[pick(groups.size())]});
    }
    std::vector<Guid> principals;
    for (size_t p = 0, n = 2 + pick(3); p < n; ++p) {
      const Guid id = guid();
      principals.push_back(id);
      const auto kind = static_cast<PrincipalKind>(pick(3));
      d.principals.push_back({tenant, id, kind,
                              kind == PrincipalKind::kServicePrincipal
                                  ? fmt::format("app-{}-{}", t, p)
                                  : fmt::format("user{}@customer{}.example", p, t)});
    }
    for (size_t a = 0, n = 1 + pick(4); a < n; ++a) {
      const Guid& sub = subs[pick(subs.size())];
      const SyntheticResources resources = SyntheticResourcesOf(sub);
      std::string scope;
      switch (pick(6)) {
        case 0:
          scope = "/";
          break;
        case 1:
          scope = "/providers/Microsoft.Management/managementGroups/" + groups[pick(groups.size())];
          break;
        case 2:
          scope = resources.resource_groups[pick(resources.resource_groups.size())];
          break;
        case 3:
          scope = resources.resources[pick(resources.resources.size())];
          break;
        default:
          scope = "/subscriptions/" + sub.ToString();
      }
      const Timestamp created = when(start, 300);
      std::optional<Timestamp> deleted;
      if (pick(4) == 0) deleted = when(created, 200);
      d.role_assignments.push_back(
          {guid(), *ResourceId::Parse(scope), roles[pick(roles.size())]->id,
           principals[pick(principals.size())], created, deleted, tenant, 0});
    }
    tenant_principals.push_back(principals);
    tenant_subscriptions.push_back(subs);
    for (const Guid& p : principals) {
      if (pick(2) == 0) continue;
      Timestamp at = when(start, 200);
      for (size_t k = 0, n = 1 + pick(3); k < n; ++k) {
        const std::string partner = d.partners[pick(d.partners.size())].partner_id;
        linked_partners[tenant].push_back(partner);
        std::optional<Timestamp> end;
        if (k + 1 < n || pick(3) == 0) end = when(at, 120);
        d.links.push_back({tenant, p, partner, at, end});
        if (!end) break;
        at = pick(2) == 0 ? *end : when(*end, 30);  // an update, or a gap
      }
    }
  }
  // A role assignment's deduplication key must be unique at a time: drop clashes.
  std::set<std::string> grants;
  std::vector<DatasetRoleAssignment> unique;
  for (auto& a : d.role_assignments) {
    const auto key = fmt::format("{}|{}|{}", ToLowerAscii(a.scope.ToString()),
                                 a.role_definition_id.ToString(), a.principal_id.ToString());
    if (grants.insert(key).second) unique.push_back(std::move(a));
  }
  d.role_assignments = std::move(unique);

  // DPOR: half the EA subscriptions have a partner of record history of one or two intervals,
  // often naming a partner the customer's own linked accounts credit too (PAL outranks DPOR).
  for (const auto& s : d.subscriptions) {
    if (s.offer != "EnterpriseAgreement" || pick(2) == 0) continue;
    Timestamp at = when(start, 200);
    const auto& local = linked_partners[s.tenant_id];
    for (size_t k = 0, n = 1 + pick(2); k < n; ++k) {
      std::optional<Timestamp> end;
      if (k + 1 < n || pick(3) == 0) end = when(at, 150);
      const std::string partner = !local.empty() && pick(2) == 0
                                      ? local[pick(local.size())]
                                      : d.partners[pick(d.partners.size())].partner_id;
      d.dpor.push_back({s.subscription_id, partner, at, end, 0});
      if (!end) break;
      at = pick(2) == 0 ? *end : when(*end, 20);
    }
  }

  // Lighthouse: a quarter of the customers delegate a subscription or resource group to one or
  // two principals of another tenant, with roles Lighthouse accepts.
  std::vector<Guid> delegable;
  for (const auto* role : roles) {
    if (ValidateDelegationAuthorizations(role->id, {{Guid(), "", role->id}}).ok())
      delegable.push_back(role->id);
  }
  for (size_t t = 0; tenant_count > 1 && t < tenant_count; ++t) {
    if (pick(4) != 0) continue;
    size_t managing = pick(tenant_count);
    if (managing == t) managing = (t + 1) % tenant_count;
    const Guid& sub = tenant_subscriptions[t][pick(tenant_subscriptions[t].size())];
    const SyntheticResources resources = SyntheticResourcesOf(sub);
    const std::string scope =
        pick(3) == 0 ? resources.resource_groups[pick(resources.resource_groups.size())]
                     : "/subscriptions/" + sub.ToString();
    const Guid id = guid();
    const Timestamp created = when(start, 300);
    std::optional<Timestamp> deleted;
    if (pick(3) == 0) deleted = when(created, 200);
    const auto& candidates = tenant_principals[managing];
    const size_t first = pick(candidates.size());
    for (size_t k = 0, n = std::min<size_t>(1 + pick(2), candidates.size()); k < n; ++k) {
      d.delegations.push_back({id, *ResourceId::Parse(scope), d.tenants[managing].tenant_id,
                               candidates[(first + k) % candidates.size()],
                               delegable[pick(delegable.size())], created, deleted,
                               d.tenants[t].tenant_id, 0});
    }
  }
  return d;
}

}  // namespace pal
