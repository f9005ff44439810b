#pragma once

#include <string>
#include <string_view>

#include "api/http_message.h"
#include "core/result.h"

namespace pal::api {

// The HTTP status ARM uses for an error kind.
int HttpStatusFor(ErrorKind kind);

// Escapes `text` as the contents of a JSON string (without the quotes). Bytes that are not
// well-formed UTF-8 become U+FFFD, so the result is always valid JSON.
std::string JsonEscape(std::string_view text);

// A JSON response with only its content type set (for non-ARM endpoints).
HttpResponse JsonResponse(int status, std::string body);
// A 200-style JSON response with ARM's usual headers (content type, no caching, request ids).
HttpResponse ArmJson(int status, std::string body, const HttpRequest& request);
// A response without a body (200 deleted, 204 nothing to delete) with ARM's headers.
HttpResponse EmptyArmResponse(int status, const HttpRequest& request);
// An ARM error envelope: {"error":{"code":..,"message":..}} with the status of error.kind.
HttpResponse ArmError(const Error& error, const HttpRequest& request);
// Adds x-ms-request-id / x-ms-correlation-request-id and the no-store headers.
void AddArmHeaders(HttpResponse& response, const HttpRequest& request);

// ARM's api-version rule: 400 MissingApiVersionParameter when absent or empty,
// 400 InvalidApiVersionParameter when not `supported`.
// `supported` is one api-version or a comma-separated list ("2022-12-01,2016-06-01").
Result<void> CheckApiVersion(const HttpRequest& request, std::string_view supported);
// 405 with an ARM error envelope (code MethodNotAllowed) and an Allow header.
HttpResponse MethodNotAllowed(const HttpRequest& request, std::string_view allowed,
                              std::string message);

// A new request id (a GUID); cheap and unique within the process lifetime.
std::string NewRequestId();

}  // namespace pal::api
