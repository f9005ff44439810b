#include "core/onboarding_audit.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace pal {
namespace {

const Guid kCustomer = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kProd = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kDev = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000102");
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const Guid kOwner = *Guid::Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const Guid kBlobReader = *Guid::Parse("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
constexpr Timestamp kNow = 1'800'000'000LL * 1'000'000;
constexpr Timestamp kDay = 86'400LL * 1'000'000;

AuditedSubscription Sub(const Guid& id, std::string state, std::vector<AuditedRole> roles) {
  AuditedSubscription s;
  s.subscription_id = id;
  s.tenant_id = kCustomer;
  s.display_name = "Sub " + id.ToString().substr(34);
  s.state = std::move(state);
  s.visible = true;
  s.roles = std::move(roles);
  return s;
}

AuditedRole Role(const Guid& role, std::string scope) { return {role, "", std::move(scope)}; }

AuditedAccount Account(std::vector<AuditedSubscription> subscriptions,
                       std::optional<std::string> linked = "719878") {
  AuditedAccount a;
  a.tenant_id = kCustomer;
  a.app_id = "app-1";
  a.object_id = Guid::FromRandomBytes({1});
  a.linked_partner_id = std::move(linked);
  a.secret_expires_at = kNow + 90 * kDay;
  a.subscriptions = std::move(subscriptions);
  return a;
}

const std::string kProdScope = "/subscriptions/" + kProd.ToString();

TEST(OnboardingAuditTest, ReaderOnEveryProductionSubscriptionAndLinkedIsComplete) {
  auto audit = RunOnboardingAudit(
      "719878",
      {Account({Sub(kProd, "Enabled", {Role(kReader, kProdScope)}),
                Sub(kDev, "Disabled", {})})},  // a disabled subscription is not production
      kNow);
  EXPECT_TRUE(audit.complete);
  ASSERT_EQ(audit.tenants.size(), 1u);
  ASSERT_EQ(audit.tenants[0].subscriptions.size(), 1u);
  const auto& sub = audit.tenants[0].subscriptions[0];
  EXPECT_EQ(sub.subscription_id, kProd);
  EXPECT_TRUE(sub.complete);
  EXPECT_TRUE(sub.accounts[0].missing.empty());
}

TEST(OnboardingAuditTest, EachMissingPieceIsNamed) {
  struct Case {
    AuditedAccount account;
    std::string expected;
  };
  auto unlinked = Account({Sub(kProd, "Enabled", {Role(kOwner, kProdScope)})}, std::nullopt);
  auto elsewhere = Account({Sub(kProd, "Enabled", {Role(kOwner, "/")})}, "1234567");
  auto below = Account({Sub(kProd, "Enabled", {Role(kReader, kProdScope + "/resourceGroups/rg")})});
  auto data_only = Account({Sub(kProd, "Warned", {Role(kBlobReader, kProdScope)})});
  auto expiring = Account({Sub(kProd, "Enabled", {Role(kReader, kProdScope)})});
  expiring.secret_expires_at = kNow + 29 * kDay;
  auto expired = Account({});
  expired.sign_in_error = "(invalid_client) AADSTS7000222: expired";
  expired.secret_expired = true;
  auto lost = Account({});
  auto listed = Account({Sub(kProd, "Enabled", {Role(kReader, kProdScope)})});
  AuditedSubscription unseen;
  unseen.subscription_id = kDev;
  unseen.tenant_id = kCustomer;
  unseen.listed = true;
  listed.subscriptions.push_back(unseen);
  const std::vector<Case> cases = {
      {unlinked, "not linked to partner ID 719878"},
      {elsewhere, "linked to partner ID 1234567, not 719878"},
      {below,
       "no Reader-or-better role on this production subscription (roles only below it or without "
       "read)"},
      {data_only,
       "no Reader-or-better role on this production subscription (roles only below it or without "
       "read)"},
      {expiring, "credentials expire on 2027-02-13 (within 30 days)"},
      {expired, "credentials expired: the account cannot sign in"},
      {lost, "no role on any production subscription of the tenant"},
      {listed, "no Reader-or-better role on this production subscription"},
  };
  for (const auto& c : cases) {
    auto audit = RunOnboardingAudit("719878", {c.account}, kNow);
    EXPECT_FALSE(audit.complete) << c.expected;
    ASSERT_EQ(audit.tenants.size(), 1u);
    EXPECT_FALSE(audit.tenants[0].complete) << c.expected;
    std::vector<std::string> all;
    for (const auto& s : audit.tenants[0].subscriptions) {
      for (const auto& a : s.accounts) all.insert(all.end(), a.missing.begin(), a.missing.end());
    }
    EXPECT_NE(std::find(all.begin(), all.end(), c.expected), all.end())
        << c.expected << " not in " << ::testing::PrintToString(all);
  }
}

TEST(OnboardingAuditTest, OneCompleteAccountMakesTheSubscriptionComplete) {
  auto good = Account({Sub(kProd, "Enabled", {Role(kReader, kProdScope)})});
  auto idle = Account({});
  idle.app_id = "app-2";
  auto unlinked = Account({Sub(kProd, "Enabled", {Role(kReader, kProdScope)})}, std::nullopt);
  unlinked.app_id = "app-3";
  auto audit = RunOnboardingAudit("719878", {unlinked, good, idle}, kNow);
  ASSERT_EQ(audit.tenants.size(), 1u);
  const auto& tenant = audit.tenants[0];
  EXPECT_TRUE(tenant.complete);
  ASSERT_EQ(tenant.subscriptions.size(), 2u);  // the idle account's row, then the subscription
  EXPECT_FALSE(tenant.subscriptions[0].subscription_id.has_value());
  EXPECT_FALSE(tenant.subscriptions[0].complete);
  const auto& prod = tenant.subscriptions[1];
  EXPECT_TRUE(prod.complete);
  ASSERT_EQ(prod.accounts.size(), 2u);
  EXPECT_EQ(prod.accounts[0].app_id, "app-1");
  EXPECT_TRUE(prod.accounts[0].complete);
  EXPECT_FALSE(prod.accounts[1].complete);
}

TEST(OnboardingAuditTest, NoAccountsIsNotComplete) {
  EXPECT_FALSE(RunOnboardingAudit("719878", {}, kNow).complete);
}

}  // namespace
}  // namespace pal
