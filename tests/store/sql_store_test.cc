#include "store/sql_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");

Guid ObjectId(int n) {
  std::array<std::uint8_t, 16> bytes{};
  bytes[15] = static_cast<std::uint8_t>(n);
  bytes[14] = static_cast<std::uint8_t>(n >> 8);
  return Guid(bytes);
}

Result<ManagementPartnerLink> WriteAndWait(Store& store, const PrincipalKey& owner,
                                           LinkCommand command) {
  std::promise<Result<ManagementPartnerLink>> promise;
  auto future = promise.get_future();
  store.links().WriteLink(owner, owner, command, [&promise](Result<ManagementPartnerLink> r) {
    promise.set_value(std::move(r));
  });
  return future.get();
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_, /*enable_link_writer=*/true);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->directory().CreateTenant({kTenant, "Contoso", 1}).ok());
  }

  void TearDown() override { store_.reset(); }

  TestDatabase database_;
  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, TenantsAreUnique) {
  auto again = store_->directory().CreateTenant({kTenant, "Contoso again", 2});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  auto found = store_->directory().FindTenant(kTenant);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "Contoso");
}

TEST_F(StoreTest, PrincipalsFoundByIdAppIdAndSignInName) {
  Principal sp{kTenant,
               ObjectId(1),
               PrincipalKind::kServicePrincipal,
               "automation",
               ObjectId(100),
               "$argon2id$hash",
               5,
               1'000'000};
  Principal user{
      kTenant,           ObjectId(2), PrincipalKind::kUser, "Alice@Contoso.example", std::nullopt,
      "$argon2id$hash2", 6,           std::nullopt};
  ASSERT_TRUE(store_->directory().CreatePrincipal(sp).ok());
  ASSERT_TRUE(store_->directory().CreatePrincipal(user).ok());

  auto by_app = store_->directory().FindPrincipalByAppId(kTenant, ObjectId(100));
  ASSERT_TRUE(by_app.ok() && by_app->has_value());
  EXPECT_EQ((*by_app)->object_id, ObjectId(1));
  auto by_name = store_->directory().FindPrincipalBySignInName(kTenant, "alice@contoso.EXAMPLE");
  ASSERT_TRUE(by_name.ok() && by_name->has_value());
  EXPECT_EQ((*by_name)->object_id, ObjectId(2));
  auto sp_by_name = store_->directory().FindPrincipalBySignInName(kTenant, "automation");
  ASSERT_TRUE(sp_by_name.ok());
  EXPECT_FALSE(sp_by_name->has_value()) << "service principals do not sign in by name";

  Principal duplicate = user;
  duplicate.object_id = ObjectId(3);
  EXPECT_EQ(store_->directory().CreatePrincipal(duplicate).error().kind, ErrorKind::kConflict);
  Principal orphan = user;
  orphan.tenant_id = ObjectId(77);
  EXPECT_EQ(store_->directory().CreatePrincipal(orphan).error().kind, ErrorKind::kNotFound);

  EXPECT_EQ((*by_app)->secret_expires_at, 1'000'000);
  EXPECT_FALSE((*by_name)->secret_expires_at.has_value());
  ASSERT_TRUE(
      store_->directory().SetPrincipalSecretHash({kTenant, ObjectId(2)}, "$argon2id$new", 42).ok());
  EXPECT_EQ((*store_->directory().FindPrincipal({kTenant, ObjectId(2)}))->secret_hash,
            "$argon2id$new");
  EXPECT_EQ((*store_->directory().FindPrincipal({kTenant, ObjectId(2)}))->secret_expires_at, 42);
  ASSERT_TRUE(store_->directory()
                  .SetPrincipalSecretHash({kTenant, ObjectId(1)}, "$argon2id$n2", std::nullopt)
                  .ok());
  EXPECT_FALSE(
      (*store_->directory().FindPrincipal({kTenant, ObjectId(1)}))->secret_expires_at.has_value());
  EXPECT_EQ(store_->directory()
                .SetPrincipalSecretHash({kTenant, ObjectId(9)}, "x", std::nullopt)
                .error()
                .kind,
            ErrorKind::kNotFound);
}

