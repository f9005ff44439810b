// The table descriptors: every table of the data set and of the Power Platform files goes
// through the same loops, so each must round-trip and each must refuse a missing column.

#include "dataset/table_descriptor.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/csv.h"
#include "dataset/dataset_generator.h"
#include "dataset/dataset_tables.h"
#include "dataset/power_platform_files.h"

namespace pal {
namespace {

// The file without `column` (its other columns and rows unchanged).
std::string WithoutColumn(const std::string& text, std::string_view column) {
  auto table = ParseCsv(text, "in.csv");
  EXPECT_TRUE(table.ok());
  const size_t drop = *table->Column(column);
  std::vector<std::string> header;
  for (size_t c = 0; c < table->header.size(); ++c) {
    if (c != drop) header.push_back(table->header[c]);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : table->rows) {
    std::vector<std::string> kept;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c != drop) kept.push_back(row[c]);
    }
    rows.push_back(std::move(kept));
  }
  return WriteCsv(header, rows);
}

std::map<std::string, std::string> PowerPlatformFiles() {
  const std::string tenant = "6f1c2b1e-7d0a-4f51-9a53-0c2d3e4f5a6b";
  const std::string user = "0b6b7a57-2f5e-4d0c-8f44-53d7d2d55c1a";
  return {
      {"powerplatform_resources.csv",
       "environment_id,tenant_id,environment_type,paid,resource_id,product,owner_ids,"
       "co_owner_ids\n" +
           fmt::format("prod,{},Production,true,app-1,CanvasApp,{},\n", tenant, user) +
           fmt::format("prod,{},Production,true,ci-1,CustomerInsightsInstance,,\n", tenant)},
      {"powerplatform_activity.csv", "date,resource_id,user_id,tenant_id\n" +
                                         fmt::format("2026-10-04,app-1,{},{}\n", user, tenant)},
      {"customer_insights_profiles.csv", "date,resource_id,unified_profiles,tenant_id\n" +
                                             fmt::format("2026-10-04,ci-1,1200,{}\n", tenant)},
  };
}

TEST(TableDescriptorTest, DatasetFileNamesAreTheDescriptorsInDependencyOrder) {
  std::vector<std::string> files;
  ForEachDatasetTable([&](const auto& table) { files.emplace_back(table.file); });
  EXPECT_EQ(files, DatasetFileNames());
  EXPECT_EQ(files.front(), "partners.csv");
  EXPECT_EQ(files.size(), 9u);
  EXPECT_EQ(PowerPlatformFileNames(),
            (std::vector<std::string>{"powerplatform_resources.csv", "powerplatform_activity.csv",
                                      "customer_insights_profiles.csv"}));
}

TEST(TableDescriptorTest, EveryDatasetTableRoundTripsParseWriteParse) {
  const auto files = WriteDataset(GenerateDataset(30, 5));
  auto parsed = ParseDataset(files);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ForEachDatasetTable([&](const auto& table) {
    SCOPED_TRACE(std::string(table.file));
    const auto& rows = (*parsed).*table.rows;
    EXPECT_FALSE(rows.empty());
    // Written back row by row through the descriptor: the same file.
    std::vector<std::vector<std::string>> written;
    for (const auto& row : rows) {
      written.push_back(table.write_row(row));
      EXPECT_EQ(written.back().size(), table.columns.size());
    }
    EXPECT_EQ(WriteCsv(table.Header(), written), files.at(std::string(table.file)));
  });
  auto again = ParseDataset(WriteDataset(*parsed));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(WriteDataset(*again), files);
}

TEST(TableDescriptorTest, EveryPowerPlatformTableRoundTripsParseWriteParse) {
  auto parsed = ParsePowerPlatformUsage(PowerPlatformFiles());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto written = WritePowerPlatformUsage(*parsed);
  ForEachPowerPlatformTable([&](const auto& table) {
    SCOPED_TRACE(std::string(table.file));
    EXPECT_EQ(((*parsed).*table.rows).size(), 1u + (table.file == "powerplatform_resources.csv"));
    EXPECT_EQ(written.at(std::string(table.file)),
              PowerPlatformFiles().at(std::string(table.file)));
  });
  auto again = ParsePowerPlatformUsage(written);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(WritePowerPlatformUsage(*again), written);
}

TEST(TableDescriptorTest, AMissingRequiredColumnIsRefusedNamingFileAndColumn) {
  const auto files = WriteDataset(GenerateDataset(30, 5));
  ForEachDatasetTable([&](const auto& table) {
    for (auto column : table.required) {
      SCOPED_TRACE(fmt::format("{} {}", table.file, column));
      auto broken = files;
      auto& text = broken[std::string(table.file)];
      text = WithoutColumn(text, column);
      auto parsed = ParseDataset(broken, 1);
      ASSERT_FALSE(parsed.ok());
      EXPECT_EQ(parsed.error().code, "InvalidDataset");
      EXPECT_EQ(parsed.error().message.substr(0, parsed.error().message.find('\n')),
                fmt::format("{}:1: the column '{}' is missing", table.file, column));
    }
  });
  // An optional column may be missing: partners.csv without home_tenant_id.
  auto without_home = files;
  without_home["partners.csv"] = WithoutColumn(files.at("partners.csv"), "home_tenant_id");
  EXPECT_TRUE(ParseDataset(without_home).ok());
  // An empty file (header only) needs no columns.
  auto empty = files;
  empty["dpor.csv"] = "subscription_id\n";
  EXPECT_TRUE(ParseDataset(empty).ok());
}

TEST(TableDescriptorTest, AMissingPowerPlatformColumnIsRefusedNamingFileAndColumn) {
  ForEachPowerPlatformTable([&](const auto& table) {
    for (auto column : table.required) {
      SCOPED_TRACE(fmt::format("{} {}", table.file, column));
      auto broken = PowerPlatformFiles();
      auto& text = broken[std::string(table.file)];
      text = WithoutColumn(text, column);
      auto parsed = ParsePowerPlatformUsage(broken);
      ASSERT_FALSE(parsed.ok());
      EXPECT_EQ(parsed.error().message.substr(0, parsed.error().message.find('\n')),
                fmt::format("{}:1: the column '{}' is missing", table.file, column));
    }
  });
  // tenant_id is written but optional when read.
  auto old = PowerPlatformFiles();
  old["powerplatform_activity.csv"] = WithoutColumn(old["powerplatform_activity.csv"], "tenant_id");
  EXPECT_TRUE(ParsePowerPlatformUsage(old).ok());
}

}  // namespace
}  // namespace pal
