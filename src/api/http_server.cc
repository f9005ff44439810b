#include "api/http_server.h"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "api/arm_response.h"
#include "api/request_framing.h"
#include "api/security_headers.h"
#include "core/mutex.h"

namespace pal::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

constexpr auto kHandshakeTimeout = std::chrono::seconds(15);
constexpr auto kWriteTimeout = std::chrono::seconds(60);
constexpr auto kBodyTimeout = std::chrono::seconds(60);
// After refusing an oversized request: how long and how much of the rest is read and
// dropped, so closing does not reset the connection before the client reads the answer.
constexpr auto kLingerTimeout = std::chrono::seconds(1);
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::string_view kBusyResponse =
    "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
    "Strict-Transport-Security: max-age=31536000\r\nX-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";

// What reading one request came to: an I/O or parser error, or a request whose header block
// breaks a framing rule (request_framing.h) and is answered 400 without being handled.
struct ReadOutcome {
  boost::system::error_code ec;
  std::optional<Error> refused;
};

// Whether a parser error means the client sent something that is not HTTP/1.1 (answered 400),
// rather than that it closed the connection or sent too much (answered elsewhere or not at all).
bool IsMalformed(const boost::system::error_code& ec) {
  if (ec.category() != http::make_error_code(http::error::bad_method).category()) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::need_more && ec != http::error::body_limit &&
         ec != http::error::header_limit && ec != http::error::buffer_overflow;
}

// Where a handler's answer goes: kept if it comes before anyone waits (the common, synchronous
// case, answered without a round trip through the executor), else handed to the waiter.
struct PendingResponse {
  Mutex mutex;
  std::optional<HttpResponse> response PAL_GUARDED_BY(mutex);
  std::function<void(HttpResponse)> waiter PAL_GUARDED_BY(mutex);
  bool answered PAL_GUARDED_BY(mutex) = false;
};

// Waits for an answer that was not ready when the handler returned.
template <typename Token>
auto AsyncAwaitResponse(std::shared_ptr<PendingResponse> pending, Token&& token) {
  return asio::async_initiate<Token, void(HttpResponse)>(
      [pending](auto completion) {
        using Completion = decltype(completion);
        auto shared = std::make_shared<Completion>(std::move(completion));
        auto executor = asio::get_associated_executor(*shared);
        auto deliver = [shared, executor](HttpResponse response) {
          asio::post(executor, [shared, response = std::move(response)]() mutable {
            (*shared)(std::move(response));
          });
        };
        std::optional<HttpResponse> ready;
        {
          MutexLock lock(pending->mutex);
          if (pending->response) {
            ready = std::move(pending->response);
            pending->response.reset();
          } else {
            pending->waiter = std::move(deliver);
          }
        }
        if (ready) deliver(std::move(*ready));
      },
      token);
}

// One connection. Lives on its own strand; `reading` tells the drainer it may be closed.
struct Connection {
  asio::any_io_executor strand;  // the connection's single-threaded io_context
  std::function<void()> cancel;  // closes the socket; call on the strand only
  bool reading = false;          // waiting for a request (or a handshake): safe to close
};

class BeastHttpServer final : public HttpServer {
 public:
  BeastHttpServer(const HttpServerOptions& options, RequestHandler& handler)
      : options_(options),
        handler_(handler),
        ioc_(1),
        ssl_(asio::ssl::context::tls_server),
        acceptor_(ioc_),
        signals_(ioc_, SIGTERM, SIGINT),
        blocking_pool_(2) {}

  ~BeastHttpServer() override { blocking_pool_.join(); }

