#include "cli/output_format.h"

#include <gtest/gtest.h>

namespace pal::cli {
namespace {

const nlohmann::json kLink = {
    {"partnerId", "719878"}, {"etag", 3}, {"name", "719878"}, {"nested", {{"x", 1}}}};

TEST(OutputFormatTest, JsonIsSortedAndIndented) {
  EXPECT_EQ(FormatOutput(nlohmann::json{{"b", 1}, {"a", "x"}}, OutputFormat::kJson),
            "{\n  \"a\": \"x\",\n  \"b\": 1\n}\n");
}

TEST(OutputFormatTest, TableHasPascalCaseHeaderAndDashes) {
  EXPECT_EQ(FormatOutput(kLink, OutputFormat::kTable),
            "Etag  Name    PartnerId\n"
            "----  ------  ---------\n"
            "3     719878  719878\n");
}

TEST(OutputFormatTest, TsvIsValuesOnly) {
  const nlohmann::json rows = nlohmann::json::array({kLink, {{"partnerId", "1"}, {"etag", 4}}});
  EXPECT_EQ(FormatOutput(rows, OutputFormat::kTsv), "3\t719878\t719878\n4\t\t1\n");
}

TEST(OutputFormatTest, ParsesNames) {
  EXPECT_EQ(ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_FALSE(ParseOutputFormat("yaml").has_value());
  EXPECT_EQ(FormatOutput(nlohmann::json::array(), OutputFormat::kTable), "");
}

}  // namespace
}  // namespace pal::cli
