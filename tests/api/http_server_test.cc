#include "api/http_server.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <deque>
#include <filesystem>
#include <future>
#include <thread>

#include "api/raw_http_connection.h"
#include "core/mutex.h"
#include "server/tls_certificate.h"

namespace pal::api {
namespace {

// Answers each request with what the server made of it ("METHOD path?query body", and the
// base URL and client address in headers), except requests for /held: their Respond is kept
// for the test to call, from its own thread, whenever it likes.
class RecordingHandler : public RequestHandler {
 public:
  void Handle(const HttpRequest& request, Respond respond) override {
    MutexLock lock(mutex_);
    ++handled_;
    if (request.path == "/held") {
      held_.push_back(std::move(respond));
      changed_.NotifyAll();
      return;
    }
    HttpResponse response;
    response.body = request.method + " " + request.target + " " + request.body;
    response.SetHeader("X-Base-Url", request.base_url);
    response.SetHeader("X-Client-Address", request.client_address);
    respond(std::move(response));
  }

  // Waits until `count` held requests are waiting for an answer, and takes the first.
  Respond TakeHeld(std::size_t count = 1) {
    MutexLock lock(mutex_);
    while (held_.size() < count) changed_.Wait();
    Respond respond = std::move(held_.front());
    held_.pop_front();
    return respond;
  }

  int handled() {
    MutexLock lock(mutex_);
    return handled_;
  }

 private:
  Mutex mutex_;
  CondVar changed_{mutex_};
  int handled_ PAL_GUARDED_BY(mutex_) = 0;
  std::deque<Respond> held_ PAL_GUARDED_BY(mutex_);
};

HttpResponse Text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// The real server on 127.0.0.1 and a free port, plain HTTP unless a test asks for TLS, with two
// network threads; Run() on a thread of its own until the test stops it.
class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    if (!options.tls) options.metrics = &metrics_;
    auto created = HttpServer::Create(options, handler_);
    ASSERT_TRUE(created.ok()) << created.error().message;
    server_ = std::move(*created);
    std::promise<void> listening;
    run_ =
        std::thread([this, &listening] { server_->Run([&listening] { listening.set_value(); }); });
    listening.get_future().wait();
  }

  HttpServerOptions Plain() {
    HttpServerOptions options;
    options.tls = false;
    return options;
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (run_.joinable()) run_.join();
  }

  std::unique_ptr<RawHttpConnection> Connect() {
    auto connection = RawHttpConnection::Open(server_->port());
    EXPECT_NE(connection, nullptr);
    return connection;
  }

  // Sends `request` on a new connection and reads its answer.
  RawHttpResponse Exchange(const std::string& request) {
    auto connection = Connect();
    EXPECT_TRUE(connection->Send(request));
    auto response = connection->ReadResponse();
    EXPECT_TRUE(response.has_value()) << request;
    return response.value_or(RawHttpResponse{});
  }

  // The ARM error code of a refusal's envelope.
  static std::string ErrorCode(const RawHttpResponse& response) {
    const std::string marker = R"("code":")";
    const std::size_t start = response.body.find(marker);
    if (start == std::string::npos) return "";
    const std::size_t from = start + marker.size();
    return response.body.substr(from, response.body.find('"', from) - from);
  }

  RecordingHandler handler_;
  ServiceMetrics metrics_;
  std::unique_ptr<HttpServer> server_;
  std::thread run_;
};

