#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pal::api {

// A parsed HTTP request, independent of the transport.
struct HttpRequest {
  std::string method;  // upper-case, e.g. "GET"
  std::string target;  // raw request-target, e.g. "/providers/x?api-version=1"
  std::string path;    // target up to '?', still percent-encoded
  std::string query;   // after '?', without it
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string base_url;        // scheme://host[:port] the client addressed, from the Host header
  std::string client_address;  // the peer's IP address ("127.0.0.1"); empty in-process

  // First header with this name (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // First query parameter with this name (exact, decoded), or nullopt.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
};

// Completes a request exactly once, from any thread.
using Respond = std::function<void(HttpResponse)>;

// Anything that answers requests. Implementations never throw.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual void Handle(const HttpRequest& request, Respond respond) = 0;
};

}  // namespace pal::api
