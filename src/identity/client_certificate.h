#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "identity/rsa_public_key.h"

typedef struct x509_st X509;

namespace pal::identity {

// An X.509 certificate a service principal signs client assertions with (its private key stays
// with the client). Copyable; const methods are thread-safe.
class ClientCertificate {
 public:
  // The first "CERTIFICATE" block of `pem`; other blocks (a private key beside it, as the Azure
  // CLI keeps them in one file) are skipped. Errors: kInvalidArgument "BadCertificate" if there
  // is none, it does not parse, or its key is not RSA of 2048 bits or more.
  static Result<ClientCertificate> FromPem(std::string_view pem);

  // The certificate alone, PEM.
  const std::string& Pem() const { return pem_; }
  // Hex digests of the DER certificate, upper case (SHA-1 is what Azure calls its thumbprint).
  const std::string& Sha1Thumbprint() const { return sha1_hex_; }
  const std::string& Sha256Thumbprint() const { return sha256_hex_; }
  // The same digests base64url, as a JWS header's "x5t" and "x5t#S256" carry them.
  const std::string& X5t() const { return x5t_; }
  const std::string& X5tS256() const { return x5t_s256_; }
  // RFC 4514-style one-line subject, e.g. "CN=pal-ci".
  const std::string& Subject() const { return subject_; }
  Timestamp NotBefore() const { return not_before_; }
  Timestamp NotAfter() const { return not_after_; }
  const RsaPublicKey& PublicKey() const { return public_key_; }

 private:
  ClientCertificate(RsaPublicKey key) : public_key_(std::move(key)) {}

  RsaPublicKey public_key_;
  std::string pem_, sha1_hex_, sha256_hex_, x5t_, x5t_s256_, subject_;
  Timestamp not_before_ = 0;
  Timestamp not_after_ = 0;
};

// A new RSA-2048 key and a self-signed certificate for it (subject "CN=<common_name>", valid
// from an hour ago for `days` days), as `az ad sp create-for-rbac --create-cert` makes them.
struct GeneratedCertificate {
  std::string private_key_pem;  // PKCS#8
  std::string certificate_pem;
};
// Errors: kInvalidArgument for an empty or over-long (64) common name or days outside 1..3650;
// kInternal if OpenSSL fails.
Result<GeneratedCertificate> GenerateSelfSignedCertificate(std::string_view common_name, int days);

}  // namespace pal::identity
