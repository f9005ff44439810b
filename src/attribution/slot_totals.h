#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/money_amount.h"

namespace pal::attribution {

// Usage cost summed per attribution slot (see AttributionIndex) and currency, exactly. One per
// reading thread, merged at the end. A slot holds one currency inline; rows of another currency
// in the same slot, and sums beyond the inline range, go to a spill map (rare).
class SlotTotals {
 public:
  explicit SlotTotals(size_t slots) : cells_(slots) {}

  void Add(std::uint32_t slot, std::string_view currency, Nanos cost) {
    AddPacked(slot, PackCurrency(currency), currency, cost);
  }
  // Add with the currency already packed (`code` == PackCurrency(currency)).
  void AddPacked(std::uint32_t slot, std::uint32_t code, std::string_view currency, Nanos cost) {
    Cell& c = cells_[slot];
    Nanos sum;
    if (code != 0 && (c.currency == code || c.rows == 0) && c.rows != UINT32_MAX &&
        !__builtin_add_overflow(c.nanos, cost, &sum)) {
      c.currency = code;
      c.nanos = sum;
      ++c.rows;
      return;
    }
    auto& spilled =
        spill_[{slot, code != 0 ? std::string(UnpackCurrency(code)) : std::string(currency)}];
    spilled.first += cost;
    ++spilled.second;
  }
  // Asks the CPU to fetch the slot's cell, for an add a few rows later.
  void Prefetch(std::uint32_t slot) const { __builtin_prefetch(&cells_[slot], 1); }

  // Currency codes of up to 3 bytes packed with their length; 0 for longer ones.
  static std::uint32_t PackCurrency(std::string_view c) {
    if (c.size() > 3) return 0;
    std::uint32_t code = static_cast<std::uint32_t>(c.size() + 1) << 24;
    for (size_t i = 0; i < c.size(); ++i)
      code |= static_cast<std::uint32_t>(static_cast<unsigned char>(c[i])) << (16 - 8 * i);
    return code;
  }

  // Adds every sum of `other` (same slot count).
  void Merge(const SlotTotals& other);

  // Calls f(slot, currency, sum, rows) for every slot and currency with rows, by slot.
  template <typename F>
  void ForEach(F&& f) const {
    auto spill = spill_.begin();
    for (std::uint32_t slot = 0; slot < cells_.size(); ++slot) {
      const Cell& c = cells_[slot];
      if (c.rows != 0)
        f(slot, UnpackCurrency(c.currency), static_cast<NanosSum>(c.nanos), std::uint64_t{c.rows});
      for (; spill != spill_.end() && spill->first.first == slot; ++spill) {
        f(slot, std::string_view(spill->first.second), spill->second.first, spill->second.second);
      }
    }
  }

  size_t slot_count() const { return cells_.size(); }

 private:
  struct Cell {
    Nanos nanos = 0;
    std::uint32_t currency = 0;  // PackCurrency of the slot's currency
    std::uint32_t rows = 0;
  };
  static std::string_view UnpackCurrency(std::uint32_t code);

  std::vector<Cell> cells_;
  std::map<std::pair<std::uint32_t, std::string>, std::pair<NanosSum, std::uint64_t>> spill_;
};

}  // namespace pal::attribution
