#include "attribution/attribution_index.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"

namespace pal::attribution {
namespace {

// Lower-case GUID characters; 0 for bytes that cannot be in a GUID.
constexpr std::array<char, 256> kGuidFold = [] {
  std::array<char, 256> t{};
  for (char c = '0'; c <= '9'; ++c) t[static_cast<unsigned char>(c)] = c;
  for (char c = 'a'; c <= 'f'; ++c) {
    t[static_cast<unsigned char>(c)] = c;
    t[static_cast<unsigned char>(c - 32)] = c;
  }
  t['-'] = '-';
  return t;
}();

constexpr std::array<char, 256> kLowerAscii = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[static_cast<size_t>(c)] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}();

std::uint64_t HashGuidText(const char* text) {
  std::uint64_t h = 0;
  for (size_t i = 0; i < 32; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  std::uint32_t tail;
  std::memcpy(&tail, text + 32, 4);
  h = (h ^ tail) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 32);
}

std::uint64_t MixSubscription(std::uint32_t s) {
  return kPathHashSeed ^ ((static_cast<std::uint64_t>(s) + 1) * 0x9E3779B97F4A7C15ULL);
}

std::uint64_t HashOf(std::uint64_t h, std::string_view text) {
  for (char c : text) h = PathHashStep(h, c);
  return h == 0 ? 1 : h;
}

size_t TableSize(size_t entries) {
  size_t n = 16;
  while (n < entries * 2) n <<= 1;
  return n;
}

}  // namespace

std::uint32_t AttributionIndex::InternPartner(const std::string& id) {
  auto [it, fresh] = partner_index_.emplace(id, static_cast<std::uint32_t>(partners_.size()));
  if (fresh) partners_.push_back({id, ""});
  return it->second;
}

