#include "attribution/insights_engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "attribution/attribution_run.h"
#include "attribution_fixture.h"
#include "store/test_store.h"

namespace pal::attribution {
namespace {

namespace fs = std::filesystem;

using testing::CaseBuilder;
using testing::CostExport;
using testing::kS1;
using testing::kT1;
using testing::kU1;

const std::string kEarly = "2026-01-01T00:00:00Z";

// A store holding a case of the attribution tests (partner 719878 credited for kS1 through
// kU1) and a usage file of that month in a directory of its own.
class InsightsEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    dataset_ = CaseBuilder().Grant("/", kU1, kEarly).Link(kT1, kU1, "719878", kEarly).Build();
    ASSERT_TRUE(store_->dataset().ImportDataset(dataset_, {}).ok());
    directory_ = fs::temp_directory_path() /
                 ("pal-insights-engine-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
    usage_ = (directory_ / "usage.csv").string();
    std::ofstream(usage_) << CostExport({"2026-10-03," + kS1 + ",,12.5"});
  }
  void TearDown() override { fs::remove_all(directory_); }

  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  Dataset dataset_;
  fs::path directory_;
  std::string usage_;
};

TEST_F(InsightsEngineTest, WithoutUsageFilesEveryCallIsNoUsageConfigured) {
  InsightsEngine engine(*store_, {}, 1);
  auto month = *ParseAttributionMonth("2026-10");
  auto attributed = engine.Attribute({month});
  ASSERT_FALSE(attributed.ok());
  EXPECT_EQ(attributed.error().code, "NoUsageConfigured");
  auto explained = engine.PartnerExplainJson(kT1, "719878", month, true);
  ASSERT_FALSE(explained.ok());
  EXPECT_EQ(explained.error().code, "NoUsageConfigured");
}

TEST_F(InsightsEngineTest, AttributesTheStoresStateOverTheUsageFilesMonthByMonth) {
  InsightsEngine engine(*store_, {usage_}, 1);
  auto attributed =
      engine.Attribute({*ParseAttributionMonth("2026-10"), *ParseAttributionMonth("2026-11")});
  ASSERT_TRUE(attributed.ok()) << attributed.error().message;
  ASSERT_EQ(attributed->size(), 2u);
  ASSERT_EQ((*attributed)[0].rows.size(), 1u);
  const AttributionRow& row = (*attributed)[0].rows[0];
  EXPECT_EQ(row.partner_id, "719878");
  EXPECT_EQ(row.subscription_id, kS1);
  EXPECT_EQ(row.association, "PAL");
  EXPECT_EQ(FormatCost6(row.cost), "12.500000");
  EXPECT_TRUE((*attributed)[0].power_platform.empty());
  EXPECT_TRUE((*attributed)[1].rows.empty());
}

TEST_F(InsightsEngineTest, PartnerExplainJsonIsThePartnersViewOfTheStore) {
  InsightsEngine engine(*store_, {usage_}, 1);
  const auto month = *ParseAttributionMonth("2026-10");
  auto text = engine.PartnerExplainJson(kT1, "719878", month, false);
  ASSERT_TRUE(text.ok()) << text.error().message;
  auto state = store_->dataset().ExportDataset();
  ASSERT_TRUE(state.ok());
  AttributionInputs inputs{*state, {}};
  auto expected = PartnerExplainJson(inputs, {usage_}, *Guid::Parse(kT1), "719878", month, 1,
                                     /*revenue_visible=*/false);
  ASSERT_TRUE(expected.ok()) << expected.error().message;
  EXPECT_EQ(nlohmann::json::parse(*text), *expected);

  auto not_a_guid = engine.PartnerExplainJson("contoso", "719878", month, true);
  ASSERT_FALSE(not_a_guid.ok());
  EXPECT_EQ(not_a_guid.error().code, "InvalidQueryParameter");
  auto no_part = engine.PartnerExplainJson(kT1, "111111", month, true);
  ASSERT_FALSE(no_part.ok());
  EXPECT_EQ(no_part.error().code, "TenantNotFound");
}

}  // namespace
}  // namespace pal::attribution
