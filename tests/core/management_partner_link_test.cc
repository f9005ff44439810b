#include "core/management_partner_link.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const PrincipalKey kOwner{*Guid::Parse("c0a70500-0000-4000-8000-000000000001"),
                          *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1")};

LinkCommand Create(const std::string& id) { return {LinkAction::kCreate, id, "Name " + id}; }
LinkCommand Update(const std::string& id) { return {LinkAction::kUpdate, id, "Name " + id}; }
LinkCommand Delete(const std::string& id) { return {LinkAction::kDelete, id, ""}; }

TEST(LinkRulesTest, CreateFromNothing) {
  auto link = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->owner, kOwner);
  EXPECT_EQ(link->partner_id, "719878");
  EXPECT_EQ(link->partner_name, "Name 719878");
  EXPECT_EQ(link->state, LinkState::kActive);
  EXPECT_EQ(link->version, 1);
  EXPECT_EQ(link->created_at, 100);
  EXPECT_EQ(link->updated_at, 100);
}

TEST(LinkRulesTest, EveryWriteBumpsVersionAndKeepsCreatedTime) {
  auto v1 = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  auto v2 = ApplyLinkCommand(kOwner, *v1, Create("719878"), 200);  // same id again
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->version, 2);
  auto v3 = ApplyLinkCommand(kOwner, *v2, Delete("719878"), 300);
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->state, LinkState::kDeleted);
  EXPECT_EQ(v3->version, 3);
  auto v4 = ApplyLinkCommand(kOwner, *v3, Create("1234567"), 400);
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->state, LinkState::kActive);
  EXPECT_EQ(v4->partner_id, "1234567");
  EXPECT_EQ(v4->version, 4);
  EXPECT_EQ(v4->created_at, 100);
  EXPECT_EQ(v4->updated_at, 400);
}

TEST(LinkRulesTest, CreateWithAnotherIdWhileActiveConflicts) {
  auto v1 = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  auto v2 = ApplyLinkCommand(kOwner, *v1, Create("1234567"), 200);
  ASSERT_FALSE(v2.ok());
  EXPECT_EQ(v2.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(v2.error().code, "Conflict");
}

TEST(LinkRulesTest, UpdateRepointsAnActiveLink) {
  auto v1 = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  auto v2 = ApplyLinkCommand(kOwner, *v1, Update("1234567"), 200);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->partner_id, "1234567");
  EXPECT_EQ(v2->partner_name, "Name 1234567");
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->created_at, 100);
}

TEST(LinkRulesTest, UpdateOrDeleteWithoutActiveLinkIsNotFound) {
  for (const auto& command : {Update("719878"), Delete("719878")}) {
    auto none = ApplyLinkCommand(kOwner, std::nullopt, command, 100);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, "NotFound");
  }
  auto v1 = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  auto deleted = ApplyLinkCommand(kOwner, *v1, Delete("719878"), 200);
  auto again = ApplyLinkCommand(kOwner, *deleted, Delete("719878"), 300);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
}

TEST(LinkRulesTest, DeleteWithAnotherIdIsNotFound) {
  auto v1 = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  auto result = ApplyLinkCommand(kOwner, *v1, Delete("1234567"), 200);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(result.error().message.find("719878"), std::string::npos);
}

TEST(LinkRulesTest, ReadRules) {
  EXPECT_FALSE(SelectLinkForRead(std::nullopt, "").ok());
  auto v1 = ApplyLinkCommand(kOwner, std::nullopt, Create("719878"), 100);
  EXPECT_TRUE(SelectLinkForRead(*v1, "").ok());
  EXPECT_TRUE(SelectLinkForRead(*v1, "719878").ok());
  auto mismatch = SelectLinkForRead(*v1, "1234567");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().kind, ErrorKind::kNotFound);
  auto deleted = ApplyLinkCommand(kOwner, *v1, Delete("719878"), 200);
  EXPECT_FALSE(SelectLinkForRead(*deleted, "").ok());
  EXPECT_FALSE(SelectLinkForRead(*deleted, "719878").ok());
}

}  // namespace
}  // namespace pal
