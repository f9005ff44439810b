#include "api/json_body.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_set>
#include <vector>

#include "api/arm_response.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kUnsupportedMediaType = "UnsupportedMediaType";

// Walks a JSON text (nlohmann's SAX events) and stops at the first key an object already has,
// or when the nesting is deeper than kMaxJsonDepth.
class DuplicateKeyFinder {
 public:
  using json = nlohmann::json;

  std::optional<std::string> duplicate;
  bool too_deep = false;

  bool null() { return Value(); }
  bool boolean(bool) { return Value(); }
  bool number_integer(json::number_integer_t) { return Value(); }
  bool number_unsigned(json::number_unsigned_t) { return Value(); }
  bool number_float(json::number_float_t, const std::string&) { return Value(); }
  bool string(std::string&) { return Value(); }
  bool binary(json::binary_t&) { return Value(); }
  bool start_object(std::size_t) { return Open(true); }
  bool start_array(std::size_t) { return Open(false); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(std::string& name) {
    Frame& frame = frames_.back();
    if (!frame.keys.insert(name).second) {
      duplicate = Path() + (frames_.size() > 1 ? "." : "") + name;
      return false;
    }
    frame.key = name;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  struct Frame {
    bool object = false;
    std::unordered_set<std::string> keys;  // objects: the keys so far
    std::string key;                       // objects: the key of the value being read
    std::size_t index = 0;                 // arrays: the number of elements begun
  };

  bool Value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool Open(bool object) {
    Value();
    if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      too_deep = true;
      return false;
    }
    frames_.emplace_back().object = object;
    return true;
  }
  bool Close() {
    frames_.pop_back();
    return true;
  }
  // Where the value being read is: keys joined with '.', array elements as [i].
  std::string Path() const {
    std::string path;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (frame.object) {
        if (!path.empty()) path += '.';
        path += frame.key;
      } else {
        path += fmt::format("[{}]", frame.index - 1);
      }
    }
    return path;
  }

  std::vector<Frame> frames_;
};

}  // namespace

bool IsJsonMediaType(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  if (!EqualsIgnoreCase(Trim(content_type.substr(0, semicolon)), "application/json")) return false;
  std::string_view rest =
      semicolon == std::string_view::npos ? std::string_view() : content_type.substr(semicolon + 1);
  while (!rest.empty()) {
    const std::size_t next = rest.find(';');
    const std::string_view parameter = Trim(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    const std::size_t eq = parameter.find('=');
    if (!EqualsIgnoreCase(Trim(parameter.substr(0, eq)), "charset")) continue;
    std::string_view charset = eq == std::string_view::npos ? "" : Trim(parameter.substr(eq + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    if (!EqualsIgnoreCase(charset, "utf-8")) return false;
  }
  return true;
}

std::optional<std::string> DuplicateJsonKey(std::string_view body) {
  DuplicateKeyFinder finder;
  nlohmann::json::sax_parse(body, &finder);
  return finder.duplicate;
}

Result<void> CheckJsonBody(const HttpRequest& request) {
  if (request.body.empty()) return {};
  const auto content_type = request.Header("Content-Type");
  if (!content_type || !IsJsonMediaType(*content_type)) {
    return Error::InvalidArgument(
        std::string(kUnsupportedMediaType),
        content_type ? fmt::format("The request body is '{}'; this API takes application/json.",
                                   *content_type)
                     : "The request has a body but no Content-Type; this API takes "
                       "application/json.");
  }
  DuplicateKeyFinder finder;
  nlohmann::json::sax_parse(request.body, &finder);
  if (finder.duplicate) {
    return Error::InvalidArgument(
        "InvalidRequestContent",
        fmt::format("The request content names '{}' twice in one object; send each key once.",
                    *finder.duplicate));
  }
  if (finder.too_deep) {
    return Error::InvalidArgument(
        "InvalidRequestContent",
        fmt::format("The request content nests more than {} arrays and objects.", kMaxJsonDepth));
  }
  return {};
}

std::optional<HttpResponse> RefuseJsonBody(const HttpRequest& request) {
  auto checked = CheckJsonBody(request);
  if (checked.ok()) return std::nullopt;
  HttpResponse response = ArmError(checked.error(), request);
  if (checked.error().code == kUnsupportedMediaType) response.status = 415;
  return response;
}

Result<nlohmann::json> ParseObjectBody(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content is not a JSON object.");
  }
  return json;
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                  std::string_view key, std::string_view code) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return Error::InvalidArgument(std::string(code),
                                  fmt::format("The property '{}' must be a string.", key));
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view key,
                                         std::string_view code) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) {
    return Error::InvalidArgument(std::string(code),
                                  fmt::format("The property '{}' must be true or false.", key));
  }
  return std::optional<bool>(it->get<bool>());
}

const nlohmann::json& PropertiesOf(const nlohmann::json& body) {
  const auto it = body.find("properties");
  return it != body.end() && it->is_object() ? *it : body;
}

}  // namespace pal::api
