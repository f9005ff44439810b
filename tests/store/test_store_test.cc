// The helper the store and API tests open their stores with (store/test_store.h).
#include "store/test_store.h"

#include <gtest/gtest.h>

namespace pal::store {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");

// Under PAL_TEST_POSTGRES every TestStore is a copy of one migrated database: what a test
// writes must stay in its own copy, not reach the next test's.
TEST(TestStoreTest, EveryOpenIsAFreshEmptyStoreOnTheBackendUnderTest) {
  const FixedClock clock{1};
  TestStore first;
  ASSERT_TRUE(first.Open(clock));
  EXPECT_EQ(first.postgresql(), TestPostgresqlServer().has_value());
  ASSERT_TRUE(first->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
  auto tenants = first->directory().ListTenants();
  ASSERT_TRUE(tenants.ok()) << tenants.error().message;
  EXPECT_EQ(tenants->size(), 1u);

  TestStore second;
  ASSERT_TRUE(second.Open(clock));
  tenants = second->directory().ListTenants();
  ASSERT_TRUE(tenants.ok()) << tenants.error().message;
  EXPECT_TRUE(tenants->empty());
  // Both at once, each on its own database.
  tenants = first->directory().ListTenants();
  ASSERT_TRUE(tenants.ok()) << tenants.error().message;
  EXPECT_EQ(tenants->size(), 1u);

  // Opening again starts over.
  ASSERT_TRUE(first.Open(clock));
  tenants = first->directory().ListTenants();
  ASSERT_TRUE(tenants.ok()) << tenants.error().message;
  EXPECT_TRUE(tenants->empty());
}

}  // namespace
}  // namespace pal::store
