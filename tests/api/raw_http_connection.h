#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"

namespace pal::api {

// One HTTP/1.x response as it came over the wire.
struct RawHttpResponse {
  std::string status_line;  // "HTTP/1.1 200 OK"
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (case-insensitive).
  std::optional<std::string> Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (EqualsIgnoreCase(key, name)) return value;
    }
    return std::nullopt;
  }
};

// A client connection to 127.0.0.1 over a blocking socket, plain or TLS: it writes whatever
// bytes a test gives it (framing no HTTP library would send) and reads responses framed by
// their Content-Length. Reads give up after `kReadTimeoutSeconds` so that a server that never
// answers fails the test instead of hanging it.
class RawHttpConnection {
 public:
  static constexpr int kReadTimeoutSeconds = 30;

  // Connects (and, with `tls`, completes a TLS handshake); null if either fails.
  static std::unique_ptr<RawHttpConnection> Open(std::uint16_t port, SSL_CTX* tls = nullptr) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return nullptr;
    auto connection = std::unique_ptr<RawHttpConnection>(new RawHttpConnection(fd));
    timeval timeout{kReadTimeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return nullptr;
    if (tls) {
      connection->ssl_ = SSL_new(tls);
      SSL_set_fd(connection->ssl_, fd);
      SSL_set_tlsext_host_name(connection->ssl_, "localhost");
      if (SSL_connect(connection->ssl_) != 1) return nullptr;
    }
    return connection;
  }

  RawHttpConnection(const RawHttpConnection&) = delete;
  RawHttpConnection& operator=(const RawHttpConnection&) = delete;
  ~RawHttpConnection() {
    if (ssl_) SSL_free(ssl_);
    ::close(fd_);
  }

  // Writes all of `bytes`; false if the connection failed.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const long n = ssl_ ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                          : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // The next response; nullopt if the connection ended (or timed out) before a whole one came.
  std::optional<RawHttpResponse> ReadResponse() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore()) return std::nullopt;
    }
    RawHttpResponse response;
    std::string_view head = std::string_view(buffer_).substr(0, end + 2);
    std::size_t line_end = head.find("\r\n");
    response.status_line = std::string(head.substr(0, line_end));
    const std::size_t space = response.status_line.find(' ');
    if (space == std::string::npos) return std::nullopt;
    response.status = std::atoi(response.status_line.c_str() + space + 1);
    head.remove_prefix(line_end + 2);
    while (!head.empty()) {
      line_end = head.find("\r\n");
      const std::string_view line = head.substr(0, line_end);
      const std::size_t colon = line.find(':');
      response.headers.emplace_back(std::string(line.substr(0, colon)),
                                    std::string(Trim(line.substr(colon + 1))));
      head.remove_prefix(line_end + 2);
    }
    const std::size_t length =
        std::strtoull(response.Header("Content-Length").value_or("0").c_str(), nullptr, 10);
    while (buffer_.size() < end + 4 + length) {
      if (!ReadMore()) return std::nullopt;
    }
    response.body = buffer_.substr(end + 4, length);
    buffer_.erase(0, end + 4 + length);
    return response;
  }

  // Whether the server ends the connection (end of stream, or a reset) before sending more;
  // false if it sends more, or nothing until the read timeout.
  bool Closed() { return buffer_.empty() && !ReadMore() && !timed_out_; }

 private:
  explicit RawHttpConnection(int fd) : fd_(fd) {}

  // Appends what arrives next; false at end of stream, on an error or after the read timeout.
  bool ReadMore() {
    char chunk[16 * 1024];
    errno = 0;
    const long n = ssl_ ? SSL_read(ssl_, chunk, sizeof chunk) : ::recv(fd_, chunk, sizeof chunk, 0);
    timed_out_ = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  SSL* ssl_ = nullptr;
  std::string buffer_;  // received and not yet returned
  bool timed_out_ = false;
};

}  // namespace pal::api
