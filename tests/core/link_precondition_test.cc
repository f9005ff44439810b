// If-Match / If-None-Match on the link's integer etag, through ApplyLinkCommand (the call the
// store's writer makes inside its transaction).
#include "core/link_precondition.h"

#include <gtest/gtest.h>

#include "core/management_partner_link.h"

namespace pal {
namespace {

const PrincipalKey kOwner{*Guid::Parse("c0a70500-0000-4000-8000-000000000001"),
                          *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1")};

LinkPrecondition IfMatch(std::int64_t version) {
  LinkPrecondition precondition;
  precondition.if_match_version = version;
  return precondition;
}
LinkPrecondition IfMatchAny() {
  LinkPrecondition precondition;
  precondition.if_match_any = true;
  return precondition;
}
LinkPrecondition IfNoneMatchAny() {
  LinkPrecondition precondition;
  precondition.if_none_match_any = true;
  return precondition;
}
const LinkPrecondition kIfMatchAny = IfMatchAny();
const LinkPrecondition kIfNoneMatchAny = IfNoneMatchAny();

LinkCommand Command(LinkAction action, const std::string& id, LinkPrecondition precondition) {
  return {action, id, action == LinkAction::kDelete ? "" : "Name " + id, precondition};
}

// An Active link for 719878 at `version` (created, then rewritten by PUTs of the same id).
ManagementPartnerLink ActiveAt(std::int64_t version) {
  auto link =
      ApplyLinkCommand(kOwner, std::nullopt, Command(LinkAction::kCreate, "719878", {}), 100);
  for (std::int64_t v = 1; v < version; ++v) {
    link = ApplyLinkCommand(kOwner, *link, Command(LinkAction::kCreate, "719878", {}), 100 + v);
  }
  EXPECT_EQ(link->version, version);
  return *link;
}

ManagementPartnerLink DeletedAt(std::int64_t version) {
  auto deleted = ApplyLinkCommand(kOwner, ActiveAt(version - 1),
                                  Command(LinkAction::kDelete, "719878", {}), 900);
  EXPECT_EQ(deleted->state, LinkState::kDeleted);
  return *deleted;
}

// Success, or which other outcome it was (so a caller may read error() after asserting it).
testing::AssertionResult IsPreconditionFailed(const Result<ManagementPartnerLink>& result) {
  if (result.ok()) return testing::AssertionFailure() << "written, version " << result->version;
  if (result.error().kind != ErrorKind::kPreconditionFailed ||
      result.error().code != "PreconditionFailed") {
    return testing::AssertionFailure() << result.error().code << ": " << result.error().message;
  }
  return testing::AssertionSuccess();
}

TEST(LinkPreconditionTest, EmptyByDefault) {
  EXPECT_TRUE(LinkPrecondition{}.empty());
  EXPECT_FALSE(IfMatch(0).empty());
  EXPECT_FALSE(kIfMatchAny.empty());
  EXPECT_FALSE(kIfNoneMatchAny.empty());
}

TEST(LinkPreconditionTest, MatchingVersionWritesEveryAction) {
  for (auto action : {LinkAction::kCreate, LinkAction::kUpdate, LinkAction::kDelete}) {
    auto next = ApplyLinkCommand(kOwner, ActiveAt(7), Command(action, "719878", IfMatch(7)), 500);
    ASSERT_TRUE(next.ok()) << LinkActionName(action) << ": " << next.error().message;
    EXPECT_EQ(next->version, 8);
  }
}

TEST(LinkPreconditionTest, StaleVersionIsRefusedWithBothEtagsInTheMessage) {
  for (auto action : {LinkAction::kCreate, LinkAction::kUpdate, LinkAction::kDelete}) {
    auto next = ApplyLinkCommand(kOwner, ActiveAt(7), Command(action, "719878", IfMatch(5)), 500);
    ASSERT_TRUE(IsPreconditionFailed(next));
    EXPECT_EQ(next.error().message,
              "The link's etag is 7; the request's If-Match is 5. Read the link again and retry.");
  }
  // A newer version than the link's is as wrong as an older one.
  ASSERT_TRUE(IsPreconditionFailed(ApplyLinkCommand(
      kOwner, ActiveAt(7), Command(LinkAction::kUpdate, "1234567", IfMatch(8)), 500)));
}

TEST(LinkPreconditionTest, PreconditionIsCheckedBeforeTheActionRules) {
  // Without the precondition these would be 409 Conflict and 404 NotFound; a stale client
  // learns first that its view is stale.
  ASSERT_TRUE(IsPreconditionFailed(ApplyLinkCommand(
      kOwner, ActiveAt(3), Command(LinkAction::kCreate, "1234567", IfMatch(2)), 500)));
  ASSERT_TRUE(IsPreconditionFailed(ApplyLinkCommand(
      kOwner, ActiveAt(3), Command(LinkAction::kDelete, "1234567", IfMatch(2)), 500)));
  // A matching precondition leaves the rules in charge.
  auto conflict = ApplyLinkCommand(kOwner, ActiveAt(3),
                                   Command(LinkAction::kCreate, "1234567", IfMatch(3)), 500);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().kind, ErrorKind::kConflict);
}

TEST(LinkPreconditionTest, MissingOrDeletedLinkNeverMatchesAVersion) {
  auto none = ApplyLinkCommand(kOwner, std::nullopt,
                               Command(LinkAction::kCreate, "719878", IfMatch(0)), 500);
  ASSERT_TRUE(IsPreconditionFailed(none));
  EXPECT_NE(none.error().message.find("has no link"), std::string::npos) << none.error().message;
  EXPECT_NE(none.error().message.find("If-Match is 0"), std::string::npos) << none.error().message;

  // The deleted link's own version does not match: a client cannot have read it (GET is 404).
  const auto deleted = DeletedAt(4);
  for (auto action : {LinkAction::kCreate, LinkAction::kUpdate, LinkAction::kDelete}) {
    auto next = ApplyLinkCommand(kOwner, deleted, Command(action, "719878", IfMatch(4)), 500);
    ASSERT_TRUE(IsPreconditionFailed(next));
    EXPECT_NE(next.error().message.find("deleted"), std::string::npos) << next.error().message;
  }
}

TEST(LinkPreconditionTest, IfMatchAnyNeedsAnActiveLink) {
  auto updated = ApplyLinkCommand(kOwner, ActiveAt(2),
                                  Command(LinkAction::kUpdate, "1234567", kIfMatchAny), 500);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 3);
  EXPECT_EQ(updated->partner_id, "1234567");

