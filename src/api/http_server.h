#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http_message.h"
#include "core/result.h"

namespace pal::api {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;  // 0 picks a free port
  bool tls = true;
  std::string cert_file;      // PEM chain; required when tls
  std::string key_file;       // PEM private key; required when tls
  unsigned threads = 0;       // network threads; 0 = one per core
  std::size_t max_body_bytes = 1 << 20;
  int drain_timeout_seconds = 20;
};

// HTTP/1.1 server (TLS or plain) on Boost.Beast. Keep-alive connections, a request body
// limit, idle timeouts. Hands every request to a RequestHandler and writes what it answers.
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
