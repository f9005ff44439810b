#include "attribution/attribution_index.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

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

// Construction, step by step, with what only construction needs: the subscriptions of each
// tenant and management group, each principal's partner by day, and the partners per node and
// day before the unions along the chains of enclosing nodes.
class AttributionIndex::Builder {
 public:
  Builder(AttributionIndex& index, const Dataset& dataset)
      : x_(index), d_(dataset), days_(index.month_.days) {}

  void Build(TenantShard shard) {
    for (const auto& p : d_.partners)
      x_.partners_[x_.InternPartner(p.partner_id)].name = p.partner_name;
    AddSubscriptions(shard);
    CreditGrants();
    LinkFineNodes();
    PlaceSubscriptions();
    UnionCredits();
    AddPartnersOfRecord();
  }

 private:
  // Subscriptions, and where each sits: its tenant and its management groups (rule A4).
  void AddSubscriptions(TenantShard shard) {
    const auto group_chains = SubscriptionGroupChains(d_);
    x_.subscription_table_.assign(TableSize(d_.subscriptions.size()), {});
    for (const auto& s : d_.subscriptions) {
      const auto index = static_cast<std::uint32_t>(x_.subscriptions_.size());
      SubscriptionInfo info;
      info.id = s.subscription_id.ToString();
      info.tenant = s.tenant_id.ToString();
      info.enterprise_agreement = s.offer == SubscriptionOffer::kEnterpriseAgreement;
      info.inactive = IsInactive(s.state);
      info.in_shard = shard.Includes(s.tenant_id);
      x_.subscriptions_.push_back(std::move(info));
      x_.InsertSubscription(x_.subscriptions_.back().id, static_cast<std::int32_t>(index));
      subscriptions_of_tenant_[s.tenant_id.ToString()].push_back(index);
      for (const auto& group : group_chains[index])
        subscriptions_under_group_[group].push_back(index);
    }
    subscription_count_ = static_cast<std::uint32_t>(x_.subscriptions_.size());
    node_day_.resize(static_cast<size_t>(subscription_count_) * days_);
    fine_nodes_.resize(subscription_count_);
  }

  // Every grant (rule A2) whose principal has a link: role assignments with the link in the
  // tenant owning the scope, Lighthouse delegations with the link in the managing tenant.
  void CreditGrants() {
    for (const auto& l : d_.links) links_of_[{l.tenant_id, l.object_id}].push_back(&l);
    by_day_.resize(static_cast<size_t>(days_));
    for (const auto& a : d_.role_assignments) {
      // The link looked up is the principal's own, in the tenant owning the scope.
      const auto* links = PartnerByDay(a.principal_tenant_id, a.principal_id);
      if (!links) continue;
      Combine(a.created_at, a.deleted_at, *links);
      Grant(a.scope, &a.principal_tenant_id);
    }
    for (const auto& g : d_.delegations) {
      // Lighthouse: the link in the managing tenant.
      const auto* links = PartnerByDay(g.managing_tenant_id, g.principal_id);
      if (!links || g.scope.level() == ScopeLevel::kRoot ||
          g.scope.level() == ScopeLevel::kManagementGroup)
        continue;
      Combine(g.created_at, g.deleted_at, *links);
      Grant(g.scope, nullptr);
    }
  }

  // The partner a credential's link credits on each day of the month (rules A3, A5); null when
  // it has no link.
  const std::vector<std::int32_t>* PartnerByDay(const Guid& tenant, const Guid& object) {
    auto cached = linked_partner_.find({tenant, object});
    if (cached != linked_partner_.end()) return &cached->second;
    auto links = links_of_.find({tenant, object});
    if (links == links_of_.end()) return nullptr;
    std::vector<std::int32_t> by_day(static_cast<size_t>(days_), -1);
    for (int day = 0; day < days_; ++day) {
      for (const DatasetLink* l : links->second) {
        if (InForceAt(l->linked_at, l->unlinked_at, x_.month_.DayEnd(day))) {
          by_day[static_cast<size_t>(day)] =
              static_cast<std::int32_t>(x_.InternPartner(l->partner_id));
        }
      }
    }
    return &linked_partner_.emplace(std::make_pair(tenant, object), std::move(by_day))
                .first->second;
  }