// A service principal imported without an app id gets one with its new secret, once.
TEST_F(StoreTest, AResetGivesAServicePrincipalWithoutAnAppIdOne) {
  Principal imported{kTenant,    ObjectId(1),  PrincipalKind::kServicePrincipal,
                     "imported", std::nullopt, "!",
                     5,          std::nullopt};
  Principal user{kTenant, ObjectId(2), PrincipalKind::kUser, "u@contoso.example", std::nullopt,
                 "!",     6,           std::nullopt};
  Principal other{kTenant, ObjectId(3),   PrincipalKind::kServicePrincipal,
                  "other", ObjectId(300), "!",
                  7,       std::nullopt};
  for (const auto& p : {imported, user, other}) {
    ASSERT_TRUE(store_->directory().CreatePrincipal(p).ok());
  }
  auto& directory = store_->directory();
  EXPECT_EQ(
      directory
          .SetPrincipalSecretHashAndAppId({kTenant, ObjectId(1)}, "$argon2id$a", 9, ObjectId(300))
          .error()
          .kind,
      ErrorKind::kConflict)
      << "another principal's app id";
  EXPECT_FALSE((*directory.FindPrincipal({kTenant, ObjectId(1)}))->app_id.has_value())
      << "nothing changed";
  ASSERT_TRUE(
      directory
          .SetPrincipalSecretHashAndAppId({kTenant, ObjectId(1)}, "$argon2id$a", 9, ObjectId(100))
          .ok());
  auto found = directory.FindPrincipalByAppId(kTenant, ObjectId(100));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->object_id, ObjectId(1));
  EXPECT_EQ((*found)->secret_hash, "$argon2id$a");
  EXPECT_EQ((*found)->secret_expires_at, 9);
  // It has one now; users never get one; a missing principal is not found.
  EXPECT_EQ(directory.SetPrincipalSecretHashAndAppId({kTenant, ObjectId(1)}, "x", 9, ObjectId(101))
                .error()
                .kind,
            ErrorKind::kConflict);
  EXPECT_EQ(directory.SetPrincipalSecretHashAndAppId({kTenant, ObjectId(2)}, "x", 9, ObjectId(102))
                .error()
                .kind,
            ErrorKind::kConflict);
  EXPECT_EQ(directory.SetPrincipalSecretHashAndAppId({kTenant, ObjectId(9)}, "x", 9, ObjectId(103))
                .error()
                .kind,
            ErrorKind::kNotFound);
  EXPECT_EQ((*directory.FindPrincipal({kTenant, ObjectId(1)}))->app_id, ObjectId(100));
}

TEST_F(StoreTest, PartnerRegistry) {
  ASSERT_TRUE(store_->partners()
                  .AddPartner({"719878", "Mekorma", PartnerIdKind::kLocation, "4960815",
                               PartnerStatus::kActive, 1})
                  .ok());
  EXPECT_FALSE(store_->partners()
                   .AddPartner({"719878", "Other", PartnerIdKind::kLocation, std::nullopt,
                                PartnerStatus::kActive, 1})
                   .ok());
  auto found = store_->partners().FindPartner("719878");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "Mekorma");
  EXPECT_EQ((*found)->global_id, "4960815");
  EXPECT_FALSE(store_->partners().FindPartner("1")->has_value());
}

