#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pal::api {

// The public clients (no secret) that may sign users in interactively: with the authorization
// code flow (PKCE required) and the device code flow.
struct PublicClient {
  std::string_view client_id;
  std::string_view name;  // shown on the sign-in and verification pages
  // Redirect URIs under the server's own base URLs ("{base}{path}"), exact.
  std::vector<std::string_view> own_paths;
};

// The application id of pal's portal (web/src/session.ts): redirected to "{base}/portal/".
inline constexpr std::string_view kPortalClientId = "5a1f0c7e-9b1d-4c2e-8f3a-7d6b2e4c9a10";

// The known public client of `client_id` (compared case-insensitively), or null: the Azure
// CLI, Azure PowerShell and pal's portal.
const PublicClient* FindPublicClient(std::string_view client_id);

// Whether `redirect_uri` may receive `client`'s codes: one of its own paths under one of
// `base_urls` (exactly), or a loopback address as RFC 8252 §7.3 has native apps listen on,
// "http://localhost[:port][/path]" or "http://127.0.0.1[:port][/path]" (any port; no user
// info, query or fragment).
bool RedirectUriAllowed(const PublicClient& client, std::string_view redirect_uri,
                        const std::vector<std::string>& base_urls);

}  // namespace pal::api
