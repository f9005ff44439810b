#include "identity/federated_issuer_keys.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace pal::identity {
namespace {

constexpr char kUnavailable[] = "IssuerKeysUnavailable";
constexpr std::string_view kHttps = "https://";

Error BadJwks(std::string_view why) {
  return Error::InvalidArgument("BadJwks", fmt::format("The JWKS {}.", why));
}

}  // namespace

Result<std::unique_ptr<FederatedIssuerKeys>> FederatedIssuerKeys::Create(
    FederatedIssuerKeysOptions options, const Clock& clock) {
  std::unique_ptr<FederatedIssuerKeys> keys(new FederatedIssuerKeys(std::move(options), clock));
  for (const auto& [issuer, text] : keys->options_.jwks) {
    auto parsed = ParseJwks(text);
    if (!parsed.ok()) {
      return BadJwks(
          fmt::format("of issuer '{}' is not usable: {}", issuer, parsed.error().message));
    }
    keys->configured_[issuer] = std::move(*parsed);
  }
  return keys;
}

Result<std::vector<RsaPublicKey>> FederatedIssuerKeys::ParseJwks(std::string_view text) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("keys") ||
      !json["keys"].is_array()) {
    return BadJwks("is not a JSON object with a \"keys\" array");
  }
  std::vector<RsaPublicKey> keys;
  for (const auto& jwk : json["keys"]) {
    auto key = RsaPublicKey::FromJwk(jwk);
    if (key.ok()) keys.push_back(std::move(*key));
  }
  if (keys.empty()) return BadJwks("has no RSA key of 2048 bits or more");
  return keys;
}

std::optional<RsaPublicKey> FederatedIssuerKeys::TestIssuerKey() {
  if (options_.test_issuer_key_path.empty()) return std::nullopt;
  {
    MutexLock lock(mutex_);
    if (test_key_) return test_key_;
  }
  struct stat info {};
  if (::stat(options_.test_issuer_key_path.c_str(), &info) != 0) return std::nullopt;
  auto key = SigningKey::LoadOrCreate(options_.test_issuer_key_path);
  if (!key.ok()) return std::nullopt;
  auto public_key = RsaPublicKey::FromJwk(key->PublicJwk());
  if (!public_key.ok()) return std::nullopt;
  MutexLock lock(mutex_);
  test_key_ = *public_key;
  return test_key_;
}

Result<std::vector<RsaPublicKey>> FederatedIssuerKeys::KeysOf(const std::string& issuer,
                                                              const std::string& kid) {
  if (auto test_key = TestIssuerKey(); test_key && !kid.empty() && test_key->KeyId() == kid) {
    return std::vector<RsaPublicKey>{*test_key};
  }
  if (auto found = configured_.find(issuer); found != configured_.end()) return found->second;
  if (!options_.fetch) {
    return Error::Unauthenticated(
        kUnavailable, fmt::format("pal has no keys for issuer '{}': configure its JWKS (pal serve "
                                  "--federated-issuer-jwks ISSUER=FILE).",
                                  issuer));
  }
  return Discover(issuer);
}

Result<std::vector<RsaPublicKey>> FederatedIssuerKeys::Discover(const std::string& issuer) {
  const Timestamp now = clock_.Now();
  {
    MutexLock lock(mutex_);
    auto cached = discovered_.find(issuer);
    if (cached != discovered_.end() && cached->second.expires_at > now) return cached->second.keys;
  }
  const std::string configuration_url =
      std::string(TrimTrailingSlashes(issuer)) + "/.well-known/openid-configuration";
  auto unavailable = [&](std::string_view why) {
    return Error::Unauthenticated(
        kUnavailable,
        fmt::format("The keys of issuer '{}' could not be fetched: {}.", issuer, why));
  };
  auto configuration = options_.fetch(configuration_url);
  if (!configuration.ok()) return unavailable(configuration.error().message);
  auto document = nlohmann::json::parse(*configuration, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object() || document.value("issuer", "") != issuer ||
      !document.contains("jwks_uri") || !document["jwks_uri"].is_string()) {
    return unavailable(fmt::format("{} names another issuer or no jwks_uri", configuration_url));
  }
  const std::string jwks_uri = document["jwks_uri"].get<std::string>();
  if (!jwks_uri.starts_with(kHttps)) return unavailable("its jwks_uri is not https");
  auto jwks = options_.fetch(jwks_uri);
  if (!jwks.ok()) return unavailable(jwks.error().message);
  auto keys = ParseJwks(*jwks);
  if (!keys.ok()) return unavailable(keys.error().message);
  MutexLock lock(mutex_);
  discovered_[issuer] = Discovered{*keys, now + options_.cache_lifetime};
  return *keys;
}

}  // namespace pal::identity
