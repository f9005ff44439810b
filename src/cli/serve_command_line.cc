// The command line of `pal serve`; what it runs is server/serve_command.
#include "cli/serve_command_line.h"

#include <CLI/CLI.hpp>

#include "cli/http_client.h"
#include "server/serve_command.h"

namespace pal::cli {

void RegisterServeCommand(CLI::App& app, CommandContext& context) {
  auto& serve = context.Hold<server::ServeOptions>();
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTPS service");
  serve_cmd->add_option("--data", serve.data_dir, "Data directory (default ./.pal)");
  serve_cmd->add_flag("--in-memory", serve.in_memory, "Keep the store in memory only");
  serve_cmd->add_option(
      "--store", serve.store_url,
      "Keep the store in this PostgreSQL database (postgresql://user@host:port/db) "
      "instead of DATA/pal.db; recorded in DATA/store-url");
  serve_cmd->add_option("--address", serve.address, "Listen address (default 127.0.0.1)");
  serve_cmd->add_option("--port", serve.port, "Listen port (default 8443; 0 = any free port)");
  serve_cmd->add_flag("--http", serve.plain_http, "Serve plain HTTP (loopback only)");
  serve_cmd->add_option("--cert", serve.cert_file, "TLS certificate chain (PEM)");
  serve_cmd->add_option("--key", serve.key_file, "TLS private key (PEM)");
  serve_cmd->add_option("--public-url", serve.public_url,
                        "Extra base URL clients use to reach this server");
  serve_cmd->add_option("--threads", serve.threads, "Network threads (default: one per core)");
  serve_cmd->add_flag("--demo", serve.demo, "Add the demo data set and print its sign-ins");
  serve_cmd->add_option("--portal", serve.portal_dir,
                        "The built portal (default: web/dist of the source tree)");
  serve_cmd->add_option("--federated-issuer-jwks", serve.federated_issuer_jwks,
                        "ISSUER=FILE: check federated tokens of ISSUER with the keys of this JWKS "
                        "file (offline); other issuers' keys come from their OpenID discovery");
  serve_cmd->add_option("--usage", serve.usage,
                        "Usage files the insights API attributes (cost export or FOCUS)");
  serve_cmd
      ->add_option("--token-lifetime", serve.token_lifetime_seconds,
                   "Access token lifetime in seconds (default 3599)")
      ->check(CLI::Range(60, 86400));
  serve_cmd
      ->add_option("--rate-limit", serve.rate_limit,
                   "Requests per second per principal (default 1000; 0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--rate-burst", serve.rate_burst,
                   "Requests a principal may make at once (default: twice --rate-limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--sign-in-lockout-threshold", serve.sign_in_lockout_threshold,
                   "Failed sign-ins of one user or application that lock it (default 10; "
                   "0 = never)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--sign-in-window", serve.sign_in_window_seconds,
                   "Seconds within which failed sign-ins count toward a lockout (default 600)")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--sign-in-lockout", serve.sign_in_lockout_seconds,
                   "Seconds of the first lockout; each one in a row doubles, up to 16 times "
                   "(default 60)")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--sign-in-address-limit", serve.sign_in_address_limit,
                   "Failed sign-ins from one client address in a minute before it must wait "
                   "(default 30; 0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--device-code-lifetime", serve.device_code_lifetime_seconds,
                   "Seconds a device code waits to be entered (default 900)")
      ->check(CLI::Range(1, 3600));
  serve_cmd
      ->add_option("--device-code-interval", serve.device_code_interval_seconds,
                   "Seconds a device-code client waits between polls (default 5)")
      ->check(CLI::Range(1, 60));
  serve_cmd->add_option("--hash-threads", serve.hash_threads,
                        "Threads that check secrets (default: half the cores, at least 1)");
  serve_cmd
      ->add_option("--hash-queue", serve.hash_queue,
                   "Secret checks that may wait for a thread; more get 503 (default 128)")
      ->check(CLI::Range(1, 100000));
  serve_cmd
      ->add_option("--idle-timeout", serve.idle_timeout_seconds,
                   "Seconds a keep-alive connection may wait for its next request (default 60)")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--header-timeout", serve.header_timeout_seconds,
                   "Seconds from a request's first byte to the end of its headers (default 10)")
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--max-connections", serve.max_connections,
                        "Open connections at most; more are refused (default 10000; 0 = no cap)");
  serve_cmd
      ->add_option("--log-format", serve.log_format,
                   "One line per request on stderr: json (default), text or none")
      ->check(CLI::IsMember({"json", "text", "none"}));
  context.OnChosen(serve_cmd, [&serve] {
    // Federated issuers' OpenID discovery: the system's trusted CAs, a short timeout.
    serve.fetch_https = [](const std::string& url) -> Result<std::string> {
      constexpr long kDiscoveryTimeoutSeconds = 10;
      HttpClientOptions fetch;
      fetch.timeout_seconds = kDiscoveryTimeoutSeconds;
      PAL_ASSIGN_OR_RETURN(auto response,
                           SendHttpRequest("GET", url, {"Accept: application/json"}, "", fetch));
      if (response.status != 200) {
        return Error::Unauthenticated(
            "IssuerKeysUnavailable", "GET " + url + " answered " + std::to_string(response.status));
      }
      return std::move(response.body);
    };
    return server::RunServe(serve);
  });
}

}  // namespace pal::cli
