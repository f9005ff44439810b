#include "dataset/dataset.h"

#include <unordered_map>

#include "core/csv.h"
#include "core/text.h"
#include "core/time_format.h"
#include "dataset/dataset_tables.h"

namespace pal {
namespace {

std::string Lower(std::string_view s) { return ToLowerAscii(s); }

// Reads one table's rows into the data set, then runs its checks across rows.
template <typename Row>
void ParseTable(const DatasetTable<Row>& table, const CsvTable& csv, Dataset& d,
                DatasetParseContext& context) {
  DatasetRowReader reader(csv, table.file, context.problems);
  if (reader.Require(table.required)) {
    auto& rows = d.*table.rows;
    for (size_t i = 0; i < reader.size(); ++i) {
      if (auto row = table.parse_row(reader, i, context)) rows.push_back(std::move(*row));
    }
  }
  if (table.check_rows) table.check_rows(d, context);
}

}  // namespace

const std::vector<std::string>& DatasetFileNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    ForEachDatasetTable([&](const auto& table) { out.emplace_back(table.file); });
    return out;
  }();
  return names;
}

std::string FormatDatasetTime(Timestamp t) {
  const std::string iso = FormatIso8601(t);  // 2026-10-04T13:05:00.0000000Z
  if (t % kMicrosPerSecond == 0) return iso.substr(0, 19) + "Z";
  return iso.substr(0, 26) + "Z";
}

Result<Dataset> ParseDataset(const std::map<std::string, std::string>& files, size_t max_problems) {
  DatasetProblems problems(max_problems);
  std::map<std::string, CsvTable, std::less<>> tables;
  for (const auto& [name, text] : files) {
    auto table = ParseCsv(text, name);
    if (!table.ok()) {
      problems.Add(name, 0, table.error().message);
      continue;
    }
    tables[name] = std::move(*table);
  }
  if (!problems.empty()) return problems.ToError();
  static const CsvTable kEmpty;
  Dataset d;
  DatasetParseContext context(problems, d);
  ForEachDatasetTable([&](const auto& table) {
    auto it = tables.find(table.file);
    ParseTable(table, it == tables.end() ? kEmpty : it->second, d, context);
  });
  if (!problems.empty()) return problems.ToError();
  return d;
}

std::vector<std::vector<std::string>> SubscriptionGroupChains(const Dataset& d) {
  std::unordered_map<std::string, std::string> parent_of;
  for (const auto& g : d.management_groups) {
    if (g.parent_group_id) parent_of[Lower(g.group_id)] = Lower(*g.parent_group_id);
  }
  std::vector<std::vector<std::string>> chains;
  chains.reserve(d.subscriptions.size());
  for (const auto& s : d.subscriptions) {
    std::vector<std::string> chain = {
        Lower(s.management_group_id.value_or(s.tenant_id.ToString()))};
    // Bounded: a data set that skipped validation may hold a cycle.
    for (auto up = parent_of.find(chain.back());
         up != parent_of.end() && chain.size() <= parent_of.size() + 1;
         up = parent_of.find(chain.back())) {
      chain.push_back(up->second);
    }
    chains.push_back(std::move(chain));
  }
  return chains;
}

std::map<std::string, std::string> WriteDataset(const Dataset& d) {
  std::map<std::string, std::string> files;
  ForEachDatasetTable([&](const auto& table) {
    std::vector<std::vector<std::string>> rows;
    rows.reserve((d.*table.rows).size());
    for (const auto& row : d.*table.rows) rows.push_back(table.write_row(row));
    files[std::string(table.file)] = WriteCsv(table.Header(), rows);
  });
  return files;
}

}  // namespace pal