TEST_F(HttpServerTest, AnswersARequestAndKeepsTheConnectionForTheNext) {
  Start(Plain());
  EXPECT_EQ(server_->url(), "http://127.0.0.1:" + std::to_string(server_->port()));
  auto connection = Connect();
  ASSERT_TRUE(connection->Send("GET /a/b?x=1 HTTP/1.1\r\nHost: pal.example:8443\r\n\r\n"));
  auto first = connection->ReadResponse();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(first->body, "GET /a/b?x=1 ");
  EXPECT_EQ(first->Header("X-Base-Url"), "http://pal.example:8443");
  EXPECT_EQ(first->Header("X-Client-Address"), "127.0.0.1");
  EXPECT_EQ(first->Header("Server"), "pal");
  EXPECT_EQ(first->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(first->Header("Connection"), std::nullopt) << "HTTP/1.1 keeps it open by default";
  ASSERT_TRUE(connection->Send("DELETE /c HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  auto second = connection->ReadResponse();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "DELETE /c ");
  EXPECT_EQ(handler_.handled(), 2);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start(Plain());
  auto connection = Connect();
  ASSERT_TRUE(
      connection->Send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                       "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                       "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n"));
  for (const std::string expected : {"GET /1 ", "POST /2 hello", "GET /3 "}) {
    auto response = connection->ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, expected);
  }
}

TEST_F(HttpServerTest, ConnectionCloseAndHttp10EndTheConnectionAfterTheAnswer) {
  Start(Plain());
  auto closing = Connect();
  // The request after the one that asked to close is never handled.
  ASSERT_TRUE(closing->Send(
      "GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\nHost: "
      "h\r\n\r\n"));
  auto response = closing->ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "GET /last ");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(closing->Closed());

  auto old = Connect();
  ASSERT_TRUE(old->Send("GET /old HTTP/1.0\r\n\r\n"));
  response = old->ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status_line, "HTTP/1.0 200 OK");
  // No Host header: the base URL is the listener's.
  EXPECT_EQ(response->Header("X-Base-Url"), server_->url());
  EXPECT_TRUE(old->Closed());
  EXPECT_EQ(handler_.handled(), 2);
}

TEST_F(HttpServerTest, ContentLengthAndChunkedBodiesReachTheHandlerWhole) {
  Start(Plain());
  auto connection = Connect();
  ASSERT_TRUE(connection->Send("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello"));
  ASSERT_TRUE(connection->Send(" world"));
  auto response = connection->ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "PUT /x hello world");
  ASSERT_TRUE(
      connection->Send("POST /y HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"));
  response = connection->ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "POST /y hello world");
}

TEST_F(HttpServerTest, ABodyOverTheLimitIs413AndClosesTheConnection) {
  HttpServerOptions options = Plain();
  options.max_body_bytes = 8;
  Start(options);
  // Exactly the limit is fine.
  EXPECT_EQ(Exchange("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 8\r\n\r\n12345678").status,
            200);
  for (const std::string& request :
       {std::string("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n123456789"),
        std::string("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n")}) {
    auto connection = Connect();
    ASSERT_TRUE(connection->Send(request));
    auto response = connection->ReadResponse();
    ASSERT_TRUE(response) << request;
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(ErrorCode(*response), "RequestEntityTooLarge");
    EXPECT_NE(response->body.find("The request body is larger than the limit of 8 bytes."),
              std::string::npos);
    EXPECT_EQ(response->Header("Connection"), "close");
    EXPECT_TRUE(connection->Closed());
  }
  EXPECT_EQ(handler_.handled(), 1);
}

TEST_F(HttpServerTest, HeadersOverTheLimitAre431) {
  HttpServerOptions options = Plain();
  options.max_header_bytes = 256;
  Start(options);
  EXPECT_EQ(
      Exchange("GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + std::string(150, 'a') + "\r\n\r\n").status,
      200);
  // Too large whether the header block is whole or still coming.
  for (const std::string end : {"\r\n\r\n", "\r\n"}) {
    auto connection = Connect();
    ASSERT_TRUE(
        connection->Send("GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + std::string(300, 'a') + end));
    auto response = connection->ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 431);
    EXPECT_EQ(ErrorCode(*response), "RequestHeaderFieldsTooLarge");
    EXPECT_NE(
        response->body.find("The request line and headers are larger than the limit of 256 bytes."),
        std::string::npos);
    EXPECT_TRUE(connection->Closed());
  }
  EXPECT_EQ(handler_.handled(), 1);
}

TEST_F(HttpServerTest, AmbiguousFramingIs400AndNeverReachesTheHandler) {
  Start(Plain());
  // Both lengths: the parser refuses them before pal's own check (ConflictingLengthHeaders)
  // sees them, under the code of the one that came second.
  const std::pair<std::string, std::string> cases[] = {
      {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
       "0\r\n\r\n",
       "UnsupportedTransferEncoding"},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
       "0\r\n\r\n",
       "MalformedRequest"},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
       "UnsupportedTransferEncoding"},
      {"GET / HTTP/1.1\r\n\r\n", "MissingHostHeader"},
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "DuplicateHeader"},
      {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", "InvalidHostHeader"},
      {"GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n 2\r\n\r\n", "FoldedHeader"},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
       "MalformedRequest"},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", "MalformedRequest"},
      {"hello there\r\n\r\n", "MalformedRequest"},
  };
  for (const auto& [request, code] : cases) {
    auto connection = Connect();
    ASSERT_TRUE(connection->Send(request));
    auto response = connection->ReadResponse();
    ASSERT_TRUE(response) << request;
    EXPECT_EQ(response->status, 400) << request;
    EXPECT_EQ(ErrorCode(*response), code) << request;
    EXPECT_EQ(response->Header("Connection"), "close") << request;
    EXPECT_TRUE(connection->Closed()) << request;
  }
  EXPECT_EQ(handler_.handled(), 0);
}

