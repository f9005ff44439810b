#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pal::api {

// What the HTTP server refuses before a request reaches a handler: header lines and fields an
// HTTP/1.1 parser would otherwise resolve silently, one way, while a proxy in front might
// resolve them another (request smuggling) or a handler might read the other copy. Pure
// functions, so they are tested without a socket; every refusal is 400 with the code named.

// Follows a request's header block as its bytes arrive, before the parser sees them, for what
// the parser would quietly accept: a folded line (obs-fold, a line after the request line
// starting with a space or tab), which it would join to the line before.
class HeaderBlockScan {
 public:
  enum class State {
    kIncomplete,  // the blank line ending the headers has not come yet
    kComplete,    // the whole header block is there and folds nothing
    kFolded,      // a line is folded: 400 FoldedHeader
    kMalformed,   // a line ends in a bare LF: left to the parser, which refuses it
  };

  // `received` is what this request sent so far: the same bytes each time, plus more.
  State Scan(std::string_view received);
  // Whether the request line has been received whole (its end is at `request_line_end()`).
  bool HasRequestLine() const { return lines_ > 0; }
  std::size_t request_line_end() const { return request_line_end_; }

 private:
  std::size_t scanned_ = 0;  // everything before this is whole lines already looked at
  std::size_t lines_ = 0;
  std::size_t request_line_end_ = 0;  // just past the request line's LF
};

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

// The rules on the header fields of a request of HTTP version `version` (11 for HTTP/1.1):
//   Host: exactly one on HTTP/1.1 (MissingHostHeader, DuplicateHeader), at most one on 1.0,
//     and a host name or address with an optional port (InvalidHostHeader);
//   Authorization, Content-Length, Content-Type, Transfer-Encoding: at most one each
//     (DuplicateHeader);
//   Transfer-Encoding: only `chunked`, only on HTTP/1.1 (UnsupportedTransferEncoding), and
//     never together with Content-Length (ConflictingLengthHeaders).
Result<void> CheckHeaderFields(unsigned version, const HeaderFields& fields);

// Whether `host` is a Host header value pal answers to: a DNS name or IPv4 address, or an
// IPv6 address in brackets, each with an optional :port.
bool IsValidHost(std::string_view host);

}  // namespace pal::api