  Result<void> Bind() {
    if (options_.tls) {
      boost::system::error_code ec;
      ssl_.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
      ssl_.use_certificate_chain_file(options_.cert_file, ec);
      if (ec) {
        return Error::InvalidArgument(
            "BadCertificate",
            fmt::format("cannot use certificate {}: {}", options_.cert_file, ec.message()));
      }
      ssl_.use_private_key_file(options_.key_file, asio::ssl::context::pem, ec);
      if (ec) {
        return Error::InvalidArgument(
            "BadCertificate",
            fmt::format("cannot use private key {}: {}", options_.key_file, ec.message()));
      }
    }
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.address, ec);
    if (ec) {
      return Error::InvalidArgument("BadAddress",
                                    fmt::format("'{}' is not an IP address", options_.address));
    }
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error::InvalidArgument(
          "ListenFailed",
          fmt::format("cannot listen on {}:{}: {}", options_.address, options_.port, ec.message()));
    }
    port_ = acceptor_.local_endpoint().port();
    return {};
  }

  std::uint16_t port() const override { return port_; }

  std::string url() const override {
    const bool v6 = options_.address.find(':') != std::string::npos;
    return fmt::format("{}://{}{}{}:{}", options_.tls ? "https" : "http", v6 ? "[" : "",
                       options_.address, v6 ? "]" : "", port_);
  }

  void Run(std::function<void()> on_listening) override {
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) BeginDrain();
    });
    asio::co_spawn(acceptor_.get_executor(), Accept(), asio::detached);
    if (on_listening) on_listening();
    // One io_context per thread: a connection stays on the thread that accepted it, so its
    // reads, handler and writes never hand work between threads.
    unsigned threads = options_.threads ? options_.threads : std::thread::hardware_concurrency();
    if (threads == 0) threads = 1;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    for (unsigned i = 1; i < threads; ++i) {
      extra_contexts_.push_back(std::make_unique<asio::io_context>(1));
      guards.push_back(asio::make_work_guard(*extra_contexts_.back()));
    }
    std::vector<std::thread> workers;
    for (auto& context : extra_contexts_) workers.emplace_back([&context] { context->run(); });
    ioc_.run();
    for (auto& context : extra_contexts_) context->stop();
    for (auto& worker : workers) worker.join();
  }

  void Stop() override {
    asio::post(ioc_, [this] { BeginDrain(); });
  }

  void RunBlocking(std::function<void()> work) override {
    asio::post(blocking_pool_, std::move(work));
  }

 private:
  awaitable<void> Accept() {
    for (;;) {
      boost::system::error_code ec;
      const size_t pick = next_context_++ % (extra_contexts_.size() + 1);
      asio::io_context& context = pick == 0 ? ioc_ : *extra_contexts_[pick - 1];
      tcp::socket socket(context);
      co_await acceptor_.async_accept(socket, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (draining_) co_return;
        continue;  // e.g. too many open files: keep serving the connections we have
      }
      if (options_.max_connections &&
          open_connections_.load(std::memory_order_relaxed) >= options_.max_connections) {
        Refuse(socket);
        continue;
      }
      open_connections_.fetch_add(1, std::memory_order_relaxed);
      if (options_.metrics) options_.metrics->ConnectionOpened();
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(context, Session(std::move(socket)), asio::detached);
    }
  }

  // Over the connection cap: plain HTTP gets a 503 if the socket takes it at once; TLS
  // connections are closed before a handshake is spent on them.
  void Refuse(tcp::socket& socket) {
    if (options_.metrics) options_.metrics->ConnectionRefused();
    boost::system::error_code ec;
    if (!options_.tls) {
      socket.non_blocking(true, ec);
      if (!ec) socket.write_some(asio::buffer(kBusyResponse), ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
    socket.close(ec);
  }

  awaitable<void> Session(tcp::socket socket) {
    auto connection = std::make_shared<Connection>();
    connection->strand = socket.get_executor();
    beast::tcp_stream tcp_stream(std::move(socket));
    if (!options_.tls) {
      Register(connection, [&tcp_stream] { tcp_stream.socket().close(); });
      co_await Serve(tcp_stream, *connection);
    } else {
      beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(tcp_stream), ssl_);
      Register(connection, [&tls_stream] { beast::get_lowest_layer(tls_stream).socket().close(); });
      boost::system::error_code ec;
      beast::get_lowest_layer(tls_stream).expires_after(kHandshakeTimeout);
      connection->reading = true;
      co_await tls_stream.async_handshake(asio::ssl::stream_base::server,
                                          asio::redirect_error(use_awaitable, ec));
      connection->reading = false;
      if (!ec) co_await Serve(tls_stream, *connection);
    }
    Unregister(connection);
    open_connections_.fetch_sub(1, std::memory_order_relaxed);
    if (options_.metrics) options_.metrics->ConnectionClosed();
  }

  // Waits for a request's first byte (idle timeout), then for the rest of its headers (header
  // timeout), then for its body. The header block is read whole before the parser sees it, so
  // folded lines (which the parser would join) are refused; its fields are checked before the
  // body is read.
  // Only the wait for the first byte is idle (the drainer may close the connection then): once
  // a request has begun to arrive it is in flight, and is read, handled and answered.
  template <typename Stream>
  awaitable<ReadOutcome> ReadRequest(Stream& stream, Connection& connection,
                                     beast::flat_buffer& buffer,
                                     http::request_parser<http::string_body>& parser) {
    ReadOutcome outcome;
    boost::system::error_code& ec = outcome.ec;
    auto& lowest = beast::get_lowest_layer(stream);
    if (buffer.size() == 0) {
      lowest.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
      connection.reading = true;
      const std::size_t n = co_await stream.async_read_some(
          buffer.prepare(kReadChunk), asio::redirect_error(use_awaitable, ec));
      connection.reading = false;
      buffer.commit(n);
      if (ec) co_return outcome;
    }
    lowest.expires_after(std::chrono::seconds(options_.header_timeout_seconds));
    HeaderBlockScan scan;
    bool request_line_checked = false;
    for (;;) {
      const auto data = buffer.data();
      const std::string_view received(static_cast<const char*>(data.data()), data.size());
      const HeaderBlockScan::State state = scan.Scan(received);
      if (state == HeaderBlockScan::State::kFolded) {
        outcome.refused = Error::InvalidArgument(
            "FoldedHeader",
            "A header line starts with a space or tab (obsolete line folding); send each header "
            "on one line.");
        co_return outcome;
      }
      if (state != HeaderBlockScan::State::kIncomplete) break;
      if (buffer.size() >= options_.max_header_bytes) break;  // the parser answers 431
      if (scan.HasRequestLine() && !request_line_checked) {
        // Not a request line: no use waiting for headers, the parser refuses it now.
        request_line_checked = true;
        http::request_parser<http::empty_body> probe;
        probe.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
        boost::system::error_code probe_ec;
        probe.put(asio::buffer(data.data(), scan.request_line_end()), probe_ec);
        if (probe_ec && probe_ec != http::error::need_more) break;
      }
      const std::size_t n = co_await stream.async_read_some(
          buffer.prepare(kReadChunk), asio::redirect_error(use_awaitable, ec));
      buffer.commit(n);
      if (ec) co_return outcome;
    }
    co_await http::async_read_header(stream, buffer, parser,
                                     asio::redirect_error(use_awaitable, ec));
    if (ec) co_return outcome;
    HeaderFields fields;
    for (const auto& field : parser.get()) {
      fields.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    if (auto checked = CheckHeaderFields(parser.get().version(), fields); !checked.ok()) {
      outcome.refused = checked.error();
      co_return outcome;
    }
    if (parser.is_done()) co_return outcome;
    lowest.expires_after(kBodyTimeout);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    co_return outcome;
  }

  // Reads and drops what the client still sends (bounded), after the last answer.
  template <typename Stream>
  awaitable<void> Linger(Stream& stream) {
    boost::system::error_code ec;
    auto& lowest = beast::get_lowest_layer(stream);
    if (!options_.tls) lowest.socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest.expires_after(kLingerTimeout);
    std::array<char, kReadChunk> sink;
    std::size_t total = 0;
    while (total < kLingerBytes) {
      const std::size_t n = co_await stream.async_read_some(
          asio::buffer(sink), asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      total += n;
    }
  }

  template <typename Stream>
  awaitable<void> Serve(Stream& stream, Connection& connection) {
    beast::flat_buffer buffer;
    const std::string scheme = options_.tls ? "https://" : "http://";
    boost::system::error_code peer_error;
    const auto peer = beast::get_lowest_layer(stream).socket().remote_endpoint(peer_error);
    const std::string client_address = peer_error ? std::string() : peer.address().to_string();
    for (;;) {
      if (draining_) co_return;
      http::request_parser<http::string_body> parser;
      parser.body_limit(options_.max_body_bytes);
      parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      const ReadOutcome outcome = co_await ReadRequest(stream, connection, buffer, parser);
      const boost::system::error_code& ec = outcome.ec;
      if (ec == http::error::body_limit || ec == http::error::header_limit) {
        const bool header = ec == http::error::header_limit;
        HttpRequest request;
        HttpResponse response = ArmError(
            Error{ErrorKind::kInvalidArgument,
                  header ? "RequestHeaderFieldsTooLarge" : "RequestEntityTooLarge",
                  fmt::format("The request {} larger than the limit of {} bytes.",
                              header ? "line and headers are" : "body is",
                              header ? options_.max_header_bytes : options_.max_body_bytes)},
            request);
        response.status = header ? 431 : 413;
        if (co_await Write(stream, response, 11, false)) co_await Linger(stream);
        co_return;
      }
      if (outcome.refused || IsMalformed(ec)) {
        // Nothing after a request the server cannot frame is trusted: answer it and close.
        HttpResponse response = Malformed(outcome, parser.get());
        if (co_await Write(stream, response, 11, false)) co_await Linger(stream);
        co_return;
      }
      if (ec == beast::error::timeout && options_.metrics) options_.metrics->ConnectionTimedOut();
      if (ec) co_return;  // closed, timed out, or cancelled by the drainer

      auto& message = parser.get();
      HttpRequest request;
      request.method = std::string(message.method_string());
      request.target = std::string(message.target());
      const size_t question = request.target.find('?');
      request.path = request.target.substr(0, question);
      if (question != std::string::npos) request.query = request.target.substr(question + 1);
      request.headers.reserve(16);
      for (const auto& field : message) {
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      auto host = message[http::field::host];
      request.base_url = scheme + (host.empty() ? url().substr(scheme.size()) : std::string(host));
      request.body = std::move(message.body());
      request.client_address = client_address;
      const bool keep_alive = message.keep_alive();
      const unsigned version = message.version();

      active_requests_.fetch_add(1);
      auto pending = std::make_shared<PendingResponse>();
      handler_.Handle(request, [pending](HttpResponse answer) {
        std::function<void(HttpResponse)> waiter;
        {
          MutexLock lock(pending->mutex);
          if (pending->answered) return;  // a handler answering twice is a bug; keep the first
          pending->answered = true;
          if (!pending->waiter) {
            pending->response = std::move(answer);
            return;
          }
          waiter = std::move(pending->waiter);
        }
        waiter(std::move(answer));
      });
      std::optional<HttpResponse> ready;
      {
        MutexLock lock(pending->mutex);
        if (pending->response) {
          ready = std::move(pending->response);
          pending->response.reset();
        }
      }
      // (Not a conditional expression: GCC 12 miscompiles co_await inside one.)
      HttpResponse response;
      if (ready) {
        response = std::move(*ready);
      } else {
        response = co_await AsyncAwaitResponse(pending, use_awaitable);
      }
      active_requests_.fetch_sub(1);
      const bool again = keep_alive && !draining_;
      if (!co_await Write(stream, response, version, again) || !again) co_return;
    }
  }

  // The 400 for a request refused by a framing rule or by the parser: an ARM error envelope
  // when its request line was read, else a plain one (nothing of the request is known).
  static HttpResponse Malformed(const ReadOutcome& outcome,
                                const http::request<http::string_body>& message) {
    if (outcome.refused) return ArmError(*outcome.refused, HttpRequest{});
    if (!message.target().empty()) {
      // The parser's own framing refusals keep the codes of request_framing.h.
      const std::string_view code = outcome.ec == http::error::bad_transfer_encoding
                                        ? "UnsupportedTransferEncoding"
                                        : "MalformedRequest";
      return ArmError(Error::InvalidArgument(std::string(code),
                                             fmt::format("The request is not valid HTTP/1.1: {}.",
                                                         outcome.ec.message())),
                      HttpRequest{});
    }
    HttpResponse response = JsonResponse(
        400, R"({"error":{"code":"MalformedRequest","message":"The request is not HTTP/1.1."}})");
    DefaultToNoStore(response);
    return response;
  }

  template <typename Stream>
  awaitable<bool> Write(Stream& stream, HttpResponse& response, unsigned version, bool keep_alive) {
    AddSecurityHeaders(response);
    http::response<http::string_body> out;
    out.version(version);
    out.result(static_cast<unsigned>(response.status));
    out.set(http::field::server, "pal");
    for (auto& [name, value] : response.headers) out.set(name, value);
    out.body() = std::move(response.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(kWriteTimeout);
    co_await http::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  }

  void Register(const std::shared_ptr<Connection>& connection, std::function<void()> cancel) {
    connection->cancel = std::move(cancel);
    MutexLock lock(connections_mutex_);
    connections_.insert(connection);
  }

  void Unregister(const std::shared_ptr<Connection>& connection) {
    MutexLock lock(connections_mutex_);
    connections_.erase(connection);
  }

  // Stops accepting, closes idle connections, and stops the loop once nothing is in flight.
  void BeginDrain() {
    if (draining_.exchange(true)) return;
    boost::system::error_code ec;
    asio::post(acceptor_.get_executor(), [this] {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
    });
    signals_.cancel(ec);
    drain_deadline_ =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.drain_timeout_seconds);
    CloseIdleAndWait();
  }

  void CloseIdleAndWait() {
    std::vector<std::shared_ptr<Connection>> open;
    {
      MutexLock lock(connections_mutex_);
      open.assign(connections_.begin(), connections_.end());
    }
    if ((open.empty() && active_requests_.load() == 0) ||
        std::chrono::steady_clock::now() > drain_deadline_) {
      ioc_.stop();
      return;
    }
    for (auto& connection : open) {
      // Connection state is touched on its own thread (its io_context) only.
      asio::post(connection->strand, [connection] {
        if (connection->reading && connection->cancel) connection->cancel();
      });
    }
    auto timer = std::make_shared<asio::steady_timer>(ioc_, std::chrono::milliseconds(20));
    timer->async_wait([this, timer](const boost::system::error_code&) { CloseIdleAndWait(); });
  }

  HttpServerOptions options_;
  RequestHandler& handler_;
  asio::io_context ioc_;  // acceptor, signals, drain timer, and a share of the connections
  std::vector<std::unique_ptr<asio::io_context>> extra_contexts_;  // one per further thread
  size_t next_context_ = 0;                                        // used by the accept loop only
  asio::ssl::context ssl_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::thread_pool blocking_pool_;
  std::uint16_t port_ = 0;
  std::atomic<bool> draining_{false};
  std::atomic<int> active_requests_{0};
  std::atomic<std::size_t> open_connections_{0};
  std::chrono::steady_clock::time_point drain_deadline_;
  Mutex connections_mutex_;
  std::unordered_set<std::shared_ptr<Connection>> connections_ PAL_GUARDED_BY(connections_mutex_);
};

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::Create(const HttpServerOptions& options,
                                                       RequestHandler& handler) {
  auto server = std::make_unique<BeastHttpServer>(options, handler);
  PAL_TRY(server->Bind());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace pal::api
