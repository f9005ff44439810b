#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pal::cli {

struct HttpClientOptions {
  std::string ca_file;  // PEM bundle to trust instead of the system's; empty = system
  long timeout_seconds = 60;
};

struct HttpClientResponse {
  long status = 0;
  std::string body;
};

// One blocking HTTP(S) request with libcurl. Transport failures (refused, TLS) are Errors with
// code "ConnectionError"; any HTTP status is a response.
Result<HttpClientResponse> SendHttpRequest(const std::string& method, const std::string& url,
                                           const std::vector<std::string>& headers,
                                           const std::string& body,
                                           const HttpClientOptions& options);

}  // namespace pal::cli