AttributionIndex::AttributionIndex(const Dataset& d, const AttributionMonth& month,
                                   TenantShard shard)
    : month_(month) {
  const int days = month_.days;
  for (const auto& p : d.partners) partners_[InternPartner(p.partner_id)].name = p.partner_name;

  // Subscriptions, and where each sits: its tenant and its management groups (rule A4).
  std::map<std::string, std::vector<std::uint32_t>> subscriptions_of_tenant;
  std::map<std::string, std::vector<std::uint32_t>> subscriptions_under_group;
  const auto group_chains = SubscriptionGroupChains(d);
  subscription_table_.assign(TableSize(d.subscriptions.size()), {});
  for (const auto& s : d.subscriptions) {
    const auto index = static_cast<std::uint32_t>(subscriptions_.size());
    SubscriptionInfo info;
    info.id = s.subscription_id.ToString();
    info.tenant = s.tenant_id.ToString();
    info.enterprise_agreement = s.offer == "EnterpriseAgreement";
    info.inactive = s.state == "Disabled" || s.state == "Deleted";
    info.in_shard = shard.Includes(s.tenant_id);
    subscriptions_.push_back(std::move(info));
    InsertSubscription(subscriptions_.back().id, static_cast<std::int32_t>(index));
    subscriptions_of_tenant[s.tenant_id.ToString()].push_back(index);
    for (const auto& group : group_chains[index]) subscriptions_under_group[group].push_back(index);
  }
  const auto subscription_count = static_cast<std::uint32_t>(subscriptions_.size());

  // The partner a credential's link credits on each day of the month (rules A3, A5).
  std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>> links_of;
  for (const auto& l : d.links) links_of[{l.tenant_id, l.object_id}].push_back(&l);
  std::map<std::pair<Guid, Guid>, std::vector<std::int32_t>> linked_partner;
  auto partner_by_day = [&](const Guid& tenant,
                            const Guid& object) -> const std::vector<std::int32_t>* {
    auto cached = linked_partner.find({tenant, object});
    if (cached != linked_partner.end()) return &cached->second;
    auto links = links_of.find({tenant, object});
    if (links == links_of.end()) return nullptr;
    std::vector<std::int32_t> by_day(static_cast<size_t>(days), -1);
    for (int day = 0; day < days; ++day) {
      for (const DatasetLink* l : links->second) {
        if (InForceAt(l->linked_at, l->unlinked_at, month_.DayEnd(day))) {
          by_day[static_cast<size_t>(day)] =
              static_cast<std::int32_t>(InternPartner(l->partner_id));
        }
      }
    }
    return &linked_partner.emplace(std::make_pair(tenant, object), std::move(by_day)).first->second;
  };

  // Partners per node and day, before unions: node * days + day.
  std::vector<std::vector<std::uint32_t>> node_day(static_cast<size_t>(subscription_count) * days);
  std::vector<std::vector<std::uint32_t>> fine_nodes(
      subscription_count);  // global nodes per subscription
  auto node_for = [&](std::uint32_t s, const ResourceId& scope) -> std::uint32_t {
    if (scope.level() == ScopeLevel::kSubscription) return s;
    // The key without "/subscriptions/{id}/".
    const std::string relative =
        scope.Key().substr(std::string_view("/subscriptions/").size() + 37);
    auto [it, fresh] = fine_node_by_key_.emplace(
        subscriptions_[s].id + "/" + relative,
        static_cast<std::uint32_t>(node_parent_.size() + subscription_count));
    if (fresh) {
      node_parent_.push_back(0);
      node_path_.push_back(relative);
      fine_nodes[s].push_back(it->second);
      node_day.resize(node_day.size() + static_cast<size_t>(days));
      std::uint32_t depth = 1;
      for (char c : relative) depth += c == '/' ? 1 : 0;
      if (depth < 32) subscriptions_[s].depth_mask |= 1u << depth;
    }
    return it->second;
  };
  auto credit = [&](std::uint32_t node, const std::vector<std::int32_t>& by_day) {
    for (int day = 0; day < days; ++day) {
      if (by_day[static_cast<size_t>(day)] >= 0) {
        node_day[static_cast<size_t>(node) * days + day].push_back(
            static_cast<std::uint32_t>(by_day[static_cast<size_t>(day)]));
      }
    }
  };
  auto find_subscription = [&](const std::optional<std::string>& id) -> std::int32_t {
    return id ? FindSubscription(*id) : -1;
  };
  // One grant (rule A2): `by_day` is the partner credited on each day (grant and link in force).
  auto grant = [&](const ResourceId& scope, const Guid* required_tenant,
                   const std::vector<std::int32_t>& by_day) {
    if (std::all_of(by_day.begin(), by_day.end(), [](std::int32_t p) { return p < 0; })) return;
    std::vector<std::uint32_t> targets;
    if (scope.level() == ScopeLevel::kRoot) {
      if (!required_tenant) return;
      auto it = subscriptions_of_tenant.find(required_tenant->ToString());
      if (it != subscriptions_of_tenant.end()) targets = it->second;
    } else if (scope.level() == ScopeLevel::kManagementGroup) {
      auto it = subscriptions_under_group.find(ToLowerAscii(*scope.management_group()));
      if (it != subscriptions_under_group.end()) targets = it->second;
    } else {
      const std::int32_t s = find_subscription(scope.subscription_id());
      if (s < 0) return;
      const auto u = static_cast<std::uint32_t>(s);
      if (required_tenant && subscriptions_[u].tenant != required_tenant->ToString())
        return;  // rule A5
      if (!subscriptions_[u].in_shard) return;
      credit(node_for(u, scope), by_day);
      return;
    }
    for (std::uint32_t s : targets) {
      if (required_tenant && subscriptions_[s].tenant != required_tenant->ToString())
        continue;  // rule A5
      if (subscriptions_[s].in_shard) credit(s, by_day);
    }
  };
  std::vector<std::int32_t> by_day(static_cast<size_t>(days));
  auto combine = [&](Timestamp from, const std::optional<Timestamp>& to,
                     const std::vector<std::int32_t>& links) {
    for (int day = 0; day < days; ++day) {
      by_day[static_cast<size_t>(day)] =
          InForceAt(from, to, month_.DayEnd(day)) ? links[static_cast<size_t>(day)] : -1;
    }
  };
  for (const auto& a : d.role_assignments) {
    // The link looked up is the principal's own, in the tenant owning the scope.
    const auto* links = partner_by_day(a.principal_tenant_id, a.principal_id);
    if (!links) continue;
    combine(a.created_at, a.deleted_at, *links);
    grant(a.scope, &a.principal_tenant_id, by_day);
  }
  for (const auto& g : d.delegations) {
    // Lighthouse: the link in the managing tenant.
    const auto* links = partner_by_day(g.managing_tenant_id, g.principal_id);
    if (!links || g.scope.level() == ScopeLevel::kRoot ||
        g.scope.level() == ScopeLevel::kManagementGroup)
      continue;
    combine(g.created_at, g.deleted_at, *links);
    grant(g.scope, nullptr, by_day);
  }

  // Fine nodes: their enclosing node, their slots and the lookup table.
  node_table_.assign(TableSize(node_path_.size()), {});
  const size_t node_mask = node_table_.size() - 1;
  std::uint32_t next_slot = 0;
  for (std::uint32_t s = 0; s < subscription_count; ++s) {
    auto& info = subscriptions_[s];
    info.first_node = next_slot;
    info.nodes = 1 + static_cast<std::uint32_t>(fine_nodes[s].size());
    next_slot += info.nodes;
    slot_subscription_.push_back(s);
    node_of_slot_.push_back(s);
    for (size_t k = 0; k < fine_nodes[s].size(); ++k) {
      const std::uint32_t node = fine_nodes[s][k];
      const std::string& path = node_path_[node - subscription_count];
      slot_subscription_.push_back(s);
      node_of_slot_.push_back(node);
      // The nearest enclosing node: the longest proper prefix of the path that is a node.
      std::uint32_t parent = s;
      for (size_t cut = path.size(); cut > 0; --cut) {
        if (path[cut - 1] != '/') continue;
        auto it = fine_node_by_key_.find(info.id + "/" + path.substr(0, cut - 1));
        if (it != fine_node_by_key_.end()) {
          parent = it->second;
          break;
        }
      }
      node_parent_[node - subscription_count] = parent;
      const std::uint64_t key = HashOf(MixSubscription(s), path);
      for (size_t at = key & node_mask;; at = (at + 1) & node_mask) {
        if (node_table_[at].node == 0) {
          node_table_[at] = {key, static_cast<std::uint32_t>(k + 1)};
          break;
        }
      }
    }
  }
  fine_node_by_key_.clear();
  for (const auto& info : subscriptions_) {
    const Fate fate = !info.in_shard  ? Fate::kOtherShard
                      : info.inactive ? Fate::kInactiveSubscription
                                      : Fate::kPlaced;
    placement_.push_back({info.first_node, info.depth_mask, static_cast<std::uint8_t>(fate)});
  }

  // Credited partners per slot: the union along the chain of enclosing nodes (rules A4, A6).
  credit_offsets_.reserve(slot_count() + 1);
  credit_offsets_.push_back(0);
  std::vector<std::uint32_t> partners;
  for (std::uint32_t slot_node = 0; slot_node < node_of_slot_.size(); ++slot_node) {
    for (int day = 0; day < days; ++day) {
      partners.clear();
      for (std::uint32_t node = node_of_slot_[slot_node];;) {
        const auto& here = node_day[static_cast<size_t>(node) * days + day];
        partners.insert(partners.end(), here.begin(), here.end());
        if (node < subscription_count) break;
        node = node_parent_[node - subscription_count];
      }
      std::sort(partners.begin(), partners.end());
      partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
      credit_partners_.insert(credit_partners_.end(), partners.begin(), partners.end());
      credit_offsets_.push_back(static_cast<std::uint32_t>(credit_partners_.size()));
    }
  }

  // The partner of record of EA subscriptions per day (rule A7).
  dpor_.assign(static_cast<size_t>(subscription_count) * days, -1);
  for (const auto& p : d.dpor) {
    const std::int32_t s = FindSubscription(p.subscription_id.ToString());
    if (s < 0 || !subscriptions_[static_cast<size_t>(s)].enterprise_agreement) continue;
    for (int day = 0; day < days; ++day) {
      if (InForceAt(p.assigned_at, p.removed_at, month_.DayEnd(day))) {
        dpor_[static_cast<size_t>(s) * days + day] =
            static_cast<std::int32_t>(InternPartner(p.partner_id));
      }
    }
  }
}

