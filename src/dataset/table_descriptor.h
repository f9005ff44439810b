#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/dataset_row_reader.h"

namespace pal {

// One CSV file of the data set and the vector of row structs it fills: what reading, writing,
// importing and exporting a data set need to know of a table, so that each loops over the
// descriptors rather than naming the tables one by one.
//   Tables   the struct holding the tables of a group of files (Dataset, PowerPlatformUsage)
//   Row      the struct of one row
//   Context  what parsing has learnt from the tables read before (and where problems go)
// Descriptors are constants of static storage: plain function pointers, no state.
template <typename Tables, typename Row, typename Context>
struct TableDescriptor {
  using RowType = Row;

  std::string_view file;  // "partners.csv"
  // Every column, in the order the writer puts them.
  std::span<const std::string_view> columns;
  // The columns a file with rows must have; the others read as empty cells when missing.
  std::span<const std::string_view> required;
  std::vector<Row> Tables::*rows;
  // Row `row` of the file, or nullopt when it is refused (the problems reported through the
  // reader or the context).
  std::optional<Row> (*parse_row)(DatasetRowReader& reader, size_t row, Context& context);
  // Checks across the rows once the file is read (duplicates, overlapping intervals) and may
  // check the earlier tables against this one; null when there is nothing to check. Runs even
  // when the file was refused (its rows are then empty).
  void (*check_rows)(const Tables& tables, Context& context);
  // The cells of a row, in the order of `columns`.
  std::vector<std::string> (*write_row)(const Row& row);

  std::vector<std::string> Header() const { return {columns.begin(), columns.end()}; }
};

}  // namespace pal
