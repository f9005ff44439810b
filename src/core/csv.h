#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pal {

// An RFC 4180 table: the header row, then the data rows with the line each starts on.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;  // 1-based line of each row in the text

  // The index of a column by header name, case-insensitively; nullopt when absent.
  std::optional<size_t> Column(std::string_view name) const;
};

// Parses RFC 4180 text: comma separated, fields optionally quoted ("" inside quotes is a
// quote; quoted fields may hold commas and line breaks), CRLF or LF line ends, a leading
// UTF-8 byte-order mark ignored, blank lines skipped. Errors (InvalidCsv) name `file` and the
// line: an unterminated quote, text after a closing quote, a row with more fields than the
// header.
Result<CsvTable> ParseCsv(std::string_view text, std::string_view file);

// Writes a header and rows, quoting only the fields that need it; LF line ends.
std::string WriteCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows);

}  // namespace pal
