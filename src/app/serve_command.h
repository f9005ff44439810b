#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pal::app {

struct ServeOptions {
  std::string data_dir = ".pal";
  bool in_memory = false;
  std::string store_url;  // --store: a PostgreSQL database instead of DATA/pal.db
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;
  bool plain_http = false;
  std::string cert_file;
  std::string key_file;
  std::string public_url;   // extra base URL clients use (behind a proxy, another host name)
  unsigned threads = 0;
  bool demo = false;
  int token_lifetime_seconds = 3599;
  std::size_t operations_page_size = 2;
  std::string portal_dir;           // the portal's built files (default: web/dist of the source tree)
  std::vector<std::string> usage;   // usage files the insights API attributes
  // Hostile clients: per-principal requests/s (0 = no limit) and burst (0 = twice the rate).
  double rate_limit = 1000;
  double rate_burst = 0;
  int idle_timeout_seconds = 60;
  int header_timeout_seconds = 10;
  std::size_t max_connections = 10000;  // 0 = no cap
  std::string log_format = "json";      // one line per request on stderr: json, text or none
};

// `pal serve`: runs until SIGTERM/SIGINT; returns the process exit code.
int RunServe(const ServeOptions& options);

}  // namespace pal::app
