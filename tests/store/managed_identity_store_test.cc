#include "store/managed_identity_store.h"

#include <gtest/gtest.h>

#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kTenant = *Guid::Parse("3a0e0000-0000-4000-8000-000000000001");
const Guid kIdentity = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000a1");
const Guid kIdentityApp = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000a2");
const Guid kOther = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000b1");
const Guid kUser = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000c1");

TEST(ManagedIdentityStore, OnlyAServicePrincipalBecomesOneAndOnlyOnce) {
  FixedClock clock(0);
  TestStore store;
  ASSERT_TRUE(store.Open(clock));
  ASSERT_TRUE(store->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
  ASSERT_TRUE(store->directory()
                  .CreatePrincipal({kTenant, kIdentity, PrincipalKind::kServicePrincipal, "w",
                                    kIdentityApp, "x", 0, std::nullopt})
                  .ok());
  ASSERT_TRUE(store->directory()
                  .CreatePrincipal({kTenant, kUser, PrincipalKind::kUser, "ada@contoso.example",
                                    std::nullopt, "x", 0, std::nullopt})
                  .ok());
  auto& identities = store->managed_identities();
  EXPECT_FALSE(*identities.IsManagedIdentity({kTenant, kIdentity}));
  ASSERT_TRUE(identities.AddManagedIdentity({kTenant, kIdentity}, "hash-1").ok());
  EXPECT_TRUE(*identities.IsManagedIdentity({kTenant, kIdentity}));
  EXPECT_EQ(*identities.FindManagedIdentity("hash-1"), (PrincipalKey{kTenant, kIdentity}));
  EXPECT_FALSE(identities.FindManagedIdentity("hash-2")->has_value());
  auto again = identities.AddManagedIdentity({kTenant, kIdentity}, "hash-2");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ManagedIdentityExists");
  auto user = identities.AddManagedIdentity({kTenant, kUser}, "hash-3");
  ASSERT_FALSE(user.ok());
  EXPECT_EQ(user.error().code, "NotAServicePrincipal");
  auto missing = identities.AddManagedIdentity({kTenant, kOther}, "hash-4");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "PrincipalNotFound");
  // Nothing of the refused ones was kept.
  EXPECT_FALSE(identities.FindManagedIdentity("hash-2")->has_value());
  EXPECT_FALSE(identities.FindManagedIdentity("hash-3")->has_value());
  EXPECT_FALSE(*identities.IsManagedIdentity({kTenant, kUser}));
}

}  // namespace
}  // namespace pal::store
