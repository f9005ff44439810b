#include "app/data_directory_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace pal::app {
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

TEST_F(DataDirectoryStoreTest, BindingRecordsTheUrlOwnerOnlyAndLaterUsesMustMatch) {
  const std::string url = "postgresql://pal:secret@127.0.0.1:5432/pal";
  auto bound = BindDataDirectoryStore(root_, url);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  EXPECT_EQ(bound->postgresql_url, url);
  struct stat st {};
  ASSERT_EQ(::stat((root_ + "/store-url").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(HasStore(*bound));

  auto again = BindDataDirectoryStore(root_, url);
  ASSERT_TRUE(again.ok());
  auto read = ReadDataDirectoryStore(root_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->postgresql_url, url);

  auto other = BindDataDirectoryStore(root_, "postgresql://pal:other@127.0.0.1:5432/elsewhere");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "StoreMismatch");
  EXPECT_EQ(other.error().message.find("secret"), std::string::npos) << other.error().message;
  EXPECT_EQ(other.error().message.find("other@"), std::string::npos) << other.error().message;
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
}  // namespace pal::app
