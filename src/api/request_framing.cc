#include "api/request_framing.h"

#include <fmt/format.h>

#include <array>

#include "core/text.h"

namespace pal::api {
namespace {

// The fields a request may carry once: two of them leave it to the reader which one counts.
constexpr std::array<std::string_view, 5> kSingleFields = {
    "Host", "Authorization", "Content-Length", "Content-Type", "Transfer-Encoding"};

bool IsHostNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsIpv6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

bool IsValidPort(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

HeaderBlockScan::State HeaderBlockScan::Scan(std::string_view received) {
  for (;;) {
    const std::size_t lf = received.find('\n', scanned_);
    if (lf == std::string_view::npos) return State::kIncomplete;
    const std::size_t start = scanned_;
    scanned_ = lf + 1;
    if (lf == start || received[lf - 1] != '\r') return State::kMalformed;
    const std::size_t line = lines_++;
    if (line == 0) {
      request_line_end_ = scanned_;
      continue;
    }
    if (lf - 1 == start) return State::kComplete;  // the blank line: end of the headers
    if (received[start] == ' ' || received[start] == '\t') return State::kFolded;
  }
}

bool IsValidHost(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    for (char c : host.substr(1, close - 1)) {
      if (!IsIpv6Char(c)) return false;
    }
    const std::string_view rest = host.substr(close + 1);
    if (rest.empty()) return true;
    return rest.front() == ':' && IsValidPort(rest.substr(1));
  }
  const std::size_t colon = host.find(':');
  const std::string_view name = host.substr(0, colon);
  if (name.empty() || name.size() > 253) return false;
  for (char c : name) {
    if (!IsHostNameChar(c)) return false;
  }
  return colon == std::string_view::npos || IsValidPort(host.substr(colon + 1));
}

Result<void> CheckHeaderFields(unsigned version, const HeaderFields& fields) {
  std::array<int, kSingleFields.size()> counts{};
  const std::string* host = nullptr;
  const std::string* transfer_encoding = nullptr;
  for (const auto& [name, value] : fields) {
    for (std::size_t i = 0; i < kSingleFields.size(); ++i) {
      if (!EqualsIgnoreCase(name, kSingleFields[i])) continue;
      if (++counts[i] > 1) {
        return Error::InvalidArgument(
            "DuplicateHeader", fmt::format("The request has more than one {} header; send it once.",
                                           kSingleFields[i]));
      }
      if (i == 0) host = &value;
      if (i == 4) transfer_encoding = &value;
    }
  }
  if (!host && version >= 11) {
    return Error::InvalidArgument("MissingHostHeader",
                                  "An HTTP/1.1 request needs a Host header naming the server.");
  }
  if (host && !IsValidHost(*host)) {
    return Error::InvalidArgument(
        "InvalidHostHeader",
        "The Host header is not a host name or address with an optional port.");
  }
  if (transfer_encoding) {
    if (version < 11 || !EqualsIgnoreCase(Trim(*transfer_encoding), "chunked")) {
      return Error::InvalidArgument(
          "UnsupportedTransferEncoding",
          "The only transfer coding accepted is 'chunked' (HTTP/1.1); send the body with a "
          "Content-Length or chunked.");
    }
    if (counts[2] > 0) {
      return Error::InvalidArgument(
          "ConflictingLengthHeaders",
          "The request has both Transfer-Encoding and Content-Length; send one of them.");
    }
  }
  return {};
}

}  // namespace pal::api
