#pragma once

#include "api/http_message.h"

namespace pal::api {

// Sets the headers every answer carries, whatever answered it (an API, the token service, the
// portal's files, the server's own refusals), unless the answer already has them:
// Strict-Transport-Security (one year), X-Content-Type-Options: nosniff and
// X-Frame-Options: DENY.
void AddSecurityHeaders(HttpResponse& response);

// Sets Cache-Control: no-store unless the answer says how it may be cached (the portal's
// files, the token service's public metadata).
void DefaultToNoStore(HttpResponse& response);

}  // namespace pal::api