void AttributionIndex::InsertSubscription(const std::string& lower_id, std::int32_t index) {
  const size_t mask = subscription_table_.size() - 1;
  for (size_t at = HashGuidText(lower_id.data()) & mask;; at = (at + 1) & mask) {
    if (subscription_table_[at].index < 0) {
      std::memcpy(subscription_table_[at].text, lower_id.data(), 36);
      subscription_table_[at].index = index;
      return;
    }
  }
}

int AttributionIndex::FindSubscription(std::string_view text) const {
  if (subscription_table_.empty()) return -1;
  alignas(16) char folded[36];
  if (text.size() == 36) {
    // Lower-case by setting bit 5 of every byte: exact for hex letters, digits and '-'; the
    // bytes that would fold into those (controls, non-ASCII) are refused after a match.
#if defined(__SSE2__)
    const __m128i bit5 = _mm_set1_epi8(0x20);
    _mm_store_si128(
        reinterpret_cast<__m128i*>(folded),
        _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data())), bit5));
    _mm_storeu_si128(
        reinterpret_cast<__m128i*>(folded + 16),
        _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + 16)), bit5));
    for (size_t i = 32; i < 36; ++i) folded[i] = static_cast<char>(text[i] | 0x20);
#else
    for (size_t i = 0; i < 36; ++i) folded[i] = static_cast<char>(text[i] | 0x20);
