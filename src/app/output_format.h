#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace pal::app {

// The `-o` formats, as az has them.
enum class OutputFormat { kJson, kTable, kTsv };

std::optional<OutputFormat> ParseOutputFormat(std::string_view text);

// Renders an object or an array of objects. json: 2-space indent, keys sorted; table: a header
// of PascalCase column names (scalar fields only) over dashes; tsv: values only, tab-separated,
// one line per object. Ends with a newline.
std::string FormatOutput(const nlohmann::json& value, OutputFormat format);

// 1234567 -> "1,234,567".
std::string FormatThousands(std::uint64_t n);

}  // namespace pal::app
