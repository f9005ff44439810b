#include "identity/signing_key.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "identity/base64url.h"

namespace pal::identity {
namespace {

constexpr int kRsaBits = 2048;
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  bool Close() {
    const bool ok = fd_ < 0 || ::close(fd_) == 0;
    fd_ = -1;
    return ok;
  }

 private:
  int fd_;
};

// Never prompt on a terminal for the passphrase of an encrypted key: refuse it.
int NoPassphrase(char*, int, int, void*) { return -1; }

// Empties this thread's OpenSSL error queue (so that later TLS calls on the thread do not see
// stale errors) and returns the first error's text.
std::string TakeOpenSslError() {
  const unsigned long code = ERR_get_error();
  char text[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

std::string Base64UrlBigNum(const EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return "";
  std::unique_ptr<BIGNUM, BnFree> bn(raw);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));  // minimal big-endian
  return Base64UrlEncode(bytes);
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string Errno(std::string_view what, const std::string& path) {
  return fmt::format("cannot {} {}: {}", what, path, std::strerror(errno));
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Writes `contents` to `path` (which must not exist) with mode 0600 so that a crash leaves
// either nothing or the whole file.
Result<void> WriteFileAtomically(const std::string& path, std::string_view contents) {
  const std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());  // left over from a crash mid-write, if anything
  Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Error::Internal(Errno("create", temporary));
  if (::fchmod(fd.get(), 0600) != 0 || !WriteAll(fd.get(), contents) || ::fsync(fd.get()) != 0 ||
      !fd.Close() || ::rename(temporary.c_str(), path.c_str()) != 0) {
    Error error = Error::Internal(Errno("write", temporary));
    ::unlink(temporary.c_str());
    return error;
  }
  // Make the rename itself durable. Best effort: some file systems refuse to fsync directories.
  const std::size_t slash = path.rfind('/');
  const std::string directory =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  Fd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());
  return {};
}

}  // namespace

std::string RsaJwkThumbprint(std::string_view n, std::string_view e) {
  const std::string canonical = fmt::format(R"({{"e":"{}","kty":"RSA","n":"{}"}})", e, n);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    TakeOpenSslError();
    return "";
  }
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

void SigningKey::Free::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

SigningKey::SigningKey(KeyPtr key, std::string n, std::string e)
    : key_(std::move(key)), n_(std::move(n)), e_(std::move(e)), key_id_(RsaJwkThumbprint(n_, e_)) {}

SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::Adopt(KeyPtr key) {
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key.get()) < kRsaBits) {
    return Error::InvalidArgument("BadSigningKey",
                                  "the signing key must be an RSA key of 2048 bits or more");
  }
  std::string n = Base64UrlBigNum(key.get(), OSSL_PKEY_PARAM_RSA_N);
  std::string e = Base64UrlBigNum(key.get(), OSSL_PKEY_PARAM_RSA_E);
  if (n.empty() || e.empty()) {
    return Error::Internal("cannot read the signing key's public numbers: " + TakeOpenSslError());
  }
  SigningKey result(std::move(key), std::move(n), std::move(e));
  if (result.key_id_.empty()) return Error::Internal("cannot compute the signing key's id");
  return result;
}

Result<SigningKey> SigningKey::Generate() {
  KeyPtr key(EVP_RSA_gen(kRsaBits));
  if (!key) return Error::Internal("cannot generate an RSA signing key: " + TakeOpenSslError());
  return Adopt(std::move(key));
}

Result<SigningKey> SigningKey::FromPrivateKeyPem(std::string_view pem) {
  if (pem.size() > static_cast<std::size_t>(INT_MAX)) {
    return Error::InvalidArgument("BadSigningKey", "the signing key is not a PEM private key");
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr) : nullptr);
  if (!key) {
    return Error::InvalidArgument(
        "BadSigningKey",
        "the signing key is not an unencrypted PEM private key (" + TakeOpenSslError() + ")");
  }
  return Adopt(std::move(key));
}

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno != ENOENT) return Error::Internal(Errno("open signing key", path));
    auto key = Generate();
    if (!key.ok()) return key;
    PAL_TRY(WriteFileAtomically(path, key->PrivateKeyPem()));
    return key;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return Error::Internal(Errno("stat signing key", path));
  if (!S_ISREG(info.st_mode)) {
    return Error::InvalidArgument("BadSigningKey",
                                  fmt::format("signing key {} is not a regular file", path));
  }
  if ((info.st_mode & 077) != 0) {
    return Error::InvalidArgument(
        "BadSigningKey",
        fmt::format("signing key {} must not be readable by group or others (chmod 600 {})", path,
                    path));
  }
  std::string pem;
  char buffer[4096];
  while (pem.size() <= kMaxKeyFileBytes) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::Internal(Errno("read signing key", path));
    if (n == 0) break;
    pem.append(buffer, static_cast<std::size_t>(n));
  }
  if (pem.size() > kMaxKeyFileBytes) {
    return Error::InvalidArgument("BadSigningKey",
                                  fmt::format("signing key {} is too large to be a key", path));
  }
  auto key = FromPrivateKeyPem(pem);
  if (!key.ok()) {
    return Error::InvalidArgument("BadSigningKey",
                                  fmt::format("signing key {}: {}", path, key.error().message));
  }
  return key;
}

std::string SigningKey::PrivateKeyPem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    TakeOpenSslError();
    return "";
  }
  return BioContents(bio.get());
}

std::string SigningKey::PublicKeyPem() const {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
    TakeOpenSslError();
    return "";
  }
  return BioContents(bio.get());
}

nlohmann::json SigningKey::PublicJwk() const {
  return {{"kty", "RSA"}, {"use", "sig"}, {"alg", "RS256"}, {"kid", key_id_}, {"n", n_}, {"e", e_}};
}

Result<std::string> SigningKey::SignRs256(std::string_view data) const {
  return Sign(data, /*pss=*/false);
}

Result<std::string> SigningKey::SignPs256(std::string_view data) const {
  return Sign(data, /*pss=*/true);
}

Result<std::string> SigningKey::Sign(std::string_view data, bool pss) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t length = 0;
  EVP_PKEY_CTX* key_ctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &key_ctx, EVP_sha256(), nullptr, key_.get()) != 1 ||
      (pss && (EVP_PKEY_CTX_set_rsa_padding(key_ctx, RSA_PKCS1_PSS_PADDING) != 1 ||
               EVP_PKEY_CTX_set_rsa_pss_saltlen(key_ctx, RSA_PSS_SALTLEN_DIGEST) != 1)) ||
      EVP_DigestSign(ctx.get(), nullptr, &length, in, data.size()) != 1) {
    return Error::Internal("cannot sign with the signing key: " + TakeOpenSslError());
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, in,
                     data.size()) != 1) {
    return Error::Internal("cannot sign with the signing key: " + TakeOpenSslError());
  }
  signature.resize(length);
  return signature;
}

bool SigningKey::VerifyRs256(std::string_view data, std::string_view signature) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) == 1;
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace pal::identity
