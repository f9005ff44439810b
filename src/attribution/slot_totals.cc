#include "attribution/slot_totals.h"

#include <array>

namespace pal::attribution {

std::string_view SlotTotals::UnpackCurrency(std::uint32_t code) {
  // Codes are few; keep their texts for the life of the process (views must stay valid).
  thread_local std::map<std::uint32_t, std::string> texts;
  auto [it, fresh] = texts.emplace(code, std::string());
  if (fresh) {
    const size_t length = (code >> 24) - 1;
    for (size_t i = 0; i < length; ++i)
      it->second.push_back(static_cast<char>((code >> (16 - 8 * i)) & 0xFF));
  }
  return it->second;
}

void SlotTotals::Merge(const SlotTotals& other) {
  for (std::uint32_t slot = 0; slot < other.cells_.size(); ++slot) {
    const Cell& o = other.cells_[slot];
    if (o.rows == 0) continue;
    Cell& c = cells_[slot];
    Nanos sum;
    if ((c.rows == 0 || c.currency == o.currency) && c.rows <= UINT32_MAX - o.rows &&
        !__builtin_add_overflow(c.nanos, o.nanos, &sum)) {
      c.currency = o.currency;
      c.nanos = sum;
      c.rows += o.rows;
      continue;
    }
    auto& spilled = spill_[{slot, std::string(UnpackCurrency(o.currency))}];
    spilled.first += o.nanos;
    spilled.second += o.rows;
  }
  for (const auto& [key, value] : other.spill_) {
    auto& spilled = spill_[key];
    spilled.first += value.first;
    spilled.second += value.second;
  }
}

}  // namespace pal::attribution
