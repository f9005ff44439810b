#include "identity/secret_hash.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace pal::identity {
namespace {

// argon2id at interactive limits costs ~0.1 s per hash or verification: keep them few.

TEST(SecretHashTest, Argon2idVerifiesOnlyTheSecret) {
  auto hash = HashSecret("correct horse");
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifySecret(*hash, "correct horse"));
  EXPECT_FALSE(VerifySecret(*hash, "correct horsE"));

  auto again = HashSecret("correct horse");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *hash) << "each hash has its own salt";

  // Views into larger buffers, without a terminating NUL where the view ends.
  const std::string buffer = *hash + "trailing junk|correct horse battery";
  const std::string_view hash_view(buffer.data(), hash->size());
  const std::string_view secret_view(buffer.data() + hash->size() + 14, 13);
  ASSERT_EQ(secret_view, "correct horse");
  EXPECT_TRUE(VerifySecret(hash_view, secret_view));
}

TEST(SecretHashTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifySecret("", ""));
  EXPECT_FALSE(VerifySecret("not a hash", "correct horse"));
  EXPECT_FALSE(VerifySecret("$argon2id$v=19$m=65536,t=2,p=1$", "x"));
  EXPECT_FALSE(VerifySecret(std::string(1000, '$'), "x"));
  EXPECT_FALSE(VerifySecret(std::string("$argon2id$\0v=19", 15), "x"));
}

}  // namespace
}  // namespace pal::identity
