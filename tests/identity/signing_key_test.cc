#include "identity/signing_key.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "identity/base64url.h"
#include "identity/test_key.h"

namespace pal::identity {
namespace {

// PEM of a key made directly with OpenSSL, optionally encrypted with `passphrase`.
std::string OpenSslKeyPem(EVP_PKEY* key, const char* passphrase = nullptr) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  const EVP_CIPHER* cipher = passphrase ? EVP_aes_256_cbc() : nullptr;
  const int length = passphrase ? static_cast<int>(std::strlen(passphrase)) : 0;
  EXPECT_EQ(
      PEM_write_bio_PKCS8PrivateKey(bio.get(), key, cipher, passphrase, length, nullptr, nullptr),
      1);
  EVP_PKEY_free(key);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// A fresh temporary directory, removed with its files at the end of the test.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/pal-identity-test-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(SigningKeyTest, ThumbprintMatchesRfc7638Example) {
  // RFC 7638 section 3.1.
  EXPECT_EQ(RsaJwkThumbprint(
                "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhD"
                "R1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf"
                "0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9"
                "1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF4"
                "4-csFCur-kEgU8awapJzKnqDKgw",
                "AQAB"),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(SigningKeyTest, PublicJwkDescribesTheKey) {
  const nlohmann::json jwk = TestKey().PublicJwk();
  EXPECT_EQ(jwk["kty"], "RSA");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["alg"], "RS256");
  EXPECT_EQ(jwk["e"], "AQAB");
  EXPECT_EQ(jwk["kid"], TestKey().KeyId());
  EXPECT_EQ(jwk.size(), 6u);
  auto n = Base64UrlDecode(jwk["n"].get<std::string>());
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->size(), 256u);
  EXPECT_NE((*n)[0], '\0') << "no leading zero byte";
  EXPECT_EQ(TestKey().KeyId(), RsaJwkThumbprint(jwk["n"].get<std::string>(), "AQAB"));
  EXPECT_EQ(TestKey().KeyId().size(), 43u);
}

TEST(SigningKeyTest, PemRoundTripKeepsTheKey) {
  const std::string pem = TestKey().PrivateKeyPem();
  EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u) << "PKCS#8";
  EXPECT_EQ(TestKey().PublicKeyPem().rfind("-----BEGIN PUBLIC KEY-----\n", 0), 0u);
  auto copy = SigningKey::FromPrivateKeyPem(pem);
  ASSERT_TRUE(copy.ok()) << copy.error().message;
  EXPECT_EQ(copy->KeyId(), TestKey().KeyId());
  EXPECT_EQ(copy->PublicKeyPem(), TestKey().PublicKeyPem());
  auto signature = copy->SignRs256("data");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(TestKey().VerifyRs256("data", *signature));

  SigningKey moved = std::move(copy).value();
  EXPECT_EQ(moved.KeyId(), TestKey().KeyId());
}

TEST(SigningKeyTest, RefusesWhatIsNotAnUnencryptedRsa2048Key) {
  for (const std::string& bad :
       {std::string("garbage"), std::string(), TestKey().PublicKeyPem(),
        OpenSslKeyPem(EVP_RSA_gen(2048), "passphrase"), OpenSslKeyPem(EVP_RSA_gen(1024)),
        OpenSslKeyPem(EVP_EC_gen("P-256"))}) {
    auto key = SigningKey::FromPrivateKeyPem(bad);
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(key.error().code, "BadSigningKey");
    EXPECT_EQ(ERR_peek_error(), 0u) << "the OpenSSL error queue is left empty";
  }
  auto other = OpenSslKeyPem(EVP_RSA_gen(3072));
  EXPECT_TRUE(SigningKey::FromPrivateKeyPem(other).ok()) << "larger RSA keys are fine";
}

TEST(SigningKeyTest, SignaturesVerifyOnlyForTheSignedDataAndKey) {
  auto signature = TestKey().SignRs256("hello");
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(signature->size(), 256u);
  EXPECT_EQ(*TestKey().SignRs256("hello"), *signature) << "PKCS#1 v1.5 is deterministic";
  EXPECT_TRUE(TestKey().VerifyRs256("hello", *signature));
  EXPECT_FALSE(TestKey().VerifyRs256("hellO", *signature));
  EXPECT_FALSE(TestKey().VerifyRs256("hello", signature->substr(1)));
  EXPECT_FALSE(TestKey().VerifyRs256("hello", ""));
  std::string flipped = *signature;
  flipped[100] ^= 1;
  EXPECT_FALSE(TestKey().VerifyRs256("hello", flipped));
  auto other = SigningKey::Generate();
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->KeyId(), TestKey().KeyId());
  EXPECT_FALSE(other->VerifyRs256("hello", *signature));
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(SigningKeyTest, ConcurrentSignAndVerify) {
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&failures, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string data = "thread " + std::to_string(t) + " message " + std::to_string(i);
        auto signature = TestKey().SignRs256(data);
        if (!signature.ok() || !TestKey().VerifyRs256(data, *signature) ||
            TestKey().VerifyRs256(data + "!", *signature)) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
}

TEST(SigningKeyFileTest, CreatesWithMode0600ThenLoadsTheSameKey) {
  TempDir dir;
  const std::string path = dir.path() + "/signing-key.pem";
  std::ofstream(path + ".tmp") << "left over from a crash";
  auto created = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok()) << created.error().message;
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_NE(::access((path + ".tmp").c_str(), F_OK), 0) << "the temporary file is gone";
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, created->PrivateKeyPem());

  auto loaded = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->KeyId(), created->KeyId());
}

TEST(SigningKeyFileTest, RefusesAKeyThatGroupOrOthersMayRead) {
  TempDir dir;
  const std::string path = dir.path() + "/signing-key.pem";
  ASSERT_TRUE(SigningKey::LoadOrCreate(path).ok());
  for (mode_t mode : {0640, 0604, 0660}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto refused = SigningKey::LoadOrCreate(path);
    ASSERT_FALSE(refused.ok()) << std::oct << mode;
    EXPECT_EQ(refused.error().message, "signing key " + path +
                                           " must not be readable by group or others (chmod 600 " +
                                           path + ")");
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(SigningKey::LoadOrCreate(path).ok()) << "owner-only read is fine";
}

TEST(SigningKeyFileTest, RefusesAnInvalidFileAndAMissingDirectory) {
  TempDir dir;
  const std::string path = dir.path() + "/signing-key.pem";
  std::ofstream(path) << "not a key";
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto invalid = SigningKey::LoadOrCreate(path);
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.error().message.find(path), std::string::npos) << invalid.error().message;

  auto no_directory = SigningKey::LoadOrCreate(dir.path() + "/missing/signing-key.pem");
  ASSERT_FALSE(no_directory.ok());
  EXPECT_EQ(no_directory.error().kind, ErrorKind::kInternal);

  auto directory = SigningKey::LoadOrCreate(dir.path());
  ASSERT_FALSE(directory.ok()) << "a directory is not a key";
}

}  // namespace
}  // namespace pal::identity
