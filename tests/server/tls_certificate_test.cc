#include "server/tls_certificate.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

namespace pal::server {
namespace {

TEST(TlsCertificateTest, MakesALoopbackCertificateOnceWithAPrivateKey) {
  const auto dir = std::filesystem::temp_directory_path() / "pal-tls-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  ASSERT_TRUE(EnsureSelfSignedCertificate(cert, key).ok());
  struct stat info {};
  ASSERT_EQ(::stat(key.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  FILE* file = std::fopen(cert.c_str(), "r");
  ASSERT_NE(file, nullptr);
  X509* x509 = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  ASSERT_NE(x509, nullptr);
  EXPECT_EQ(X509_check_host(x509, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(x509, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(x509, "::1", 0), 1);
  EXPECT_NE(X509_check_host(x509, "example.com", 0, 0, nullptr), 1);
  X509_free(x509);

  const auto before = std::filesystem::last_write_time(cert);
  ASSERT_TRUE(EnsureSelfSignedCertificate(cert, key).ok());
  EXPECT_EQ(std::filesystem::last_write_time(cert), before) << "kept, not regenerated";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pal::server
