#include "core/csv.h"

#include <fmt/format.h>

#include "core/text.h"

namespace pal {

std::optional<size_t> CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (EqualsIgnoreCase(Trim(header[i]), name)) return i;
  }
  return std::nullopt;
}

Result<CsvTable> ParseCsv(std::string_view text, std::string_view file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> record;
  std::string field;
  size_t line = 1;
  size_t record_line = 1;
  size_t i = 0;
  bool in_record = false;
  auto fail = [&](size_t at, std::string_view problem) {
    return Error::InvalidArgument("InvalidCsv", fmt::format("{}:{}: {}", file, at, problem));
  };
  auto end_record = [&]() -> Result<void> {
    record.push_back(std::move(field));
    field.clear();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      if (table.header.empty()) {
        table.header = std::move(record);
      } else {
        if (record.size() > table.header.size()) {
          return fail(record_line, fmt::format("{} fields, but the header has {}", record.size(),
                                               table.header.size()));
        }
        record.resize(table.header.size());
        table.rows.push_back(std::move(record));
        table.lines.push_back(record_line);
      }
    }
    record.clear();
    in_record = false;
    return {};
  };
  while (i < text.size()) {
    if (!in_record) {
      in_record = true;
      record_line = line;
    }
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: up to the closing quote; "" is a quote.
      const size_t opened = line;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (!closed) return fail(opened, "a quoted field is never closed");
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return fail(line, "text after a closing quote");
      }
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      PAL_TRY(end_record());
      ++line;
      continue;
    }
    // An unquoted run: up to the next comma or line break.
    size_t stop = i + 1;
    while (stop < text.size() && text[stop] != ',' && text[stop] != '\n' && text[stop] != '\r')
      ++stop;
    field.append(text.substr(i, stop - i));
    i = stop;
  }
  if (in_record) {
    PAL_TRY(end_record());
  }
  return table;
}

std::string WriteCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  auto write_row = [&out](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      const std::string& f = row[i];
      if (f.find_first_of(",\"\r\n") == std::string::npos) {
        out += f;
        continue;
      }
      out += '"';
      for (char c : f) {
        if (c == '"') out += '"';
        out += c;
      }
      out += '"';
    }
    out += '\n';
  };
  write_row(header);
  for (const auto& row : rows) write_row(row);
  return out;
}

}  // namespace pal
