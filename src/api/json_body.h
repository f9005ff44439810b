#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/http_message.h"
#include "core/result.h"

namespace pal::api {

// The rules every request body of the JSON APIs passes before a provider reads it:
//   - it says it is JSON: Content-Type application/json (parameters allowed, a charset only
//     utf-8); any other type, or none with a body, is 415 UnsupportedMediaType;
//   - no object in it names a key twice: JSON leaves which copy counts to the parser, so
//     {"properties": .., "properties": ..} is 400 InvalidRequestContent naming the key;
//   - it nests at most kMaxJsonDepth arrays and objects (400 InvalidRequestContent).
// A body that is not JSON at all passes: each provider answers it with its own error.
// An empty body passes whatever its type.

constexpr int kMaxJsonDepth = 64;

// Whether a Content-Type value names JSON: application/json, in any case, with parameters,
// a charset among them only utf-8.
bool IsJsonMediaType(std::string_view content_type);

// Where a key is given twice in one object of `body` ("properties", "properties.tags.env",
// "value[2].name"), or nullopt when none is (or `body` is not JSON).
std::optional<std::string> DuplicateJsonKey(std::string_view body);

// The body rules above; an error whose code is UnsupportedMediaType answers 415.
Result<void> CheckJsonBody(const HttpRequest& request);

// The ARM error answer when `request`'s body breaks a rule, nullopt when it may go on.
std::optional<HttpResponse> RefuseJsonBody(const HttpRequest& request);

}  // namespace pal::api
