#include "api/subscription_state_guard.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "api/arm_test_directory.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kOther = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kCaller = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kEnabled = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kDisabled = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000102");
const Guid kDeleted = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000103");
const Guid kWarned = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000104");
const Guid kPastDue = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000105");
const Guid kForeign = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000201");
const Guid kRandom = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000999");

HttpRequest Request(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

TEST(AddressedSubscriptionTest, FindsTheSubscriptionOfEveryPathUnderOne) {
  const std::string id = kEnabled.ToString();
  EXPECT_EQ(AddressedSubscription("/subscriptions/" + id), id);
  EXPECT_EQ(AddressedSubscription("//Subscriptions/" + id + "/resourceGroups/rg"), id);
  EXPECT_EQ(AddressedSubscription("/subscriptions/" + id +
                                  "/providers/Microsoft.Authorization/roleAssignments/x"),
            id);
  EXPECT_EQ(AddressedSubscription(
                "/providers/Microsoft.Management/managementGroups/g/subscriptions/" + id),
            id);
  EXPECT_EQ(
      AddressedSubscription("/subscriptions/%35b0a1c3e-0000-4000-8000-000000000101/resourcegroups"),
      id);
  EXPECT_EQ(AddressedSubscription("/subscriptions"), std::nullopt);
  EXPECT_EQ(AddressedSubscription("/providers/Microsoft.Management/managementGroups/g"),
            std::nullopt);
  EXPECT_EQ(
      AddressedSubscription("/providers/Microsoft.Management/managementGroups/g/subscriptions"),
      std::nullopt);
  EXPECT_EQ(AddressedSubscription("/providers/Pal.PowerPlatform/environments/subscriptions"),
            std::nullopt);
}

TEST(ChangesStateTest, EveryWriteButTheChecks) {
  EXPECT_FALSE(ChangesState(Request("GET", "/subscriptions/s/resourcegroups/rg")));
  EXPECT_FALSE(ChangesState(Request("HEAD", "/subscriptions/s/resourcegroups/rg")));
  for (const char* method : {"PUT", "PATCH", "DELETE", "POST"}) {
    EXPECT_TRUE(ChangesState(Request(method, "/subscriptions/s/resourcegroups/rg"))) << method;
  }
  EXPECT_FALSE(ChangesState(
      Request("POST", "/subscriptions/s/providers/Pal.PartnerOfRecord/validatePartnerId")));
}

class SubscriptionStateGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kTenant, "Contoso");
    testing::AddTenant(*store_, kOther, "Fabrikam");
    testing::AddSubscription(*store_, kEnabled, kTenant, "Enabled");
    testing::AddSubscription(*store_, kDisabled, kTenant, "Disabled", SubscriptionOffer::kAzurePlan,
                             SubscriptionState::kDisabled);
    testing::AddSubscription(*store_, kDeleted, kTenant, "Deleted", SubscriptionOffer::kAzurePlan,
                             SubscriptionState::kDeleted);
    testing::AddSubscription(*store_, kWarned, kTenant, "Warned", SubscriptionOffer::kAzurePlan,
                             SubscriptionState::kWarned);
    testing::AddSubscription(*store_, kPastDue, kTenant, "PastDue", SubscriptionOffer::kAzurePlan,
                             SubscriptionState::kPastDue);
    testing::AddSubscription(*store_, kForeign, kOther, "Foreign");
    caller_.tenant_id = kTenant;
    caller_.object_id = kCaller;
    guard_.emplace(*store_, [](std::function<void()> work) { work(); });
  }

  Result<void> Check(const std::string& method, const Guid& subscription,
                     const std::string& rest = "/resourcegroups/rg") {
    return guard_->Check(Request(method, "/subscriptions/" + subscription.ToString() + rest),
                         caller_);
  }

  // The refusal's code and its message with the subscription id replaced, to compare answers.
  static std::pair<std::string, std::string> Shape(const Result<void>& result, const Guid& id) {
    if (result.ok()) return {"ok", ""};
    std::string message = result.error().message;
    const std::string text = id.ToString();
    for (auto at = message.find(text); at != std::string::npos; at = message.find(text)) {
      message.replace(at, text.size(), "{id}");
    }
    return {result.error().code, message};
  }

  FixedClock clock_{1};
  store::TestStore store_;
  std::optional<SubscriptionStateGuard> guard_;
  identity::CallerIdentity caller_;
};

