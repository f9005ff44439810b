#include "api/token_authority.h"

#include <fmt/format.h>

#include "api/url_encoding.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kAdfs = "adfs";

bool Matches(const std::vector<std::string_view>& parts, std::size_t from,
             std::initializer_list<std::string_view> tail) {
  if (parts.size() != from + tail.size()) return false;
  std::size_t i = from;
  for (auto expected : tail) {
    if (!EqualsIgnoreCase(parts[i++], expected)) return false;
  }
  return true;
}

std::optional<AuthorityEndpoint> AdfsEndpoint(const std::vector<std::string_view>& parts) {
  // The Azure CLI resolves `--tenant adfs` at "{login endpoint}/adfs/.well-known/...".
  if (Matches(parts, 1, {".well-known", "openid-configuration"}) ||
      Matches(parts, 1, {"adfs", ".well-known", "openid-configuration"}))
    return AuthorityEndpoint::kOpenIdConfiguration;
  if (Matches(parts, 1, {"discovery", "keys"})) return AuthorityEndpoint::kKeys;
  if (Matches(parts, 1, {"oauth2", "token"})) return AuthorityEndpoint::kToken;
  if (Matches(parts, 1, {"oauth2", "authorize"})) return AuthorityEndpoint::kAuthorize;
  if (Matches(parts, 1, {"oauth2", "devicecode"})) return AuthorityEndpoint::kDeviceCode;
  return std::nullopt;
}

std::optional<AuthorityEndpoint> EntraEndpoint(const std::vector<std::string_view>& parts) {
  if (Matches(parts, 1, {"v2.0", ".well-known", "openid-configuration"}))
    return AuthorityEndpoint::kOpenIdConfiguration;
  if (Matches(parts, 1, {"discovery", "v2.0", "keys"})) return AuthorityEndpoint::kKeys;
  if (Matches(parts, 1, {"oauth2", "v2.0", "token"})) return AuthorityEndpoint::kToken;
  if (Matches(parts, 1, {"oauth2", "v2.0", "authorize"})) return AuthorityEndpoint::kAuthorize;
  if (Matches(parts, 1, {"oauth2", "v2.0", "devicecode"})) return AuthorityEndpoint::kDeviceCode;
  return std::nullopt;
}

}  // namespace

std::optional<AuthorityPath> ParseAuthorityPath(std::string_view path) {
  const auto parts = PathSegments(path);
  if (parts.empty()) return std::nullopt;
  if (EqualsIgnoreCase(parts[0], kAdfs)) {
    if (auto endpoint = AdfsEndpoint(parts))
      return AuthorityPath{AuthorityKind::kAdfs, *endpoint, "", ""};
  }
  if (parts.size() == 3 && EqualsIgnoreCase(parts[0], "common") &&
      EqualsIgnoreCase(parts[1], "userrealm")) {
    auto user = PercentDecode(parts[2]);
    if (!user) return std::nullopt;
    return AuthorityPath{AuthorityKind::kEntra, AuthorityEndpoint::kUserRealm, "common",
                         std::move(*user)};
  }
  if (auto endpoint = EntraEndpoint(parts)) {
    return AuthorityPath{AuthorityKind::kEntra, *endpoint, std::string(parts[0]), ""};
  }
  return std::nullopt;
}

std::string IssuerOf(AuthorityKind kind, std::string_view base, const Guid& tenant_id) {
  if (kind == AuthorityKind::kAdfs) return fmt::format("{}/{}", base, kAdfs);
  return fmt::format("{}/{}/v2.0", base, tenant_id.ToString());
}

std::string AddressedBaseUrl(const std::vector<std::string>& base_urls,
                             const HttpRequest& request) {
  for (const auto& base : base_urls) {
    if (EqualsIgnoreCase(base, request.base_url)) return base;
  }
  return base_urls.empty() ? request.base_url : base_urls.front();
}

}  // namespace pal::api
