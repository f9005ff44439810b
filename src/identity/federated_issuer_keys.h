#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "core/result.h"
#include "identity/rsa_public_key.h"
#include "identity/signing_key.h"

namespace pal::identity {

// Where the signing keys of external token issuers come from (federated credentials).
class IssuerKeySource {
 public:
  virtual ~IssuerKeySource() = default;
  // The keys that may have signed a token of `issuer` whose header names `kid` (empty: none).
  // Errors: "IssuerKeysUnavailable" when they cannot be had (no configuration, discovery
  // failed); the message says why. Thread-safe.
  virtual Result<std::vector<RsaPublicKey>> KeysOf(const std::string& issuer,
                                                   const std::string& kid) = 0;
};

// One blocking HTTPS GET: the body of a 200 answer; an Error for anything else. Must time out.
using HttpsFetch = std::function<Result<std::string>(const std::string& url)>;

struct FederatedIssuerKeysOptions {
  // Issuers trusted offline: issuer URL -> the text of its JWKS ({"keys":[...]}).
  std::map<std::string, std::string> jwks;
  // The built-in test issuer's key (`pal admin issue-federated-token` creates it in the data
  // directory): while the file exists, a token whose kid is that key's is checked with it,
  // whatever its issuer. Empty: no test issuer.
  std::string test_issuer_key_path;
  // Discovery for other issuers: "{issuer}/.well-known/openid-configuration", then its
  // jwks_uri (https only), kept `cache_lifetime`. Null: no discovery.
  HttpsFetch fetch;
  Timestamp cache_lifetime = 3600 * kMicrosPerSecond;
};

// The keys of the issuers federated credentials trust: configured JWKS first, the built-in
// test issuer's key, then OpenID discovery. Thread-safe.
class FederatedIssuerKeys final : public IssuerKeySource {
 public:
  // Errors: kInvalidArgument "BadJwks" if a configured JWKS does not parse.
  static Result<std::unique_ptr<FederatedIssuerKeys>> Create(FederatedIssuerKeysOptions options,
                                                             const Clock& clock);

  Result<std::vector<RsaPublicKey>> KeysOf(const std::string& issuer,
                                           const std::string& kid) override;

  // The RSA keys of a JWKS document (other key types are skipped). Errors: kInvalidArgument
  // "BadJwks" if it is not {"keys":[...]} or has no usable RSA key.
  static Result<std::vector<RsaPublicKey>> ParseJwks(std::string_view text);

 private:
  struct Discovered {
    std::vector<RsaPublicKey> keys;
    Timestamp expires_at = 0;
  };

  FederatedIssuerKeys(FederatedIssuerKeysOptions options, const Clock& clock)
      : options_(std::move(options)), clock_(clock) {}
  // The test issuer's key if its file exists (loaded once).
  std::optional<RsaPublicKey> TestIssuerKey();
  Result<std::vector<RsaPublicKey>> Discover(const std::string& issuer);

  const FederatedIssuerKeysOptions options_;
  const Clock& clock_;
  std::map<std::string, std::vector<RsaPublicKey>> configured_;
  Mutex mutex_;
  std::optional<RsaPublicKey> test_key_ PAL_GUARDED_BY(mutex_);
  std::map<std::string, Discovered> discovered_ PAL_GUARDED_BY(mutex_);
};

}  // namespace pal::identity
