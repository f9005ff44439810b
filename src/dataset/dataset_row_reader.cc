#include "dataset/dataset_row_reader.h"

#include <fmt/format.h>

#include "core/text.h"
#include "core/time_format.h"

namespace pal {

bool DatasetRowReader::Require(std::span<const std::string_view> columns) {
  bool ok = true;
  for (auto c : columns) {
    if (!table_.Column(c) && !table_.rows.empty()) {
      problems_.Add(file_, 1, fmt::format("the column '{}' is missing", c));
      ok = false;
    }
  }
  return ok;
}

std::string DatasetRowReader::Text(size_t row, std::string_view column) const {
  auto c = table_.Column(column);
  return c ? std::string(Trim(table_.rows[row][*c])) : std::string();
}

std::optional<Guid> DatasetRowReader::GuidAt(size_t row, std::string_view column) {
  const std::string text = Text(row, column);
  auto id = Guid::Parse(text);
  if (!id) problems_.Add(file_, Line(row), fmt::format("{} '{}' is not a GUID", column, text));
  return id;
}

std::optional<Timestamp> DatasetRowReader::TimeAt(size_t row, std::string_view column,
                                                  bool optional) {
  const std::string text = Text(row, column);
  if (text.empty()) {
    if (!optional) problems_.Add(file_, Line(row), fmt::format("{} is empty", column));
    return std::nullopt;
  }
  auto t = ParseIso8601(text);
  if (!t) {
    problems_.Add(
        file_, Line(row),
        fmt::format("{} '{}' is not an ISO-8601 UTC time (2026-10-04T13:05:00Z)", column, text));
  }
  return t;
}

void DatasetRowReader::Problem(size_t row, std::string_view problem) {
  problems_.Add(file_, Line(row), problem);
}

}  // namespace pal