TEST_F(SubscriptionStateGuardTest, ADisabledSubscriptionIsReadOnly) {
  for (const char* method : {"PUT", "PATCH", "DELETE", "POST"}) {
    auto refused = Check(method, kDisabled);
    ASSERT_FALSE(refused.ok()) << method;
    EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(refused.error().code, "ReadOnlyDisabledSubscription");
    EXPECT_NE(refused.error().message.find(kDisabled.ToString()), std::string::npos);
  }
  EXPECT_TRUE(Check("GET", kDisabled).ok());
  EXPECT_TRUE(Check("HEAD", kDisabled).ok());
  // Moving it between management groups is a write on it too.
  auto move = guard_->Check(
      Request("PUT", "/providers/Microsoft.Management/managementGroups/g/subscriptions/" +
                         kDisabled.ToString()),
      caller_);
  ASSERT_FALSE(move.ok());
  EXPECT_EQ(move.error().code, "ReadOnlyDisabledSubscription");
}

TEST_F(SubscriptionStateGuardTest, EnabledWarnedAndPastDueStayWritable) {
  for (const Guid& id : {kEnabled, kWarned, kPastDue}) {
    EXPECT_TRUE(Check("PUT", id).ok()) << id.ToString();
    EXPECT_TRUE(Check("DELETE", id).ok()) << id.ToString();
  }
}

TEST_F(SubscriptionStateGuardTest, DeletedAndForeignSubscriptionsAnswerAsARandomId) {
  for (const char* method : {"GET", "PUT", "DELETE"}) {
    const auto random = Shape(Check(method, kRandom), kRandom);
    EXPECT_EQ(random.first, "SubscriptionNotFound");
    EXPECT_EQ(Shape(Check(method, kDeleted), kDeleted), random) << method;
    EXPECT_EQ(Shape(Check(method, kForeign), kForeign), random) << method;
    EXPECT_EQ(Shape(Check(method, kDeleted, ""), kDeleted),
              Shape(Check(method, kRandom, ""), kRandom));
  }
  // The foreign subscription is its own tenant's as usual.
  caller_.tenant_id = kOther;
  EXPECT_TRUE(Check("PUT", kForeign).ok());
}

TEST_F(SubscriptionStateGuardTest, PathsWithoutASubscriptionPassUntouched) {
  EXPECT_TRUE(
      guard_->Check(Request("PUT", "/providers/Microsoft.Management/managementGroups/g"), caller_)
          .ok());
  EXPECT_TRUE(guard_->Check(Request("GET", "/subscriptions"), caller_).ok());
  // A malformed id is the provider's to refuse (InvalidSubscriptionId).
  EXPECT_TRUE(
      guard_->Check(Request("PUT", "/subscriptions/not-a-guid/resourcegroups/rg"), caller_).ok());
}

TEST_F(SubscriptionStateGuardTest, AdmitAnswersTheRefusalOrProceeds) {
  std::optional<HttpResponse> answered;
  bool proceeded = false;
  guard_->Admit(
      Request("PUT", "/subscriptions/" + kDisabled.ToString() + "/resourcegroups/rg"), caller_,
      [&](HttpResponse r) { answered = std::move(r); },
      [&](const HttpRequest&, Respond) { proceeded = true; });
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 409);
  EXPECT_FALSE(proceeded);

  answered.reset();
  guard_->Admit(
      Request("GET", "/subscriptions/" + kDisabled.ToString() + "/resourcegroups/rg"), caller_,
      [&](HttpResponse r) { answered = std::move(r); },
      [&](const HttpRequest& admitted, Respond) { proceeded = admitted.method == "GET"; });
  EXPECT_FALSE(answered);
  EXPECT_TRUE(proceeded);
}

}  // namespace
}  // namespace pal::api