#endif
  } else {  // braces, or not a GUID at all
    auto id = Guid::Parse(text);
    if (!id) return -1;
    std::memcpy(folded, id->ToString().data(), 36);
    text = {};
  }
  const size_t mask = subscription_table_.size() - 1;
  for (size_t at = HashGuidText(folded) & mask;; at = (at + 1) & mask) {
    const auto& e = subscription_table_[at];
    if (e.index < 0) return -1;
    if (std::memcmp(e.text, folded, 36) != 0) continue;
    for (char c : text) {
      if (kGuidFold[static_cast<unsigned char>(c)] == 0) return -1;
    }
    return e.index;
  }
}

std::uint32_t AttributionIndex::FindFineNode(std::uint32_t s, const Placement& info,
                                             std::string_view r, std::string_view resource_group,
                                             std::string_view subscription_text) const {
  const size_t mask = node_table_.size() - 1;
  auto probe = [&](std::uint64_t key, std::string_view path) -> std::uint32_t {
    if (key == 0) key = 1;
    for (size_t at = key & mask;; at = (at + 1) & mask) {
      const auto& e = node_table_[at];
      if (e.node == 0) return 0;
      if (e.key == key) {
        const std::uint32_t node = node_of_slot_[info.first_node + e.node];
        const std::string& lower = node_path_[node - subscriptions_.size()];
        if (lower.size() != path.size()) continue;
        size_t i = 0;
        while (i < path.size() && kLowerAscii[static_cast<unsigned char>(path[i])] == lower[i]) ++i;
        if (i == path.size()) return e.node;
      }
    }
  };
  while (!r.empty() && r.front() == '/') r.remove_prefix(1);
  if (r.empty()) {
    // A charge without a resource id: its resource group, when the file names one.
    if (resource_group.empty() || !(info.depth_mask & (1u << 2))) return 0;
    std::string path = "resourcegroups/";
    path.append(resource_group);
    return probe(HashOf(MixSubscription(s), path), path);
  }
  constexpr std::string_view kSubscriptions = "subscriptions/";
  if (r.size() < kSubscriptions.size() + 37 || !StartsWithIgnoreCase(r, kSubscriptions) ||
      !EqualsIgnoreCase(r.substr(kSubscriptions.size(), 36),
                        subscription_text.size() == 36 ? subscription_text
                                                       : std::string_view(subscriptions_[s].id)) ||
      r[kSubscriptions.size() + 36] != '/') {
    return 0;
  }
  r.remove_prefix(kSubscriptions.size() + 37);
  std::uint64_t h = MixSubscription(s);
  std::uint32_t depth = 0;
  std::uint32_t found = 0;
  for (size_t i = 0;; ++i) {
    if (i == r.size() || r[i] == '/') {
      ++depth;
      if (depth >= 32) break;
      if (info.depth_mask & (1u << depth)) {
        if (std::uint32_t k = probe(h, r.substr(0, i)); k != 0) found = k;
      }
      if ((info.depth_mask >> (depth + 1)) == 0 || i == r.size()) break;
    }
    h = PathHashStep(h, r[i]);
  }
  return found;
}

AttributionIndex::Fate AttributionIndex::Place(int subscription, const UsageRow& row,
                                               std::uint32_t& slot) const {
  const auto s = static_cast<std::uint32_t>(subscription);
  const Placement& info = placement_[s];
  if (info.fate == static_cast<std::uint8_t>(Fate::kOtherShard)) return Fate::kOtherShard;
  if (!month_.Contains(row.day)) return Fate::kOtherMonth;
  if (info.fate != static_cast<std::uint8_t>(Fate::kPlaced)) return static_cast<Fate>(info.fate);
  std::uint32_t k = 0;
  if (info.depth_mask != 0)
    k = FindFineNode(s, info, row.resource_id, row.resource_group, row.subscription);
  slot = (info.first_node + k) * static_cast<std::uint32_t>(month_.days) +
         static_cast<std::uint32_t>(row.day - month_.first_day);
  return Fate::kPlaced;
}

void AttributionIndex::PalPartners(std::uint32_t slot, std::vector<std::uint32_t>& out) const {
  out.assign(credit_partners_.begin() + credit_offsets_[slot],
             credit_partners_.begin() + credit_offsets_[slot + 1]);
}

int AttributionIndex::DporPartner(std::uint32_t slot) const {
  return dpor_[static_cast<size_t>(SubscriptionOfSlot(slot)) * month_.days + DayOfSlot(slot)];
}

}  // namespace pal::attribution
