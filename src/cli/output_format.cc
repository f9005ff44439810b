#include "cli/output_format.h"

#include <algorithm>
#include <vector>

namespace pal::cli {
namespace {

std::string Scalar(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

std::vector<std::string> ScalarKeys(const nlohmann::json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!it.value().is_object() && !it.value().is_array()) keys.push_back(it.key());
  }
  return keys;
}

std::string Pascal(std::string key) {
  if (!key.empty() && key[0] >= 'a' && key[0] <= 'z') key[0] = static_cast<char>(key[0] - 32);
  return key;
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "json") return OutputFormat::kJson;
  if (text == "table") return OutputFormat::kTable;
  if (text == "tsv") return OutputFormat::kTsv;
  return std::nullopt;
}

std::string FormatOutput(const nlohmann::json& value, OutputFormat format) {
  if (format == OutputFormat::kJson) return value.dump(2) + "\n";
  nlohmann::json rows = value.is_array() ? value : nlohmann::json::array({value});
  if (rows.empty()) return "";
  const std::vector<std::string> keys = ScalarKeys(rows[0]);
  std::string out;
  if (format == OutputFormat::kTsv) {
    for (const auto& row : rows) {
      for (size_t i = 0; i < keys.size(); ++i) {
        if (i) out += '\t';
        out += row.contains(keys[i]) ? Scalar(row[keys[i]]) : "";
      }
      out += '\n';
    }
    return out;
  }
  std::vector<size_t> widths;
  for (const auto& key : keys) {
    size_t width = key.size();
    for (const auto& row : rows) {
      if (row.contains(key)) width = std::max(width, Scalar(row[key]).size());
    }
    widths.push_back(width);
  }
  auto line = [&](auto cell) {
    std::string text;
    for (size_t i = 0; i < keys.size(); ++i) {
      std::string value = cell(i);
      if (i + 1 < keys.size()) value.resize(widths[i] + 2, ' ');
      text += value;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  out += line([&](size_t i) { return Pascal(keys[i]); });
  out += line([&](size_t i) { return std::string(widths[i], '-'); });
  for (const auto& row : rows) {
    out += line([&](size_t i) { return row.contains(keys[i]) ? Scalar(row[keys[i]]) : ""; });
  }
  return out;
}

}  // namespace pal::cli
