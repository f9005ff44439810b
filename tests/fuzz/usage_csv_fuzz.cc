// Fuzz target for the usage CSV reader: the input is a usage file. Its header row (up to the
// first line break outside quotes, as UsageFileReader cuts it) goes through ParseCsv and
// DetectUsageLayout; with a layout found, UsageRowParser parses the rest. Nothing may crash,
// rows and problems come in file order at offsets inside the text, every row has a
// subscription, and a second parser over the same text reports exactly the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "attribution/usage_layout.h"
#include "attribution/usage_row_parser.h"
#include "core/csv.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

struct Seen {
  bool problem;
  size_t offset;
  std::string subscription, resource_id, resource_group, currency;
  std::int32_t day;
  pal::Nanos cost;
  bool operator==(const Seen&) const = default;
};

struct Sink {
  std::string_view text;
  std::vector<Seen> seen;

  void Row(const pal::attribution::UsageRow& row) {
    Check(!row.subscription.empty());
    Add({false, row.offset, std::string(row.subscription), std::string(row.resource_id),
         std::string(row.resource_group), std::string(row.currency), row.day, row.cost});
  }
  void Problem(pal::attribution::UsageProblem problem, size_t offset) {
    Check(static_cast<size_t>(problem) < pal::attribution::kUsageProblemCount);
    Add({true, offset, {}, {}, {}, {}, 0, 0});
  }
  void Add(Seen s) {
    Check(s.offset < text.size());
    Check(text[s.offset] != '\n' && text[s.offset] != '\r');
    Check(seen.empty() || seen.back().offset < s.offset);
    seen.push_back(std::move(s));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t header_end = 0;
  bool quoted = false;
  for (; header_end < text.size(); ++header_end) {
    if (text[header_end] == '"') quoted = !quoted;
    if (text[header_end] == '\n' && !quoted) break;
  }
  const size_t header_length = header_end < text.size() ? header_end + 1 : text.size();
  auto table = pal::ParseCsv(text.substr(0, header_length), "fuzz.csv");
  if (!table.ok()) {
    Check(!table.error().message.empty());
    return 0;
  }
  auto layout = pal::attribution::DetectUsageLayout(table->header, "fuzz.csv");
  if (!layout.ok()) {
    Check(!layout.error().message.empty());
    return 0;
  }
  Check(layout->subscription <= layout->LastColumn() && layout->date <= layout->LastColumn() &&
        layout->cost <= layout->LastColumn() && layout->resource_id <= layout->LastColumn());
  Check(layout->LastColumn() < table->header.size());
  const std::string_view rows = text.substr(header_length);
  Sink first{rows, {}}, second{rows, {}};
  pal::attribution::UsageRowParser parser(*layout);
  parser.Parse(rows, first);
  pal::attribution::UsageRowParser(*layout).Parse(rows, second);
  Check(first.seen == second.seen);
  Sink reused{rows, {}};
  parser.Parse(rows, reused);  // the same parser again: its scratch buffers are reused
  Check(first.seen == reused.seen);
  return 0;
}
