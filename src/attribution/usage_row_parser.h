#pragma once

#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "attribution/usage_layout.h"
#include "attribution/usage_row.h"
#include "core/civil_date.h"

namespace pal::attribution {

// Parses the data rows of one usage file (RFC 4180: quoted fields with "" escapes, commas and
// line breaks inside quotes, LF or CRLF line ends, blank lines skipped) and hands each row to
// a sink:
//   sink.Row(const UsageRow&)                   a row with a subscription, a date and a cost
//   sink.Problem(UsageProblem, size_t offset)   a row that cannot be attributed
// Only the columns attribution reads are looked at; once they are read, the rest of a row is
// skipped with one search. `text` must hold whole rows (a chunk cut at a row boundary); one
// parser per thread.
class UsageRowParser {
 public:
  explicit UsageRowParser(const UsageLayout& layout);

  template <typename Sink>
  void Parse(std::string_view text, Sink& sink);

 private:
  enum Slot : int { kSubscription, kResource, kDate, kCost, kCurrency, kResourceGroup, kSlots };

  // The first ',', '\n' or '\r' at or after p, or end.
  static const char* FindDelimiter(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    while (end - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const int mask = _mm_movemask_epi8(_mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, cr)));
      if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
      p += 16;
    }
#endif
    while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
    return p;
  }

  // Emits the row held in fields_ (or the problem with it).
  template <typename Sink>
  void Finish(size_t offset, Sink& sink);

  UsageLayoutKind kind_;
  std::vector<int> slot_of_;  // column index -> Slot, or -1
  size_t last_column_;
  std::array<std::string_view, kSlots> fields_{};
  std::array<std::string, kSlots> scratch_;  // unescaped quoted values
};

template <typename Sink>
void UsageRowParser::Parse(std::string_view text, Sink& sink) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  while (p < end) {
    if (*p == '\n' || *p == '\r') {  // a blank line
      ++p;
      continue;
    }
    const char* const row = p;
    fields_ = {};
    size_t column = 0;
    bool malformed = false;
    while (true) {
      std::string_view value;
      const char* stop;  // the delimiter after the field, or end
      if (p < end && *p == '"') {
        const char* start = ++p;
        bool escaped = false;
        const char* closing = nullptr;
        while (p < end) {
          const char* quote =
              static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
          if (quote == nullptr) break;
          if (quote + 1 < end && quote[1] == '"') {
            escaped = true;
            p = quote + 2;
            continue;
          }
          closing = quote;
          break;
        }
        if (closing == nullptr) {  // unterminated: the rest of the text is this field
          malformed = true;
          p = end;
          break;
        }
        value = std::string_view(start, static_cast<size_t>(closing - start));
        stop = closing + 1;
        if (stop < end && *stop != ',' && *stop != '\n' && *stop != '\r') {  // text after the quote
          malformed = true;
          stop = FindDelimiter(stop, end);
        }
        if (escaped && column < slot_of_.size() && slot_of_[column] >= 0) {
          std::string& out = scratch_[static_cast<size_t>(slot_of_[column])];
          out.clear();
          for (size_t i = 0; i < value.size(); ++i) {
            out.push_back(value[i]);
            if (value[i] == '"') ++i;  // "" -> "
          }
          value = out;
        }
      } else {
        stop = FindDelimiter(p, end);
        value = std::string_view(p, static_cast<size_t>(stop - p));
      }
      if (column < slot_of_.size() && slot_of_[column] >= 0)
        fields_[static_cast<size_t>(slot_of_[column])] = value;
      ++column;
      if (stop >= end) {
        p = end;
        break;
      }
      p = stop + 1;
      if (*stop == ',') {
        if (column > last_column_) {
          // Every column read: skip to the end of the row unless a quote could hide a line break.
          const auto* lf =
              static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
          const char* row_end = lf ? lf : end;
          if (std::memchr(p, '"', static_cast<size_t>(row_end - p)) == nullptr) {
            p = lf ? lf + 1 : end;
            break;
          }
        }
        continue;
      }
      if (*stop == '\r' && p < end && *p == '\n') ++p;
      break;
    }
    if (malformed || column <= last_column_) {
      sink.Problem(UsageProblem::kMalformedRow, static_cast<size_t>(row - begin));
      continue;
    }
    Finish(static_cast<size_t>(row - begin), sink);
  }
}

namespace usage_detail {
inline std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace usage_detail

template <typename Sink>
void UsageRowParser::Finish(size_t offset, Sink& sink) {
  UsageRow row;
  row.offset = offset;
  row.subscription = usage_detail::TrimSpaces(fields_[kSubscription]);
  if (kind_ == UsageLayoutKind::kFocus && row.subscription.size() > 15 &&
      row.subscription[0] == '/') {
    // "/subscriptions/{id}"
    std::string_view s = row.subscription;
    while (!s.empty() && s.front() == '/') s.remove_prefix(1);
    if (s.size() > 14 && (s[0] | 0x20) == 's' && s[13] == '/') s.remove_prefix(14);
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    row.subscription = s;
  }
  if (row.subscription.empty()) {
    sink.Problem(UsageProblem::kNoSubscription, offset);
    return;
  }
  auto day = ParseUsageDay(usage_detail::TrimSpaces(fields_[kDate]));
  if (!day) {
    sink.Problem(UsageProblem::kBadDate, offset);
    return;
  }
  auto cost = ParseCostNanos(usage_detail::TrimSpaces(fields_[kCost]));
  if (!cost) {
    sink.Problem(UsageProblem::kBadCost, offset);
    return;
  }
  row.day = *day;
  row.cost = *cost;
  row.resource_id = usage_detail::TrimSpaces(fields_[kResource]);
  row.resource_group = fields_[kResourceGroup];
  row.currency = usage_detail::TrimSpaces(fields_[kCurrency]);
  sink.Row(row);
}

}  // namespace pal::attribution