  ASSERT_TRUE(IsPreconditionFailed(ApplyLinkCommand(
      kOwner, std::nullopt, Command(LinkAction::kCreate, "719878", kIfMatchAny), 500)));
  auto on_deleted = ApplyLinkCommand(kOwner, DeletedAt(2),
                                     Command(LinkAction::kCreate, "719878", kIfMatchAny), 500);
  ASSERT_TRUE(IsPreconditionFailed(on_deleted));
  EXPECT_NE(on_deleted.error().message.find("If-Match is *"), std::string::npos);
}

TEST(LinkPreconditionTest, IfNoneMatchAnyCreatesOnlyWithoutAnActiveLink) {
  auto created = ApplyLinkCommand(kOwner, std::nullopt,
                                  Command(LinkAction::kCreate, "719878", kIfNoneMatchAny), 100);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->version, 1);

  // After a delete there is no Active link: re-creating keeps createdTime.
  auto recreated = ApplyLinkCommand(kOwner, DeletedAt(2),
                                    Command(LinkAction::kCreate, "1234567", kIfNoneMatchAny), 950);
  ASSERT_TRUE(recreated.ok());
  EXPECT_EQ(recreated->state, LinkState::kActive);
  EXPECT_EQ(recreated->version, 3);
  EXPECT_EQ(recreated->created_at, 100);

  // An Active link, with the same id (otherwise an idempotent rewrite) or another.
  for (const char* id : {"719878", "1234567"}) {
    auto again = ApplyLinkCommand(kOwner, ActiveAt(1),
                                  Command(LinkAction::kCreate, id, kIfNoneMatchAny), 500);
    ASSERT_TRUE(IsPreconditionFailed(again));
    EXPECT_NE(again.error().message.find("The link's etag is 1"), std::string::npos);
    EXPECT_NE(again.error().message.find("If-None-Match is *"), std::string::npos);
  }
}

TEST(LinkPreconditionTest, NoPreconditionKeepsTheRules) {
  auto rewritten =
      ApplyLinkCommand(kOwner, ActiveAt(5), Command(LinkAction::kCreate, "719878", {}), 500);
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(rewritten->version, 6);
  auto missing =
      ApplyLinkCommand(kOwner, std::nullopt, Command(LinkAction::kUpdate, "719878", {}), 500);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST(LinkPreconditionTest, CheckAloneDoesNotNeedACommand) {
  EXPECT_TRUE(CheckLinkPrecondition(ActiveAt(2), IfMatch(2)).ok());
  EXPECT_TRUE(CheckLinkPrecondition(std::nullopt, {}).ok());
  EXPECT_TRUE(CheckLinkPrecondition(std::nullopt, kIfNoneMatchAny).ok());
  // Both headers: If-Match 2 holds, If-None-Match * does not.
  LinkPrecondition both = IfMatch(2);
  both.if_none_match_any = true;
  EXPECT_FALSE(CheckLinkPrecondition(ActiveAt(2), both).ok());
}

}  // namespace
}  // namespace pal