TEST_F(HttpServerTest, AHandlerMayAnswerFromAnotherThreadAndOnlyItsFirstAnswerCounts) {
  Start(Plain());
  auto connection = Connect();
  ASSERT_TRUE(connection->Send(
      "GET /held HTTP/1.1\r\nHost: h\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n"));
  Respond respond = handler_.TakeHeld();
  // The next request on the connection waits for this one's answer.
  EXPECT_EQ(handler_.handled(), 1);
  std::thread answering([respond] {
    respond(Text(202, "later"));
    respond(Text(500, "again"));
  });
  answering.join();
  auto held = connection->ReadResponse();
  ASSERT_TRUE(held);
  EXPECT_EQ(held->status, 202);
  EXPECT_EQ(held->body, "later");
  auto after = connection->ReadResponse();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "GET /after ");
}

TEST_F(HttpServerTest, IdleAndSlowClientsAreClosedAfterTheirTimeouts) {
  HttpServerOptions options = Plain();
  options.idle_timeout_seconds = 1;
  options.header_timeout_seconds = 1;
  Start(options);
  auto idle = Connect();
  EXPECT_TRUE(idle->Closed()) << "nothing sent";
  auto slow = Connect();
  ASSERT_TRUE(slow->Send("GET / HTTP/1.1\r\nHost:"));
  EXPECT_TRUE(slow->Closed()) << "headers not finished";
  auto served = Connect();
  ASSERT_TRUE(served->Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_TRUE(served->ReadResponse());
  EXPECT_TRUE(served->Closed()) << "no second request";
  EXPECT_EQ(handler_.handled(), 1);
  server_->Stop();
  run_.join();  // the server counted every connection it closed
  EXPECT_NE(metrics_.Render().find("pal_http_connections_timed_out_total 3\n"), std::string::npos);
}

TEST_F(HttpServerTest, ConnectionsOverTheCapGet503) {
  HttpServerOptions options = Plain();
  options.max_connections = 1;
  Start(options);
  auto first = Connect();
  ASSERT_TRUE(first->Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_TRUE(first->ReadResponse());
  auto second = Connect();
  auto refused = second->ReadResponse();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("Retry-After"), "1");
  EXPECT_TRUE(second->Closed());
  EXPECT_NE(metrics_.Render().find("pal_http_connections_refused_total 1\n"), std::string::npos);
  // The first connection is still served.
  ASSERT_TRUE(first->Send("GET /again HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto again = first->ReadResponse();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "GET /again ");
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsAndLetsInFlightRequestsFinish) {
  Start(Plain());
  auto idle = Connect();
  ASSERT_TRUE(idle->Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_TRUE(idle->ReadResponse());
  auto busy = Connect();
  ASSERT_TRUE(busy->Send("GET /held HTTP/1.1\r\nHost: h\r\n\r\n"));
  Respond respond = handler_.TakeHeld();
  server_->Stop();
  EXPECT_TRUE(idle->Closed());
  respond(Text(200, "finished"));
  auto finished = busy->ReadResponse();
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->body, "finished");
  EXPECT_EQ(finished->Header("Connection"), "close") << "no more requests while draining";
  EXPECT_TRUE(busy->Closed());
  run_.join();  // Run() returns once nothing is in flight
  EXPECT_EQ(RawHttpConnection::Open(server_->port()), nullptr) << "no longer listening";
}

TEST_F(HttpServerTest, StopLetsARequestThatHasBegunToArriveFinish) {
  HttpServerOptions options = Plain();
  options.threads = 1;  // one loop: the second connection is answered after the first was read
  Start(options);
  auto uploading = Connect();
  ASSERT_TRUE(
      uploading->Send("PUT /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello"));
  auto idle = Connect();
  ASSERT_TRUE(idle->Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_TRUE(idle->ReadResponse());
  server_->Stop();
  EXPECT_TRUE(idle->Closed());
  ASSERT_TRUE(uploading->Send(" world"));
  auto uploaded = uploading->ReadResponse();
  ASSERT_TRUE(uploaded) << "a request whose body was arriving is in flight, not idle";
  EXPECT_EQ(uploaded->body, "PUT /upload hello world");
  EXPECT_EQ(uploaded->Header("Connection"), "close");
  EXPECT_TRUE(uploading->Closed());
}

TEST_F(HttpServerTest, ServesTlsWithTheGivenCertificate) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pal-http-server-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  ASSERT_TRUE(server::EnsureSelfSignedCertificate(cert, key).ok());
  HttpServerOptions options;
  options.cert_file = cert;
  options.key_file = key;
  Start(options);
  EXPECT_EQ(server_->url(), "https://127.0.0.1:" + std::to_string(server_->port()));

  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  ASSERT_EQ(SSL_CTX_load_verify_locations(context, cert.c_str(), nullptr), 1);
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  {
    auto connection = RawHttpConnection::Open(server_->port(), context);
    ASSERT_NE(connection, nullptr) << "the handshake verifies against the certificate";
    ASSERT_TRUE(connection->Send("GET /secure HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    auto response = connection->ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "GET /secure ");
    EXPECT_EQ(response->Header("X-Base-Url"), "https://localhost");
    EXPECT_EQ(response->Header("Strict-Transport-Security"), "max-age=31536000");
    ASSERT_TRUE(connection->Send("GET /again HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    EXPECT_TRUE(connection->ReadResponse());
  }
  // TLS 1.1 and older are refused.
  SSL_CTX* old = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(old, 0);
  SSL_CTX_set_min_proto_version(old, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(old, TLS1_1_VERSION);
  SSL_CTX_set_cipher_list(old, "ALL:@SECLEVEL=0");
  EXPECT_EQ(RawHttpConnection::Open(server_->port(), old), nullptr);
  // Plain HTTP on the TLS port is no request.
  auto plain = Connect();
  ASSERT_TRUE(plain->Send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_FALSE(plain->ReadResponse());
  SSL_CTX_free(old);
  SSL_CTX_free(context);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(handler_.handled(), 2);
}

TEST(HttpServerCreateTest, BindingErrorsAreValues) {
  RecordingHandler handler;
  HttpServerOptions options;
  options.tls = false;
  options.port = 0;
  options.address = "localhost";
  auto bad_address = HttpServer::Create(options, handler);
  ASSERT_FALSE(bad_address.ok());
  EXPECT_EQ(bad_address.error().code, "BadAddress");

  options.address = "127.0.0.1";
  auto first = HttpServer::Create(options, handler);
  ASSERT_TRUE(first.ok());
  options.port = (*first)->port();
  auto taken = HttpServer::Create(options, handler);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, "ListenFailed");

  options.port = 0;
  options.tls = true;
  options.cert_file = "/nonexistent/cert.pem";
  options.key_file = "/nonexistent/key.pem";
  auto no_certificate = HttpServer::Create(options, handler);
  ASSERT_FALSE(no_certificate.ok());
  EXPECT_EQ(no_certificate.error().code, "BadCertificate");
}

}  // namespace
}  // namespace pal::api