TEST_F(StoreTest, LinkWritesAreIndexedAndRecorded) {
  const PrincipalKey owner{kTenant, ObjectId(1)};
  EXPECT_FALSE(store_->links().FindLink(owner).has_value());
  auto created = WriteAndWait(*store_, owner, {LinkAction::kCreate, "719878", "Mekorma"});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->created_at, clock_.Now());
  ASSERT_TRUE(store_->links().FindLink(owner).has_value());

  clock_.Advance(kMicrosPerSecond);
  auto conflict = WriteAndWait(*store_, owner, {LinkAction::kCreate, "1234567", "Northwind"});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().kind, ErrorKind::kConflict);
  auto updated = WriteAndWait(*store_, owner, {LinkAction::kUpdate, "1234567", "Northwind"});
  ASSERT_TRUE(updated.ok());
  clock_.Advance(kMicrosPerSecond);
  auto deleted = WriteAndWait(*store_, owner, {LinkAction::kDelete, "1234567", ""});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(store_->links().FindLink(owner)->state, LinkState::kDeleted);

  auto history = store_->links().ListLinkHistory(owner);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u) << "the refused write leaves no trace";
  const auto& h = *history;
  EXPECT_EQ(h[0].action, LinkAction::kCreate);
  EXPECT_FALSE(h[0].old_partner_id.has_value());
  EXPECT_EQ(h[0].new_partner_id, "719878");
  EXPECT_EQ(h[0].valid_to, h[1].valid_from);
  EXPECT_EQ(h[1].old_partner_id, "719878");
  EXPECT_EQ(h[1].new_partner_id, "1234567");
  EXPECT_EQ(h[2].action, LinkAction::kDelete);
  EXPECT_EQ(h[2].new_state, LinkState::kDeleted);
  EXPECT_EQ(h[2].old_state, LinkState::kActive);
  EXPECT_FALSE(h[2].valid_to.has_value());
  EXPECT_EQ(h[2].version, 3);
}

TEST_F(StoreTest, ConcurrentWritersGetGapFreeVersions) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads share one principal; the others have their own.
      const PrincipalKey owner{kTenant, ObjectId(t % 2 == 0 ? 500 : 600 + t)};
      for (int i = 0; i < kWritesPerThread; ++i) {
        auto r = WriteAndWait(*store_, owner, {LinkAction::kCreate, "719878", "Mekorma"});
        if (!r.ok()) failures++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const PrincipalKey shared{kTenant, ObjectId(500)};
  EXPECT_EQ(store_->links().FindLink(shared)->version, kThreads / 2 * kWritesPerThread);
  auto history = store_->links().ListLinkHistory(shared);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), static_cast<size_t>(kThreads / 2 * kWritesPerThread));
  for (size_t i = 0; i < history->size(); ++i) {
    EXPECT_EQ((*history)[i].version, static_cast<std::int64_t>(i + 1));
  }
}

// A store opened again on the same database (the same file, the same PostgreSQL database).
TEST(StoreReopenTest, LinksSurviveReopenAndHistoryIsAppendOnly) {
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  FixedClock clock(1'700'000'000LL * kMicrosPerSecond);
  const PrincipalKey owner{kTenant, ObjectId(1)};
  {
    auto store = database.OpenStore(clock, /*enable_link_writer=*/true);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE(WriteAndWait(**store, owner, {LinkAction::kCreate, "719878", "Mekorma"}).ok());
    ASSERT_TRUE(WriteAndWait(**store, owner, {LinkAction::kCreate, "719878", "Mekorma"}).ok());
  }
  {
    auto store = database.OpenStore(clock, /*enable_link_writer=*/true);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto link = (*store)->links().FindLink(owner);
    ASSERT_TRUE(link.has_value());
    EXPECT_EQ(link->version, 2);
    EXPECT_EQ(link->partner_name, "Mekorma");
    auto history = (*store)->links().ListLinkHistory(owner);
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->size(), 2u);
  }
  auto connection = database.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  auto rows = QueryRows(*connection, "SELECT count(*) FROM partner_link_history", 1);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(*rows, std::vector<std::string>{"2"}) << "the history is there to be protected";
  EXPECT_FALSE(connection->Execute("DELETE FROM partner_link_history").ok());
  EXPECT_FALSE(connection->Execute("UPDATE partner_link_history SET new_partner_id = '1'").ok());
  EXPECT_FALSE(
      connection->Execute("UPDATE partner_link_history SET valid_to = 5 WHERE valid_to IS NOT NULL")
          .ok());
  rows = QueryRows(*connection,
                   "SELECT version, new_partner_id FROM partner_link_history ORDER BY version", 2);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, (std::vector<std::string>{"1,719878", "2,719878"}));
}

