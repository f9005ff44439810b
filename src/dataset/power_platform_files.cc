#include "dataset/power_platform_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/csv.h"
#include "core/text.h"

namespace pal {
namespace {

// Reads one file's rows into `usage`. A file that does not parse, or has rows and lacks a
// column (the first one missing is reported), is skipped.
template <typename Row>
void ParseTable(const PowerPlatformTable<Row>& table,
                const std::map<std::string, std::string>& files, PowerPlatformUsage& usage,
                PowerPlatformParseContext& context) {
  auto it = files.find(std::string(table.file));
  if (it == files.end()) return;
  auto csv = ParseCsv(it->second, table.file);
  if (!csv.ok()) {
    context.problems.Add(table.file, 0, csv.error().message);
    return;
  }
  for (auto c : table.required) {
    if (!csv->Column(c) && !csv->rows.empty()) {
      context.problems.Add(table.file, 1, fmt::format("the column '{}' is missing", c));
      return;
    }
  }
  DatasetRowReader reader(*csv, table.file, context.problems);
  auto& rows = usage.*table.rows;
  for (size_t i = 0; i < reader.size(); ++i) {
    if (auto row = table.parse_row(reader, i, context)) rows.push_back(std::move(*row));
  }
  if (table.check_rows) table.check_rows(usage, context);
}

}  // namespace

bool PowerPlatformParseContext::ResolveRow(DatasetRowReader& r, size_t i, std::int32_t& day,
                                           Guid& tenant_id, std::string& key) {
  auto d = ParsePowerPlatformDay(r.Text(i, "date"));
  if (!d) {
    r.Problem(i, fmt::format("date '{}' is not YYYY-MM-DD", r.Text(i, "date")));
    return false;
  }
  day = *d;
  const std::string resource_text = r.Text(i, "resource_id");
  key = ToLowerAscii(resource_text);
  const std::string tenant_text = r.Text(i, "tenant_id");
  std::optional<Guid> tenant;
  if (!tenant_text.empty()) {
    tenant = Guid::Parse(tenant_text);
    if (!tenant) {
      r.Problem(i, fmt::format("tenant_id '{}' is not a GUID", tenant_text));
      return false;
    }
  }
  auto it = known.find(key);
  const bool found =
      it != known.end() &&
      (!tenant || std::find(it->second.begin(), it->second.end(), *tenant) != it->second.end());
  if (!found) {
    r.Problem(i, tenant ? fmt::format("resource {} of tenant {} is not in "
                                      "powerplatform_resources.csv",
                                      resource_text, tenant->ToString())
                        : fmt::format("resource {} is not in powerplatform_resources.csv",
                                      resource_text));
    return false;
  }
  if (!tenant && it->second.size() > 1) {
    r.Problem(i, fmt::format("resource {} is in {} tenants: give the row's tenant_id",
                             resource_text, it->second.size()));
    return false;
  }
  tenant_id = tenant ? *tenant : it->second.front();
  return true;
}

Result<PowerPlatformUsage> ParsePowerPlatformUsage(const std::map<std::string, std::string>& files,
                                                   size_t max_problems) {
  DatasetProblems problems(max_problems);
  PowerPlatformParseContext context{problems, {}, {}};
  PowerPlatformUsage usage;
  ForEachPowerPlatformTable([&](const auto& table) { ParseTable(table, files, usage, context); });
  if (!problems.empty()) return problems.ToError();
  return usage;
}

std::map<std::string, std::string> WritePowerPlatformUsage(const PowerPlatformUsage& usage) {
  std::map<std::string, std::string> files;
  if (usage.empty()) return files;
  ForEachPowerPlatformTable([&](const auto& table) {
    std::vector<std::vector<std::string>> rows;
    rows.reserve((usage.*table.rows).size());
    for (const auto& row : usage.*table.rows) rows.push_back(table.write_row(row));
    files[std::string(table.file)] = WriteCsv(table.Header(), rows);
  });
  return files;
}

const std::vector<std::string>& PowerPlatformFileNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    ForEachPowerPlatformTable([&](const auto& table) { out.emplace_back(table.file); });
    return out;
  }();
  return names;
}

}  // namespace pal
