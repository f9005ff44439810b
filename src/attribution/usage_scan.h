#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attribution/usage_layout.h"
#include "attribution/usage_row.h"
#include "core/result.h"

namespace pal::attribution {

// What one worker does with the chunks of usage rows it is given. One per worker thread.
class UsageChunkConsumer {
 public:
  struct Outcome {
    std::uint64_t rows = 0;
    std::uint64_t first_problem = UINT64_MAX;  // file offset of the chunk's first problem row
    UsageProblem problem = UsageProblem::kMalformedRow;
  };
  virtual ~UsageChunkConsumer() = default;
  // Parses `text` (whole rows of file `file`, laid out as `layout`) starting at `offset`.
  virtual Outcome Consume(size_t file, const UsageLayout& layout, std::string_view text,
                          std::uint64_t offset) = 0;
};

struct UsageScanOptions {
  std::vector<std::string> files;
  unsigned threads = 1;
  bool strict = false;    // stop at the first row that cannot be attributed
  bool progress = false;  // a progress bar on stderr
  size_t chunk_bytes = 4u << 20;
};

struct UsageScanResult {
  std::uint64_t bytes = 0;  // bytes of the files on disk
  std::uint64_t rows = 0;
  double seconds = 0;
  std::vector<std::string> layouts;  // per file: "Azure cost export (CostInBillingCurrency)"
  // With `strict`, the first row that cannot be attributed, in file order.
  std::optional<std::string> strict_problem;  // "file:line: unknown subscription"
};

// Reads every usage file in chunks on one thread and hands the chunks to `threads` workers,
// each with its own consumer from `make_consumer(worker)`. Errors: a file missing, unreadable
// or with a header of neither layout (nothing is consumed then).
Result<UsageScanResult> ScanUsage(
    const UsageScanOptions& options,
    const std::function<UsageChunkConsumer&(unsigned worker)>& consumer_of);

}  // namespace pal::attribution
