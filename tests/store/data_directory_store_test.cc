#include "store/data_directory_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace pal::store {
namespace {

class DataDirectoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/pal-dir-store-test-XXXXXX";
    root_ = ::mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::string root_;
};

TEST_F(DataDirectoryStoreTest, WithoutStoreUrlTheDirectoryKeepsSqlite) {
  auto dir = ReadDataDirectoryStore(root_);
  ASSERT_TRUE(dir.ok()) << dir.error().message;
  EXPECT_FALSE(dir->postgresql_url.has_value());
  EXPECT_EQ(dir->SqlitePath(), root_ + "/pal.db");
  EXPECT_FALSE(HasStore(*dir));
}

TEST_F(DataDirectoryStoreTest, ABoundDirectoryNamesItsDatabaseAndRefusesAnother) {
  // As a successful `--store` leaves it (the e2e tests bind real databases).
  const std::string url = "postgresql://pal:secret@127.0.0.1:5432/pal";
  std::ofstream(root_ + "/store-url") << url << "\n";
  auto read = ReadDataDirectoryStore(root_);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->postgresql_url, url);
  EXPECT_TRUE(HasStore(*read));

  auto same = BindDataDirectoryStore(root_, url);
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_EQ(same->postgresql_url, url);

  auto other = BindDataDirectoryStore(root_, "postgresql://pal:other@127.0.0.1:5432/elsewhere");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "StoreMismatch");
  EXPECT_EQ(other.error().message.find("secret"), std::string::npos) << other.error().message;
  EXPECT_EQ(other.error().message.find("other@"), std::string::npos) << other.error().message;
}

TEST_F(DataDirectoryStoreTest, ADatabaseThatCannotBeReachedIsNotRecorded) {
  // Port 1 on loopback: nothing listens there.
  auto bound = BindDataDirectoryStore(root_, "postgresql://pal:hunter2@127.0.0.1:1/pal");
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().code, "StoreUnavailable");
  EXPECT_EQ(bound.error().message.find("hunter2"), std::string::npos) << bound.error().message;
  EXPECT_EQ(bound.error().message.find('\n'), std::string::npos) << bound.error().message;
  EXPECT_FALSE(std::filesystem::exists(root_ + "/store-url"));
}

TEST_F(DataDirectoryStoreTest, AnSqliteDirectoryCannotBeBound) {
  std::ofstream(root_ + "/pal.db") << "x";
  auto bound = BindDataDirectoryStore(root_, "postgresql://127.0.0.1/pal");
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().code, "StoreMismatch");
  EXPECT_FALSE(std::filesystem::exists(root_ + "/store-url"));
}

TEST_F(DataDirectoryStoreTest, OnlyPostgresqlUrlsAreAccepted) {
  auto bound = BindDataDirectoryStore(root_, "mysql://127.0.0.1/pal");
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().code, "InvalidStore");
  std::ofstream(root_ + "/store-url") << "sqlite:pal.db\n";
  auto read = ReadDataDirectoryStore(root_);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "InvalidStore");
}

TEST_F(DataDirectoryStoreTest, AnEmptyOptionLeavesTheDirectoryAsItIs) {
  auto bound = BindDataDirectoryStore(root_, "");
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE(bound->postgresql_url.has_value());
  EXPECT_FALSE(std::filesystem::exists(root_ + "/store-url"));
}

}  // namespace
}  // namespace pal::store
