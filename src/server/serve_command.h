#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "identity/federated_issuer_keys.h"

namespace pal::server {

struct ServeOptions {
  std::string data_dir = ".pal";
  bool in_memory = false;
  std::string store_url;  // --store: a PostgreSQL database instead of DATA/pal.db
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;
  bool plain_http = false;
  std::string cert_file;
  std::string key_file;
  std::string public_url;  // extra base URL clients use (behind a proxy, another host name)
  unsigned threads = 0;
  bool demo = false;
  int token_lifetime_seconds = 3599;
  std::size_t operations_page_size = 2;
  std::string portal_dir;  // the portal's built files (default: web/dist of the source tree)
  std::vector<std::string> usage;  // usage files the insights API attributes
  // Hostile clients: per-principal requests/s (0 = no limit) and burst (0 = twice the rate).
  double rate_limit = 1000;
  double rate_burst = 0;
  // Failed sign-ins: `sign_in_lockout_threshold` failures of one user or application within
  // `sign_in_window_seconds` lock it for `sign_in_lockout_seconds` (doubling for each lockout
  // in a row, up to 16 times that); `sign_in_address_limit` failures from one client address
  // within a minute make the address wait as long. 0 = off.
  int sign_in_lockout_threshold = 10;
  int sign_in_window_seconds = 600;
  int sign_in_lockout_seconds = 60;
  int sign_in_address_limit = 30;
  // Device codes: how long one lives and how often its client may poll (RFC 8628).
  int device_code_lifetime_seconds = 900;
  int device_code_interval_seconds = 5;
  // The threads that check secrets (0 = half the cores, at least 1) and the checks that may
  // wait for them; more sign-ins at once are refused with 503.
  unsigned hash_threads = 0;
  std::size_t hash_queue = 128;
  int idle_timeout_seconds = 60;
  int header_timeout_seconds = 10;
  std::size_t max_connections = 10000;  // 0 = no cap
  std::string log_format = "json";      // one line per request on stderr: json, text or none
  // Federated credentials: "ISSUER=FILE", the JWKS an issuer's tokens are checked with offline;
  // other issuers' keys by OpenID discovery through `fetch_https` (null: none).
  std::vector<std::string> federated_issuer_jwks;
  identity::HttpsFetch fetch_https;
};

// `pal serve`: runs until SIGTERM/SIGINT; returns the process exit code.
int RunServe(const ServeOptions& options);

}  // namespace pal::server
