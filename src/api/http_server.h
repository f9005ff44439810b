#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http_message.h"
#include "api/service_metrics.h"
#include "core/result.h"

namespace pal::api {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;  // 0 picks a free port
  bool tls = true;
  std::string cert_file;                     // PEM chain; required when tls
  std::string key_file;                      // PEM private key; required when tls
  unsigned threads = 0;                      // network threads; 0 = one per core
  std::size_t max_body_bytes = 1 << 20;      // larger bodies: 413 RequestEntityTooLarge
  std::size_t max_header_bytes = 32 * 1024;  // larger request line + headers: 431
  int drain_timeout_seconds = 20;
  int idle_timeout_seconds = 60;    // a keep-alive connection with no request coming is closed
  int header_timeout_seconds = 10;  // from a request's first byte to the end of its headers
  // More open connections are closed at once (plain HTTP: after a 503); 0 = no cap.
  std::size_t max_connections = 10000;
  ServiceMetrics* metrics = nullptr;  // connection gauge, refusals, timeouts; may be null
};

// HTTP/1.1 server (TLS or plain) on Boost.Beast. Keep-alive connections; limits on header
// and body size; an idle timeout between requests and a deadline for a request's headers
// (slow clients); a cap on open connections. Hands every request to a RequestHandler and
// writes what it answers.
class HttpServer {
 public:
  // Binds the listening socket; errors (address in use, bad certificate) are values.
  static Result<std::unique_ptr<HttpServer>> Create(const HttpServerOptions& options,
                                                    RequestHandler& handler);
  virtual ~HttpServer() = default;

  // The bound port (useful with port 0).
  virtual std::uint16_t port() const = 0;
  // "https://127.0.0.1:8443"-style URL of the listener.
  virtual std::string url() const = 0;

  // Serves until SIGTERM or SIGINT (or Stop()), then stops accepting, lets in-flight requests
  // finish (closing idle keep-alive connections), and returns. `on_listening` runs once the
  // server accepts connections.
  virtual void Run(std::function<void()> on_listening) = 0;
  // Asks Run() to drain and return. Thread-safe.
  virtual void Stop() = 0;
  // Runs `work` on a pool meant for blocking work (never on a network thread).
  virtual void RunBlocking(std::function<void()> work) = 0;
};

}  // namespace pal::api
