#include "core/partner.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(PartnerIdSyntaxTest, AcceptsDigits) {
  EXPECT_TRUE(ValidatePartnerIdSyntax("719878").ok());
  EXPECT_TRUE(ValidatePartnerIdSyntax("1").ok());
  EXPECT_TRUE(ValidatePartnerIdSyntax("1234567890").ok());
}

TEST(PartnerIdSyntaxTest, RejectsOthersWithBadRequest) {
  for (const char* id : {"", "abc", "71987x", "12345678901", "-1", "7198 78", "719878/1"}) {
    auto result = ValidatePartnerIdSyntax(id);
    ASSERT_FALSE(result.ok()) << id;
    EXPECT_EQ(result.error().code, "BadRequest");
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
  }
}

TEST(LinkablePartnerTest, UnknownIdIsRefused) {
  auto result = CheckLinkablePartner("123", std::nullopt);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("don't have a record"), std::string::npos);
}

TEST(LinkablePartnerTest, GlobalIdNamesLocationInstead) {
  Partner global{"4960815", "Mekorma", PartnerIdKind::kGlobal, std::nullopt, PartnerStatus::kActive,
                 0};
  auto result = CheckLinkablePartner("4960815", global);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("global account ID of Mekorma"), std::string::npos);
  EXPECT_NE(result.error().message.find("location ID"), std::string::npos);
}

TEST(LinkablePartnerTest, RetiredIsRefusedActiveLocationAccepted) {
  Partner p{"719878", "Mekorma", PartnerIdKind::kLocation, "4960815", PartnerStatus::kActive, 0};
  EXPECT_TRUE(CheckLinkablePartner("719878", p).ok());
  p.status = PartnerStatus::kRetired;
  EXPECT_FALSE(CheckLinkablePartner("719878", p).ok());
}

TEST(PartnerEnumsTest, RoundTrip) {
  EXPECT_EQ(ParsePartnerIdKind(PartnerIdKindName(PartnerIdKind::kGlobal)), PartnerIdKind::kGlobal);
  EXPECT_EQ(ParsePartnerStatus("RETIRED"), PartnerStatus::kRetired);
  EXPECT_FALSE(ParsePartnerIdKind("regional").has_value());
}

}  // namespace
}  // namespace pal
