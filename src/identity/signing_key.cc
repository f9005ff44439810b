#include "identity/signing_key.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "identity/base64url.h"

namespace pal::identity {
namespace {

constexpr int kRsaBits = 2048;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::string BigNumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (!EVP_PKEY_get_bn_param(key, name, &bn)) return "";
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return Base64UrlEncode(bytes);
}

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), length);
}

Result<void> WriteNewFile(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Error::Internal(fmt::format("cannot create {}: {}", temporary, std::strerror(errno)));
  }
  const bool written = ::write(fd, contents.data(), contents.size()) ==
                       static_cast<ssize_t>(contents.size());
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return Error::Internal(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  return {};
}

}  // namespace

void SigningKey::Free::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

SigningKey::SigningKey(EVP_PKEY* key) : key_(key) {
  n_ = BigNumParam(key, OSSL_PKEY_PARAM_RSA_N);
  e_ = BigNumParam(key, OSSL_PKEY_PARAM_RSA_E);
  // RFC 7638: the members in lexicographic order, no whitespace.
  key_id_ = Base64UrlEncode(Sha256(fmt::format(R"({{"e":"{}","kty":"RSA","n":"{}"}})", e_, n_)));
}

SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::Generate() {
  EVP_PKEY* key = EVP_RSA_gen(kRsaBits);
  if (!key) return Error::Internal("cannot generate an RSA signing key");
  return SigningKey(key);
}

Result<SigningKey> SigningKey::FromPrivateKeyPem(std::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key) return Error::InvalidArgument("BadSigningKey", "the signing key is not a PEM private key");
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < kRsaBits) {
    EVP_PKEY_free(key);
    return Error::InvalidArgument("BadSigningKey", "the signing key must be RSA of 2048 bits or more");
  }
  return SigningKey(key);
}

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if ((info.st_mode & 077) != 0) {
      return Error::InvalidArgument(
          "BadSigningKey",
          fmt::format("signing key {} must not be readable by group or others (chmod 600 {})",
                      path, path));
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Error::Internal(fmt::format("cannot read signing key {}", path));
    auto key = FromPrivateKeyPem(text.str());
    if (!key.ok()) {
      return Error::InvalidArgument("BadSigningKey",
                                    fmt::format("{}: {}", path, key.error().message));
    }
    return key;
  }
  auto key = Generate();
  if (!key.ok()) return key;
  auto written = WriteNewFile(path, key->PrivateKeyPem());
  if (!written.ok()) return written.error();
  return key;
}

std::string SigningKey::PrivateKeyPem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string SigningKey::PublicKeyPem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), key_.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

nlohmann::json SigningKey::PublicJwk() const {
  return {{"kty", "RSA"}, {"use", "sig"}, {"alg", "RS256"}, {"kid", key_id_}, {"n", n_}, {"e", e_}};
}

Result<std::string> SigningKey::SignRs256(std::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return Error::Internal("cannot sign with the signing key");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return Error::Internal("cannot sign with the signing key");
  }
  signature.resize(length);
  return signature;
}

bool SigningKey::VerifyRs256(std::string_view data, std::string_view signature) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

}  // namespace pal::identity
