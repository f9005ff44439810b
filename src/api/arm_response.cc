#include "api/arm_response.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace pal::api {

int HttpStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kPreconditionFailed:
      return 412;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

namespace {

// The length of the well-formed UTF-8 sequence at the start of `text` (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF), or 0 when it does not start with one.
size_t Utf8SequenceLength(std::string_view text) {
  const auto byte = [&text](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;  // the range of the second byte; later ones are 80..BF
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Bytes that are not UTF-8 (a path or a parameter as the client sent it) would make the
      // document invalid JSON: each becomes U+FFFD.
      const size_t length = Utf8SequenceLength(text.substr(i));
      if (length == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

std::string NewRequestId() {
  static const std::uint64_t process_salt = static_cast<std::uint64_t>(
      std::chrono::steady_clock::now().time_since_epoch().count() * 0x9E3779B97F4A7C15ULL);
  static std::atomic<std::uint64_t> counter{0};
  const std::uint64_t n = counter.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t hi = process_salt;
  return fmt::format("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", static_cast<std::uint32_t>(hi >> 32),
                     static_cast<std::uint16_t>(hi >> 16), static_cast<std::uint16_t>(hi) & 0xFFF,
                     static_cast<std::uint16_t>(n >> 48) & 0xFFF, n & 0xFFFFFFFFFFFFULL);
}

void AddArmHeaders(HttpResponse& response, const HttpRequest& request) {
  const std::string request_id = NewRequestId();
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  response.SetHeader("Expires", "-1");
  response.SetHeader("x-ms-request-id", request_id);
  auto correlation = request.Header("x-ms-correlation-request-id");
  response.SetHeader("x-ms-correlation-request-id",
                     correlation ? std::string(*correlation) : request_id);
  if (auto client_id = request.Header("x-ms-client-request-id")) {
    response.SetHeader("x-ms-client-request-id", std::string(*client_id));
  }
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", "application/json; charset=utf-8");
  return response;
}

HttpResponse ArmJson(int status, std::string body, const HttpRequest& request) {
  HttpResponse response = JsonResponse(status, std::move(body));
  AddArmHeaders(response, request);
  return response;
}

HttpResponse EmptyArmResponse(int status, const HttpRequest& request) {
  HttpResponse response;
  response.status = status;
  AddArmHeaders(response, request);
  return response;
}

HttpResponse ArmError(const Error& error, const HttpRequest& request) {
  HttpResponse response = EmptyArmResponse(HttpStatusFor(error.kind), request);
  std::string message = error.message;
  if (error.kind == ErrorKind::kInternal) {
    // The cause (a database's message, a statement) is for the operator, not the caller: it
    // goes to the server's log under the request id the caller gets.
    std::string id;
    for (const auto& [name, value] : response.headers) {
      if (name == "x-ms-request-id") id = value;
    }
    std::fputs(fmt::format("pal: internal error in request {}: {}\n", id, error.message).c_str(),
               stderr);
    message = fmt::format(
        "The server could not complete the request (request id {}); its log has the cause.", id);
  } else if (error.kind == ErrorKind::kUnavailable) {
    response.SetHeader("Retry-After", "1");
  }
  response.body = fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})",
                              JsonEscape(error.code), JsonEscape(message));
  response.SetHeader("Content-Type", "application/json; charset=utf-8");
  return response;
}

Result<void> CheckApiVersion(const HttpRequest& request, std::string_view supported) {
  auto version = request.QueryParam("api-version");
  if (!version || version->empty()) {
    return Error::InvalidArgument(
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");
  }
  // `supported` is one version or a comma-separated list of them.
  std::string_view rest = supported;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    if (rest.substr(0, comma) == *version) return {};
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return Error::InvalidArgument(
      "InvalidApiVersionParameter",
      fmt::format("The api-version '{}' is invalid. The supported versions are '{}'.", *version,
                  supported));
}

HttpResponse MethodNotAllowed(const HttpRequest& request, std::string_view allowed,
                              std::string message) {
  HttpResponse response =
      ArmError(Error{ErrorKind::kInvalidArgument, "MethodNotAllowed", std::move(message)}, request);
  response.status = 405;
  response.SetHeader("Allow", std::string(allowed));
  return response;
}

}  // namespace pal::api
