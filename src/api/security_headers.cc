#include "api/security_headers.h"

#include "core/text.h"

namespace pal::api {
namespace {

bool HasHeader(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (EqualsIgnoreCase(key, name)) return true;
  }
  return false;
}

void SetIfAbsent(HttpResponse& response, std::string_view name, std::string_view value) {
  if (!HasHeader(response, name)) response.headers.emplace_back(name, value);
}

}  // namespace

void AddSecurityHeaders(HttpResponse& response) {
  SetIfAbsent(response, "Strict-Transport-Security", "max-age=31536000");
  SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
  SetIfAbsent(response, "X-Frame-Options", "DENY");
}

void DefaultToNoStore(HttpResponse& response) {
  SetIfAbsent(response, "Cache-Control", "no-store");
}

}  // namespace pal::api
