#pragma once

#include <nlohmann/json.hpp>
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

// Reading a body that passed those rules, alike for every provider that takes an object.

// The request body as a JSON object; 400 InvalidRequestContent otherwise.
Result<nlohmann::json> ParseObjectBody(std::string_view body);

// `object[key]` when it is a string; nullopt when absent or null; 400 `code` naming `key` when
// it has another type.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view key,
                                                  std::string_view code = "InvalidRequestContent");
Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view key,
                                         std::string_view code = "InvalidRequestContent");

// `body.properties` when it is an object, else `body` itself (both forms are accepted).
const nlohmann::json& PropertiesOf(const nlohmann::json& body);

}  // namespace pal::api
