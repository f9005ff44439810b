#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attribution/attribution_month.h"
#include "attribution/usage_row.h"
#include "dataset/dataset.h"

namespace pal::attribution {

// The state tables of a data set turned into what rules A2-A8 need to judge usage rows of one
// month quickly: for every subscription and day, the partners credited through grants at the
// subscription or above (root, management groups), and for every resource group or resource
// with grants of its own, the partners those add; the partner of record of EA subscriptions.
//
// A row is *placed* in a slot (subscription, the deepest scope with grants that contains its
// resource, day). All rows of a slot are credited to the same partners, so costs are summed
// per slot while reading (rule A1) and turned into partner totals once at the end.
// Immutable after construction; shared by the reading threads.
class AttributionIndex {
 public:
  AttributionIndex(const Dataset& dataset, const AttributionMonth& month, TenantShard shard = {});

  enum class Fate : std::uint8_t {
    kPlaced,
    kUnknownSubscription,   // not in subscriptions.csv
    kOtherShard,            // the subscription's tenant belongs to another shard
    kOtherMonth,            // the day is outside the month
    kInactiveSubscription,  // Disabled or Deleted (rule A8)
  };

  // The subscription whose id is `text` (any case, optional braces), or -1.
  int FindSubscription(std::string_view text) const;
  // Where row of subscription `subscription` (from FindSubscription, >= 0) goes.
  Fate Place(int subscription, const UsageRow& row, std::uint32_t& slot) const;

  size_t slot_count() const { return slot_subscription_.size() * static_cast<size_t>(month_.days); }
  const AttributionMonth& month() const { return month_; }

  struct SubscriptionInfo {
    std::string id;      // lower-case
    std::string tenant;  // lower-case
    bool enterprise_agreement = false;
    bool inactive = false;
    bool in_shard = true;
    std::uint32_t first_node = 0;  // its slots' node range [first_node, first_node + nodes)
    std::uint32_t nodes =
        1;  // 1 (the subscription) + its resource groups and resources with grants
    std::uint32_t depth_mask = 0;  // bit k: some node of it is k segments below the subscription
  };
  struct PartnerInfo {
    std::string id;
    std::string name;
  };
  const std::vector<SubscriptionInfo>& subscriptions() const { return subscriptions_; }
  const std::vector<PartnerInfo>& partners() const { return partners_; }

  // The subscription and day of a slot.
  std::uint32_t SubscriptionOfSlot(std::uint32_t slot) const {
    return slot_subscription_[slot / static_cast<std::uint32_t>(month_.days)];
  }
  int DayOfSlot(std::uint32_t slot) const {
    return static_cast<int>(slot % static_cast<std::uint32_t>(month_.days));
  }
  // The partners credited through PAL for rows of the slot (rules A3-A6), sorted, each once.
  void PalPartners(std::uint32_t slot, std::vector<std::uint32_t>& out) const;
  // The partner of record credited for rows of the slot's subscription on its day (rule A7,
  // before the PAL-outranks-DPOR check), or -1.
  int PartnerOfRecordAt(std::uint32_t slot) const;

 private:
  // What placing a row needs of its subscription, packed (the row loop's working set).
  struct Placement {
    std::uint32_t first_node = 0;
    std::uint32_t depth_mask = 0;
    std::uint8_t fate = 0;  // Fate::kPlaced, kOtherShard or kInactiveSubscription
  };

  // Builds the index (attribution_index.cc) with what only construction needs.
  class Builder;

  std::uint32_t InternPartner(const std::string& id);
  // `subscription_text` is the row's subscription id as written (it names `s`).
  std::uint32_t FindFineNode(std::uint32_t s, const Placement& info, std::string_view resource_id,
                             std::string_view resource_group,
                             std::string_view subscription_text) const;

  AttributionMonth month_;
  std::vector<SubscriptionInfo> subscriptions_;
  std::vector<PartnerInfo> partners_;
  std::unordered_map<std::string, std::uint32_t> partner_index_;

  // Subscriptions by id: open addressing on the id's lower-case text.
  struct SubscriptionEntry {
    char text[36] = {};
    std::int32_t index = -1;
  };
  void InsertSubscription(const std::string& lower_id, std::int32_t index);
  std::vector<SubscriptionEntry> subscription_table_;
  std::vector<Placement> placement_;

  // Nodes: [0, subscriptions) are the subscriptions; resource groups and resources follow.
  std::vector<std::uint32_t>
      slot_subscription_;  // node slot (subscription's first_node + k) -> subscription
  std::vector<std::uint32_t> node_of_slot_;  // node slot -> node
  std::vector<std::uint32_t>
      node_parent_;  // node -> nearest enclosing node (a subscription's is itself)
  std::vector<std::string> node_path_;  // fine node -> lower-case relative path
  // Fine nodes by (subscription, hash of the lower-case relative path): open addressing.
  struct NodeEntry {
    std::uint64_t key = 0;
    std::uint32_t node = 0;  // 0: empty
  };
  std::vector<NodeEntry> node_table_;

  // Partners per (node, day): CSR over node * days + day.
  std::vector<std::uint32_t> credit_offsets_;
  std::vector<std::uint32_t> credit_partners_;
  std::vector<std::int32_t> partner_of_record_;  // subscription * days + day -> partner or -1
};

// Hash step of the case-insensitive path hash the index uses.
inline std::uint64_t PathHashStep(std::uint64_t h, char c) {
  const auto u = static_cast<unsigned char>(c);
  return (h ^ (u >= 'A' && u <= 'Z' ? u + 32 : u)) * 0x100000001b3ULL;
}
constexpr std::uint64_t kPathHashSeed = 0xcbf29ce484222325ULL;

}  // namespace pal::attribution
