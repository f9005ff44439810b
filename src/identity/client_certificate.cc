#include "identity/client_certificate.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
#include <ctime>

#include "identity/base64url.h"

namespace pal::identity {
namespace {

constexpr int kRsaBits = 2048;
constexpr int kMaxDays = 3650;
constexpr std::size_t kMaxCommonName = 64;
constexpr long kSecondsPerDay = 24L * 3600;
constexpr std::size_t kSerialBytes = 16;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};

Error BadCertificate(std::string_view why) {
  ERR_clear_error();
  return Error::InvalidArgument("BadCertificate", fmt::format("The certificate {}.", why));
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string Hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02X}", c);
  return out;
}

std::string Digest(X509* cert, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert, md, digest, &length) != 1) return "";
  return std::string(reinterpret_cast<const char*>(digest), length);
}

Timestamp ToTimestamp(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return 0;
  return static_cast<Timestamp>(timegm(&tm)) * kMicrosPerSecond;
}

}  // namespace

Result<ClientCertificate> ClientCertificate::FromPem(std::string_view pem) {
  if (pem.size() > static_cast<std::size_t>(INT_MAX)) return BadCertificate("is too large");
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<X509, X509Free> cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)
                                           : nullptr);
  if (!cert) return BadCertificate("is not a PEM X.509 certificate (-----BEGIN CERTIFICATE-----)");
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  auto public_key = RsaPublicKey::FromEvpKey(key);
  if (!public_key.ok()) return BadCertificate("key must be an RSA key of 2048 bits or more");
  ClientCertificate result(std::move(*public_key));
  std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_X509(out.get(), cert.get()) != 1)
    return BadCertificate("cannot be read");
  result.pem_ = BioContents(out.get());
  const std::string sha1 = Digest(cert.get(), EVP_sha1());
  const std::string sha256 = Digest(cert.get(), EVP_sha256());
  if (sha1.empty() || sha256.empty()) return BadCertificate("cannot be hashed");
  result.sha1_hex_ = Hex(sha1);
  result.sha256_hex_ = Hex(sha256);
  result.x5t_ = Base64UrlEncode(sha1);
  result.x5t_s256_ = Base64UrlEncode(sha256);
  std::unique_ptr<BIO, BioFree> subject(BIO_new(BIO_s_mem()));
  if (subject && X509_NAME_print_ex(subject.get(), X509_get_subject_name(cert.get()), 0,
                                    XN_FLAG_RFC2253) >= 0) {
    result.subject_ = BioContents(subject.get());
  }
  result.not_before_ = ToTimestamp(X509_get0_notBefore(cert.get()));
  result.not_after_ = ToTimestamp(X509_get0_notAfter(cert.get()));
  ERR_clear_error();
  return result;
}

Result<GeneratedCertificate> GenerateSelfSignedCertificate(std::string_view common_name, int days) {
  if (common_name.empty() || common_name.size() > kMaxCommonName) {
    return Error::InvalidArgument(
        "InvalidArgument",
        fmt::format("A certificate's name has 1 to {} characters.", kMaxCommonName));
  }
  if (days < 1 || days > kMaxDays) {
    return Error::InvalidArgument(
        "InvalidArgument", fmt::format("A certificate is valid for 1 to {} days.", kMaxDays));
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_RSA_gen(kRsaBits));
  std::unique_ptr<X509, X509Free> cert(X509_new());
  if (!key || !cert) return Error::Internal("cannot generate a certificate key");
  unsigned char serial[kSerialBytes];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  const std::string name(common_name);
  X509_NAME* subject = X509_get_subject_name(cert.get());
  const bool built =
      X509_set_version(cert.get(), 2) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * kSecondsPerDay) != nullptr &&
      X509_set_pubkey(cert.get(), key.get()) == 1 &&
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1,
                                 0) == 1 &&
      X509_set_issuer_name(cert.get(), subject) == 1 &&
      X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new(BIO_s_mem()));
  if (!built || !key_bio || !cert_bio ||
      !PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ||
      !PEM_write_bio_X509(cert_bio.get(), cert.get())) {
    ERR_clear_error();
    return Error::Internal("cannot build the certificate");
  }
  return GeneratedCertificate{BioContents(key_bio.get()), BioContents(cert_bio.get())};
}

}  // namespace pal::identity
