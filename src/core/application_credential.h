#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/management_partner_link.h"
#include "core/result.h"

namespace pal {

// The credentials a service principal signs in with besides its secret, as Entra keeps them on
// an application: certificates (keyCredentials), whose private key signs a client assertion,
// and federated identity credentials, which trust tokens of an external issuer for one subject.

// A certificate registered for a service principal. Only the certificate (public) is kept.
struct CertificateCredential {
  PrincipalKey principal;
  Guid key_id;                  // Entra's keyId: names the credential for removal
  std::string thumbprint_sha1;  // hex, upper case, as Azure shows customKeyIdentifier
  std::string thumbprint_sha256;
  std::string subject;  // the certificate's subject, "CN=..."
  Timestamp not_before = 0;
  Timestamp not_after = 0;
  std::string certificate_pem;
  Timestamp created_at = 0;
};

// A federated identity credential: a token from `issuer` whose subject is `subject` (both
// compared exactly, case-sensitively) and whose audience includes one of `audiences` signs in
// as the service principal.
struct FederatedCredential {
  PrincipalKey principal;
  std::string name;  // unique per application
  std::string issuer;
  std::string subject;
  std::vector<std::string> audiences;
  Timestamp created_at = 0;
};

// Entra's limit of federated identity credentials per application.
inline constexpr std::size_t kMaxFederatedCredentials = 20;
// The audience Entra recommends for token exchange, the default of a new credential.
inline constexpr std::string_view kTokenExchangeAudience = "api://AzureADTokenExchange";

// Checks a new federated credential: a name of 3 to 120 characters of [A-Za-z0-9_-] starting
// with a letter or digit; an https issuer URL of at most 600 characters; a non-empty subject of at
// most 600 characters; one to 20 audiences, none empty and each at most 600 characters. Errors:
// kInvalidArgument "InvalidArgument".
Result<void> ValidateFederatedCredential(const FederatedCredential& credential);

}  // namespace pal
