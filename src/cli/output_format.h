#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace pal::cli {

// The `-o` formats, as az has them.
enum class OutputFormat { kJson, kTable, kTsv };

std::optional<OutputFormat> ParseOutputFormat(std::string_view text);

// Renders an object or an array of objects. json: 2-space indent, keys sorted; table: a header
// of PascalCase column names (scalar fields only) over dashes; tsv: values only, tab-separated,
// one line per object. Ends with a newline.
std::string FormatOutput(const nlohmann::json& value, OutputFormat format);

}  // namespace pal::cli