TEST(StoreReopenTest, RefusesNewerSchema) {
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  FixedClock clock(1);
  {
    auto store = database.OpenStore(clock);
    ASSERT_TRUE(store.ok()) << store.error().message;
  }
  {
    auto connection = database.Connect();
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    auto inserted = connection->Execute("INSERT INTO schema_migrations VALUES (999, 0)");
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  }
  auto reopened = database.OpenStore(clock);
  ASSERT_FALSE(reopened.ok());
  EXPECT_NE(reopened.error().message.find("newer"), std::string::npos) << reopened.error().message;
}

TEST(StoreHistoryTest, PrincipalChangesAreKeptAppendOnly) {
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  FixedClock clock(1'700'000'000LL * kMicrosPerSecond);
  auto opened = database.OpenStore(clock);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto store = std::move(opened).value();
  ASSERT_TRUE(store->directory().CreateTenant({kTenant, "Contoso", 1}).ok());
  Principal sp{kTenant,      ObjectId(1),     PrincipalKind::kServicePrincipal,
               "automation", ObjectId(100),   "$argon2id$hash",
               clock.Now(),  clock.Now() + 10};
  ASSERT_TRUE(store->directory().CreatePrincipal(sp).ok());
  EXPECT_EQ(store->directory().CreatePrincipal(sp).error().kind, ErrorKind::kConflict);
  clock.Advance(kMicrosPerSecond);
  ASSERT_TRUE(
      store->directory().SetPrincipalSecretHash({kTenant, ObjectId(1)}, "$argon2id$new", 99).ok());
  store.reset();

  auto connection = database.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  auto rows = QueryRows(*connection,
                        "SELECT action, valid_from, valid_to, secret_expires_at, actor_object_id "
                        "FROM principal_history ORDER BY seq",
                        5);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const std::string nil = Guid().ToString();
  const std::string created = std::to_string(1'700'000'000LL * kMicrosPerSecond);
  const std::string reset = std::to_string(1'700'000'001LL * kMicrosPerSecond);
  EXPECT_EQ(*rows, (std::vector<std::string>{
                       "create," + created + "," + reset + "," +
                           std::to_string(1'700'000'000LL * kMicrosPerSecond + 10) + "," + nil,
                       "reset-secret," + reset + ",-,99," + nil}));
  EXPECT_FALSE(connection->Execute("DELETE FROM principal_history").ok());
  EXPECT_FALSE(connection->Execute("UPDATE principal_history SET name = 'x'").ok());
  rows =
      QueryRows(*connection, "SELECT count(*) FROM principal_history WHERE name = 'automation'", 1);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, std::vector<std::string>{"2"});
}

// What only SQLite has: a database file (in WAL mode, readable by its owner only) and the
// in-memory store.
TEST(SqliteOnlyTest, DatabaseFileIsWalAndOwnerOnly) {
  if (TestPostgresqlServer()) GTEST_SKIP() << "PostgreSQL has no pal.db file nor journal mode";
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  FixedClock clock(1);
  {
    auto store = database.OpenStore(clock);
    ASSERT_TRUE(store.ok()) << store.error().message;
  }
  struct stat info {};
  ASSERT_EQ(::stat(database.sqlite_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "pal.db holds secret hashes";
  auto connection = database.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  auto rows = QueryRows(*connection, "PRAGMA journal_mode", 1);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, std::vector<std::string>{"wal"});
}

TEST(SqliteOnlyTest, InMemoryStoreKeepsLinksWhileItLives) {
  if (TestPostgresqlServer()) GTEST_SKIP() << "the in-memory store is SQLite's";
  FixedClock clock(1'700'000'000LL * kMicrosPerSecond);
  SqliteStoreOptions options;
  options.in_memory = true;
  auto store = OpenSqliteStore(options, clock);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_TRUE((*store)->directory().CreateTenant({kTenant, "Contoso", 1}).ok());
  const PrincipalKey owner{kTenant, ObjectId(1)};
  ASSERT_TRUE(WriteAndWait(**store, owner, {LinkAction::kCreate, "719878", "Mekorma"}).ok());
  ASSERT_TRUE((*store)->links().FindLink(owner).has_value());
  EXPECT_EQ((*store)->links().ListLinkHistory(owner)->size(), 1u);
  auto other = OpenSqliteStore(options, clock);
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_FALSE((*other)->links().FindLink(owner).has_value()) << "each in-memory store is its own";
}

}  // namespace
}  // namespace pal::store

namespace pal::store {
namespace {

class CredentialStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    Principal sp{kTenant, ObjectId(7),   PrincipalKind::kServicePrincipal,
                 "ci",    ObjectId(700), "hash",
                 0,       std::nullopt};
    ASSERT_TRUE(store_->directory().CreatePrincipal(sp).ok());
  }
  const PrincipalKey sp_{kTenant, ObjectId(7)};

  FederatedCredential Federated(int n) const {
    return {.principal = sp_,
            .name = fmt::format("cred-{}", n),
            .issuer = "https://issuer.example",
            .subject = fmt::format("repo:org/repo:ref:refs/heads/b{}", n),
            .audiences = {"api://AzureADTokenExchange", "api://second"}};
  }
};

TEST_F(CredentialStoreTest, CertificatesAreKeptListedAndRemoved) {
  CertificateCredential c{.principal = sp_,
                          .key_id = ObjectId(9),
                          .thumbprint_sha1 = "AB",
                          .thumbprint_sha256 = "CD",
                          .subject = "CN=ci",
                          .not_before = 1,
                          .not_after = 2,
                          .certificate_pem = "pem"};
  ASSERT_TRUE(store_->credentials().AddCertificate(c).ok());
  c.key_id = ObjectId(10);  // the same thumbprint again
  EXPECT_EQ(store_->credentials().AddCertificate(c).error().kind, ErrorKind::kConflict);
  c.principal = {kTenant, ObjectId(8)};  // no such service principal
  EXPECT_EQ(store_->credentials().AddCertificate(c).error().kind, ErrorKind::kNotFound);
  auto listed = store_->credentials().ListCertificates(sp_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key_id, ObjectId(9));
  EXPECT_EQ((*listed)[0].subject, "CN=ci");
  EXPECT_EQ((*listed)[0].created_at, clock_.Now());
  EXPECT_EQ(store_->credentials().RemoveCertificate(sp_, ObjectId(10)).error().kind,
            ErrorKind::kNotFound);
  ASSERT_TRUE(store_->credentials().RemoveCertificate(sp_, ObjectId(9)).ok());
  EXPECT_TRUE(store_->credentials().ListCertificates(sp_)->empty());
}

TEST_F(CredentialStoreTest, FederatedCredentialsAreUniqueAndAtMostTwenty) {
  for (int n = 0; n < static_cast<int>(kMaxFederatedCredentials); ++n) {
    ASSERT_TRUE(store_->credentials().AddFederatedCredential(Federated(n)).ok()) << n;
  }
  auto more = store_->credentials().AddFederatedCredential(Federated(99));
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, "FederatedIdentityCredentialLimitExceeded");
  ASSERT_TRUE(store_->credentials().RemoveFederatedCredential(sp_, "cred-0").ok());
  auto same_subject = Federated(1);
  same_subject.name = "another-name";  // the same issuer and subject as cred-1
  EXPECT_EQ(store_->credentials().AddFederatedCredential(same_subject).error().kind,
            ErrorKind::kConflict);
  auto same_name = Federated(50);
  same_name.name = "cred-1";
  EXPECT_EQ(store_->credentials().AddFederatedCredential(same_name).error().kind,
            ErrorKind::kConflict);
  auto listed = store_->credentials().ListFederatedCredentials(sp_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), kMaxFederatedCredentials - 1);
  EXPECT_EQ((*listed)[0].name, "cred-1");
  EXPECT_EQ((*listed)[0].audiences,
            (std::vector<std::string>{"api://AzureADTokenExchange", "api://second"}));
}

}  // namespace
}  // namespace pal::store
