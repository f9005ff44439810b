#include "core/subscription.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(SubscriptionOffer, EveryOfferParsesFromItsName) {
  for (SubscriptionOffer offer : kSubscriptionOffers)
    EXPECT_EQ(ParseSubscriptionOffer(SubscriptionOfferName(offer)), offer);
  EXPECT_EQ(SubscriptionOfferName(SubscriptionOffer::kEnterpriseAgreement), "EnterpriseAgreement");
  EXPECT_EQ(SubscriptionOfferName(SubscriptionOffer::kCsp), "CSP");
}

// subscriptions.csv and `pal admin subscription create --offer` take the exact spelling.
TEST(SubscriptionOffer, OtherSpellingsAreNotOffers) {
  EXPECT_FALSE(ParseSubscriptionOffer("enterpriseagreement"));
  EXPECT_FALSE(ParseSubscriptionOffer("EA"));
  EXPECT_FALSE(ParseSubscriptionOffer(""));
}

TEST(SubscriptionState, EveryStateParsesFromItsName) {
  for (SubscriptionState state : kSubscriptionStates)
    EXPECT_EQ(ParseSubscriptionState(SubscriptionStateName(state)), state);
  EXPECT_EQ(SubscriptionStateName(SubscriptionState::kPastDue), "PastDue");
  EXPECT_FALSE(ParseSubscriptionState("Active"));
  EXPECT_FALSE(ParseSubscriptionState("disabled"));
}

TEST(SubscriptionState, OnlyDisabledAndDeletedAreInactive) {
  EXPECT_FALSE(IsInactive(SubscriptionState::kEnabled));
  EXPECT_FALSE(IsInactive(SubscriptionState::kWarned));
  EXPECT_FALSE(IsInactive(SubscriptionState::kPastDue));
  EXPECT_TRUE(IsInactive(SubscriptionState::kDisabled));
  EXPECT_TRUE(IsInactive(SubscriptionState::kDeleted));
}

}  // namespace
}  // namespace pal