  // by_day_: the partner of `links` on the days the grant [from, to) is in force too.
  void Combine(Timestamp from, const std::optional<Timestamp>& to,
               const std::vector<std::int32_t>& links) {
    for (int day = 0; day < days_; ++day) {
      by_day_[static_cast<size_t>(day)] =
          InForceAt(from, to, x_.month_.DayEnd(day)) ? links[static_cast<size_t>(day)] : -1;
    }
  }

  // One grant (rule A2) at `scope`, crediting the partner of by_day_ on each day.
  void Grant(const ResourceId& scope, const Guid* required_tenant) {
    if (std::all_of(by_day_.begin(), by_day_.end(), [](std::int32_t p) { return p < 0; })) return;
    std::vector<std::uint32_t> targets;
    if (scope.level() == ScopeLevel::kRoot) {
      if (!required_tenant) return;
      auto it = subscriptions_of_tenant_.find(required_tenant->ToString());
      if (it != subscriptions_of_tenant_.end()) targets = it->second;
    } else if (scope.level() == ScopeLevel::kManagementGroup) {
      auto it = subscriptions_under_group_.find(ToLowerAscii(*scope.management_group()));
      if (it != subscriptions_under_group_.end()) targets = it->second;
    } else {
      const auto& id = scope.subscription_id();
      const std::int32_t s = id ? x_.FindSubscription(*id) : -1;
      if (s < 0) return;
      const auto u = static_cast<std::uint32_t>(s);
      if (required_tenant && x_.subscriptions_[u].tenant != required_tenant->ToString())
        return;  // rule A5
      if (!x_.subscriptions_[u].in_shard) return;
      Credit(NodeFor(u, scope));
      return;
    }
    for (std::uint32_t s : targets) {
      if (required_tenant && x_.subscriptions_[s].tenant != required_tenant->ToString())
        continue;  // rule A5
      if (x_.subscriptions_[s].in_shard) Credit(s);
    }
  }

  // The node of subscription `s` for `scope` at or below it, created on first use.
  std::uint32_t NodeFor(std::uint32_t s, const ResourceId& scope) {
    if (scope.level() == ScopeLevel::kSubscription) return s;
    // The key without "/subscriptions/{id}/".
    const std::string relative =
        scope.Key().substr(std::string_view("/subscriptions/").size() + 37);
    auto [it, fresh] = fine_node_by_key_.emplace(
        x_.subscriptions_[s].id + "/" + relative,
        static_cast<std::uint32_t>(x_.node_parent_.size() + subscription_count_));
    if (fresh) {
      x_.node_parent_.push_back(0);
      x_.node_path_.push_back(relative);
      fine_nodes_[s].push_back(it->second);
      node_day_.resize(node_day_.size() + static_cast<size_t>(days_));
      std::uint32_t depth = 1;
      for (char c : relative) depth += c == '/' ? 1 : 0;
      if (depth < 32) x_.subscriptions_[s].depth_mask |= 1u << depth;
    }
    return it->second;
  }

  void Credit(std::uint32_t node) {
    for (int day = 0; day < days_; ++day) {
      if (by_day_[static_cast<size_t>(day)] >= 0) {
        node_day_[static_cast<size_t>(node) * days_ + day].push_back(
            static_cast<std::uint32_t>(by_day_[static_cast<size_t>(day)]));
      }
    }
  }

  // Fine nodes: their enclosing node, their slots and the lookup table.
  void LinkFineNodes() {
    x_.node_table_.assign(TableSize(x_.node_path_.size()), {});
    const size_t node_mask = x_.node_table_.size() - 1;
    std::uint32_t next_slot = 0;
    for (std::uint32_t s = 0; s < subscription_count_; ++s) {
      auto& info = x_.subscriptions_[s];
      info.first_node = next_slot;
      info.nodes = 1 + static_cast<std::uint32_t>(fine_nodes_[s].size());
      next_slot += info.nodes;
      x_.slot_subscription_.push_back(s);
      x_.node_of_slot_.push_back(s);
      for (size_t k = 0; k < fine_nodes_[s].size(); ++k) {
        const std::uint32_t node = fine_nodes_[s][k];
        const std::string& path = x_.node_path_[node - subscription_count_];
        x_.slot_subscription_.push_back(s);
        x_.node_of_slot_.push_back(node);
        x_.node_parent_[node - subscription_count_] = EnclosingNode(s, path);
        const std::uint64_t key = HashOf(MixSubscription(s), path);
        for (size_t at = key & node_mask;; at = (at + 1) & node_mask) {
          if (x_.node_table_[at].node == 0) {
            x_.node_table_[at] = {key, static_cast<std::uint32_t>(k + 1)};
            break;
          }
        }
      }
    }
  }

