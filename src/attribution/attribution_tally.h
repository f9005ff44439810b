#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "attribution/attribution_index.h"
#include "attribution/slot_totals.h"
#include "attribution/usage_row.h"

namespace pal::attribution {

// Counts of what happened to the usage rows read.
struct UsageCounts {
  std::uint64_t placed = 0;
  std::uint64_t other_month = 0;
  std::uint64_t other_shard = 0;
  std::uint64_t inactive = 0;
  std::array<std::uint64_t, kUsageProblemCount> problems{};

  std::uint64_t ProblemTotal() const {
    std::uint64_t n = 0;
    for (auto p : problems) n += p;
    return n;
  }
  void Add(const UsageCounts& o) {
    placed += o.placed;
    other_month += o.other_month;
    other_shard += o.other_shard;
    inactive += o.inactive;
    for (size_t i = 0; i < problems.size(); ++i) problems[i] += o.problems[i];
  }
};

// The sink UsageRowParser feeds while attributing: places each row in its slot and adds its
// cost there. One per reading thread.
class AttributionTally {
 public:
  explicit AttributionTally(const AttributionIndex& index)
      : index_(index), totals_(index.slot_count()) {}

  // The byte offset, in its file, of the text the parser is about to read.
  void StartChunk(std::uint64_t file_offset) {
    chunk_offset_ = file_offset;
    chunk_problem_ = UINT64_MAX;
  }

  void Row(const UsageRow& row) {
    int subscription;
    if (row.subscription.size() <= sizeof(cached_id_)) {
      // Rows of one subscription tend to come together: remember the last lookup.
      if (row.subscription.size() != cached_id_size_ ||
          std::memcmp(row.subscription.data(), cached_id_, cached_id_size_) != 0) {
        cached_subscription_ = index_.FindSubscription(row.subscription);
        cached_id_size_ = row.subscription.size();
        std::memcpy(cached_id_, row.subscription.data(), cached_id_size_);
      }
      subscription = cached_subscription_;
    } else {
      subscription = index_.FindSubscription(row.subscription);
    }
    if (subscription < 0) {
      Problem(UsageProblem::kUnknownSubscription, row.offset);
      return;
    }
    std::uint32_t slot = 0;
    switch (index_.Place(subscription, row, slot)) {
      case AttributionIndex::Fate::kPlaced: {
        ++counts_.placed;
        const std::uint32_t code = SlotTotals::PackCurrency(row.currency);
        if (code == 0) {
          totals_.Add(slot, row.currency, row.cost);
          break;
        }
        // The slot's cell is likely not in cache: fetch it now, add a few rows later.
        totals_.Prefetch(slot);
        Pending& p = pending_[pending_count_++ % kPending];
        if (pending_count_ > kPending) totals_.AddPacked(p.slot, p.code, {}, p.cost);
        p = {slot, code, row.cost};
        break;
      }
      case AttributionIndex::Fate::kOtherMonth:
        ++counts_.other_month;
        break;
      case AttributionIndex::Fate::kOtherShard:
        ++counts_.other_shard;
        break;
      case AttributionIndex::Fate::kInactiveSubscription:
        ++counts_.inactive;
        break;
      case AttributionIndex::Fate::kUnknownSubscription:
        Problem(UsageProblem::kUnknownSubscription, row.offset);
        break;
    }
  }

  void Problem(UsageProblem problem, size_t offset) {
    ++counts_.problems[static_cast<size_t>(problem)];
    if (chunk_problem_ == UINT64_MAX) {
      chunk_problem_ = chunk_offset_ + offset;
      chunk_problem_kind_ = problem;
    }
  }

  // The first problem of the current chunk: file offset (UINT64_MAX if none) and kind.
  std::uint64_t chunk_problem() const { return chunk_problem_; }
  UsageProblem chunk_problem_kind() const { return chunk_problem_kind_; }

  // Adds the rows still waiting for their cells.
  void Flush() {
    const size_t waiting = std::min<size_t>(pending_count_, kPending);
    for (size_t i = 0; i < waiting; ++i) {
      const Pending& p = pending_[(pending_count_ - waiting + i) % kPending];
      totals_.AddPacked(p.slot, p.code, {}, p.cost);
    }
    pending_count_ = 0;
  }

  const UsageCounts& counts() const { return counts_; }
  SlotTotals& totals() {
    Flush();
    return totals_;
  }

 private:
  struct Pending {
    std::uint32_t slot = 0;
    std::uint32_t code = 0;
    Nanos cost = 0;
  };
  static constexpr size_t kPending = 8;

  const AttributionIndex& index_;
  SlotTotals totals_;
  std::array<Pending, kPending> pending_{};
  size_t pending_count_ = 0;
  UsageCounts counts_;
  std::uint64_t chunk_offset_ = 0;
  std::uint64_t chunk_problem_ = UINT64_MAX;
  UsageProblem chunk_problem_kind_ = UsageProblem::kMalformedRow;
  char cached_id_[40] = {};
  size_t cached_id_size_ = SIZE_MAX;
  int cached_subscription_ = -1;
};

}  // namespace pal::attribution
