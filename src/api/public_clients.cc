#include "api/public_clients.h"

#include <array>

#include "core/text.h"

namespace pal::api {
namespace {

const std::array<PublicClient, 3>& Clients() {
  static const std::array<PublicClient, 3> clients = {{
      {"04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI", {}},
      {"1950a258-227b-4e31-a9cf-717495945fc2", "Microsoft Azure PowerShell", {}},
      {kPortalClientId, "pal portal", {"/portal/"}},
  }};
  return clients;
}

bool IsPortDigits(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "http://localhost[:port][/path]" or "http://127.0.0.1[:port][/path]".
bool IsLoopbackRedirect(std::string_view uri) {
  constexpr std::string_view kScheme = "http://";
  if (!uri.starts_with(kScheme)) return false;
  std::string_view rest = uri.substr(kScheme.size());
  if (rest.find_first_of("?#\\") != std::string_view::npos) return false;
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::size_t colon = authority.find(':');
  const std::string_view host = authority.substr(0, colon);
  if (host != "localhost" && host != "127.0.0.1") return false;
  return colon == std::string_view::npos || IsPortDigits(authority.substr(colon + 1));
}

}  // namespace

const PublicClient* FindPublicClient(std::string_view client_id) {
  for (const auto& client : Clients()) {
    if (EqualsIgnoreCase(client.client_id, client_id)) return &client;
  }
  return nullptr;
}

bool RedirectUriAllowed(const PublicClient& client, std::string_view redirect_uri,
                        const std::vector<std::string>& base_urls) {
  for (const auto& base : base_urls) {
    for (std::string_view path : client.own_paths) {
      if (redirect_uri.size() == base.size() + path.size() && redirect_uri.starts_with(base) &&
          redirect_uri.substr(base.size()) == path) {
        return true;
      }
    }
  }
  return IsLoopbackRedirect(redirect_uri);
}

}  // namespace pal::api
