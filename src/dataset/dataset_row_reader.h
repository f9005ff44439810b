#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/csv.h"
#include "core/guid.h"
#include "dataset/dataset_problems.h"

namespace pal {

// Reads the rows of one data set file through named columns (a column the file lacks reads as
// empty), reporting what it cannot read as "file:line: problem".
class DatasetRowReader {
 public:
  DatasetRowReader(const CsvTable& table, std::string_view file, DatasetProblems& problems)
      : table_(table), file_(file), problems_(problems) {}

  std::string_view file() const { return file_; }
  bool HasColumn(std::string_view column) const { return table_.Column(column).has_value(); }
  // Whether a file with rows has every column of `columns`; reports each one missing.
  bool Require(std::span<const std::string_view> columns);

  size_t size() const { return table_.rows.size(); }
  size_t Line(size_t row) const { return table_.lines[row]; }
  // The trimmed cell; empty when the file has no such column.
  std::string Text(size_t row, std::string_view column) const;
  std::optional<Guid> GuidAt(size_t row, std::string_view column);
  // An ISO-8601 UTC time; an empty cell is a problem unless `optional` (nullopt either way).
  std::optional<Timestamp> TimeAt(size_t row, std::string_view column, bool optional);
  void Problem(size_t row, std::string_view problem);

 private:
  const CsvTable& table_;
  std::string_view file_;
  DatasetProblems& problems_;
};

}  // namespace pal
