#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pal::app {

struct ServeOptions {
  std::string data_dir = ".pal";
  bool in_memory = false;
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
};

// `pal serve`: runs until SIGTERM/SIGINT; returns the process exit code.
int RunServe(const ServeOptions& options);

}  // namespace pal::app
