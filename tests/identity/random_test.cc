#include "identity/random.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace pal::identity {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-";

TEST(RandomTest, RandomBytesHaveTheRequestedLengthAndDiffer) {
  EXPECT_EQ(RandomBytes(0), "");
  const std::string a = RandomBytes(32);
  const std::string b = RandomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_NE(a, std::string(32, '\0'));
}

TEST(RandomTest, GuidsAreVersion4AndDistinct) {
  std::set<Guid> seen;
  for (int i = 0; i < 100; ++i) {
    const Guid guid = NewGuid();
    EXPECT_EQ(guid.bytes()[6] >> 4, 4);       // version 4
    EXPECT_EQ(guid.bytes()[8] & 0xC0, 0x80);  // RFC 4122 variant
    EXPECT_TRUE(seen.insert(guid).second);
  }
}

TEST(RandomTest, ClientSecretsAreFortyUrlSafeCharacters) {
  const std::string a = NewClientSecret();
  const std::string b = NewClientSecret();
  EXPECT_EQ(a.size(), 40u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of(kAlphabet), std::string::npos) << a;
}

TEST(RandomTest, ClientSecretCharactersAreUniform) {
  // 160,000 characters: each of the 66 is expected ~2424 times (sd ~49). A modulo-256 bias
  // would put some characters 22% below that; +-10% is ~5 sd, so this does not flake.
  std::map<char, int> counts;
  constexpr int kSecrets = 4000;
  for (int i = 0; i < kSecrets; ++i) {
    for (char c : NewClientSecret()) ++counts[c];
  }
  ASSERT_EQ(counts.size(), kAlphabet.size());
  const double expected = kSecrets * 40.0 / static_cast<double>(kAlphabet.size());
  for (const auto& [c, n] : counts) {
    EXPECT_NEAR(n, expected, expected * 0.10) << "character '" << c << "'";
  }
}

}  // namespace
}  // namespace pal::identity