  // The nearest node enclosing fine node `path` of subscription `s`: the longest proper prefix
  // of the path that is a node, or the subscription.
  std::uint32_t EnclosingNode(std::uint32_t s, const std::string& path) const {
    for (size_t cut = path.size(); cut > 0; --cut) {
      if (path[cut - 1] != '/') continue;
      auto it = fine_node_by_key_.find(x_.subscriptions_[s].id + "/" + path.substr(0, cut - 1));
      if (it != fine_node_by_key_.end()) return it->second;
    }
    return s;
  }

  void PlaceSubscriptions() {
    for (const auto& info : x_.subscriptions_) {
      const Fate fate = !info.in_shard  ? Fate::kOtherShard
                        : info.inactive ? Fate::kInactiveSubscription
                                        : Fate::kPlaced;
      x_.placement_.push_back({info.first_node, info.depth_mask, static_cast<std::uint8_t>(fate)});
    }
  }

  // Credited partners per slot: the union along the chain of enclosing nodes (rules A4, A6).
  void UnionCredits() {
    x_.credit_offsets_.reserve(x_.slot_count() + 1);
    x_.credit_offsets_.push_back(0);
    std::vector<std::uint32_t> partners;
    for (std::uint32_t slot_node = 0; slot_node < x_.node_of_slot_.size(); ++slot_node) {
      for (int day = 0; day < days_; ++day) {
        partners.clear();
        for (std::uint32_t node = x_.node_of_slot_[slot_node];;) {
          const auto& here = node_day_[static_cast<size_t>(node) * days_ + day];
          partners.insert(partners.end(), here.begin(), here.end());
          if (node < subscription_count_) break;
          node = x_.node_parent_[node - subscription_count_];
        }
        std::sort(partners.begin(), partners.end());
        partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
        x_.credit_partners_.insert(x_.credit_partners_.end(), partners.begin(), partners.end());
        x_.credit_offsets_.push_back(static_cast<std::uint32_t>(x_.credit_partners_.size()));
      }
    }
  }

  // The partner of record of EA subscriptions per day (rule A7).
  void AddPartnersOfRecord() {
    x_.partner_of_record_.assign(static_cast<size_t>(subscription_count_) * days_, -1);
    for (const auto& p : d_.partners_of_record) {
      const std::int32_t s = x_.FindSubscription(p.subscription_id.ToString());
      if (s < 0 || !x_.subscriptions_[static_cast<size_t>(s)].enterprise_agreement) continue;
      for (int day = 0; day < days_; ++day) {
        if (InForceAt(p.assigned_at, p.removed_at, x_.month_.DayEnd(day))) {
          x_.partner_of_record_[static_cast<size_t>(s) * days_ + day] =
              static_cast<std::int32_t>(x_.InternPartner(p.partner_id));
        }
      }
    }
  }

  AttributionIndex& x_;
  const Dataset& d_;
  const int days_;
  std::uint32_t subscription_count_ = 0;
  std::map<std::string, std::vector<std::uint32_t>> subscriptions_of_tenant_;
  std::map<std::string, std::vector<std::uint32_t>> subscriptions_under_group_;
  std::map<std::pair<Guid, Guid>, std::vector<const DatasetLink*>> links_of_;
  std::map<std::pair<Guid, Guid>, std::vector<std::int32_t>> linked_partner_;  // PartnerByDay's
  std::vector<std::int32_t> by_day_;  // the grant being credited: partner per day, or -1
  // Partners per node and day, before unions: node * days + day.
  std::vector<std::vector<std::uint32_t>> node_day_;
  std::vector<std::vector<std::uint32_t>> fine_nodes_;  // global nodes per subscription
  std::unordered_map<std::string, std::uint32_t> fine_node_by_key_;  // "{s}/{relative path}"
};

AttributionIndex::AttributionIndex(const Dataset& dataset, const AttributionMonth& month,
                                   TenantShard shard)
    : month_(month) {
  Builder(*this, dataset).Build(shard);
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

int AttributionIndex::PartnerOfRecordAt(std::uint32_t slot) const {
  return partner_of_record_[static_cast<size_t>(SubscriptionOfSlot(slot)) * month_.days +
                            DayOfSlot(slot)];
}

}  // namespace pal::attribution
