#include "server/serve_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "api/hashing_pool.h"
#include "api/http_server.h"
#include "api/log_writer.h"
#include "api/pal_service.h"
#include "api/rate_limiter.h"
#include "api/service_metrics.h"
#include "api/sign_in_throttle.h"
#include "attribution/insights_engine.h"
#include "core/text.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "identity/token_verifier.h"
#include "server/demo_data.h"
#include "server/pal_service_builder.h"
#include "server/portal_files.h"
#include "server/tls_certificate.h"
#include "store/data_directory.h"
#include "store/data_directory_store.h"
#include "store/link_commit_observer.h"

namespace pal::server {

using attribution::InsightsEngine;

namespace {

constexpr std::size_t kMaxQueuedLogLines = 10000;
// A lockout that repeats doubles up to this many times the first.
constexpr Timestamp kMaxLockoutFactor = 16;
constexpr Timestamp kAddressWindow = 60 * kMicrosPerSecond;

// Audiences of real ARM tokens, accepted as-is.
const std::vector<std::string> kArmAudiences = {
    "https://management.azure.com/",
    "https://management.core.windows.net/",
};

// Lets the HTTP server be created (and its port known) before the service that needs the port.
class HandlerSlot final : public api::RequestHandler {
 public:
  void Set(api::RequestHandler* target) { target_ = target; }
  void Handle(const api::HttpRequest& request, api::Respond respond) override {
    target_->Handle(request, std::move(respond));
  }

 private:
  api::RequestHandler* target_ = nullptr;
};

std::vector<std::string> BaseUrls(const ServeOptions& options, const std::string& scheme,
                                  std::uint16_t port) {
  std::vector<std::string> urls;
  if (!options.public_url.empty()) {
    urls.emplace_back(TrimTrailingSlashes(options.public_url));
  }
  const std::string& address = options.address;
  const bool loopback_v4 = address == "127.0.0.1" || address == "0.0.0.0";
  const bool loopback_v6 = address == "::1" || address == "::";
  if (loopback_v4 || loopback_v6) urls.push_back(fmt::format("{}://localhost:{}", scheme, port));
  if (loopback_v4) urls.push_back(fmt::format("{}://127.0.0.1:{}", scheme, port));
  if (loopback_v6) urls.push_back(fmt::format("{}://[::1]:{}", scheme, port));
  if (!loopback_v4 && !loopback_v6) {
    urls.push_back(fmt::format("{}://{}:{}", scheme, address, port));
  }
  return urls;
}

void PrintCredentials(const std::vector<DemoCredential>& credentials) {
  std::printf("Demo sign-ins (secrets are new at every start):\n");
  for (const auto& c : credentials) {
    if (c.kind == "ServicePrincipal") {
      std::printf("  %-20s %-16s tenant %s  app id %s  secret %s\n", c.tenant_name.c_str(),
                  c.kind.c_str(), c.tenant_id.c_str(), c.app_id.c_str(), c.secret.c_str());
    } else {
      std::printf("  %-20s %-16s tenant %s  user %s  password %s\n", c.tenant_name.c_str(),
                  c.kind.c_str(), c.tenant_id.c_str(), c.name.c_str(), c.secret.c_str());
    }
  }
}

// Feeds the link writer's commits into the service metrics.
class CommitMetrics final : public store::LinkCommitObserver {
 public:
  explicit CommitMetrics(api::ServiceMetrics& metrics) : metrics_(metrics) {}
  CommitMetrics(const CommitMetrics&) = delete;
  CommitMetrics& operator=(const CommitMetrics&) = delete;
  void OnLinkCommit(std::size_t batch_size, double seconds) override {
    metrics_.RecordLinkCommit(batch_size, seconds);
  }

 private:
  api::ServiceMetrics& metrics_;
};

// The keys federated credentials' issuers are checked with: --federated-issuer-jwks files, the
// data directory's test issuer, discovery.
Result<std::unique_ptr<identity::FederatedIssuerKeys>> FederatedIssuers(
    const ServeOptions& options, const store::DataDirectory& data, const Clock& clock) {
  identity::FederatedIssuerKeysOptions keys;
  keys.test_issuer_key_path = data.FederatedTestIssuerKeyPath();
  keys.fetch = options.fetch_https;
  for (const auto& entry : options.federated_issuer_jwks) {
    const std::size_t equals = entry.rfind('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == entry.size()) {
      return Error::InvalidArgument(
          "InvalidArgument",
          fmt::format("--federated-issuer-jwks '{}' is not ISSUER=FILE.", entry));
    }
    std::ifstream in(entry.substr(equals + 1));
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      return Error::InvalidArgument("InvalidArgument", fmt::format("cannot read the JWKS file '{}'",
                                                                   entry.substr(equals + 1)));
    }
    keys.jwks[entry.substr(0, equals)] = text.str();
  }
  return identity::FederatedIssuerKeys::Create(std::move(keys), clock);
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "pal serve: %s\n", message.c_str());
  return 1;
}

// What CLI11 does not check of the options; the request log's format.
Result<api::RequestLogFormat> CheckServeOptions(const ServeOptions& options) {
  if (options.plain_http && options.address != "127.0.0.1" && options.address != "::1") {
    return Error::InvalidArgument("InvalidOption",
                                  "--http serves plain HTTP on loopback only (127.0.0.1 or ::1)");
  }
  if (options.cert_file.empty() != options.key_file.empty()) {
    return Error::InvalidArgument("InvalidOption", "--cert and --key go together");
  }
  api::RequestLogFormat log_format = api::RequestLogFormat::kJson;
  if (options.log_format == "text") {
    log_format = api::RequestLogFormat::kText;
  } else if (options.log_format == "none") {
    log_format = api::RequestLogFormat::kNone;
  } else if (options.log_format != "json") {
    return Error::InvalidArgument("InvalidOption", "--log-format is json, text or none");
  }
  if (options.rate_limit < 0 || options.rate_burst < 0 || options.idle_timeout_seconds <= 0 ||
      options.header_timeout_seconds <= 0) {
    return Error::InvalidArgument(
        "InvalidOption",
        "--rate-limit and --rate-burst must be >= 0; --idle-timeout and --header-timeout > 0");
  }
  if (options.sign_in_lockout_threshold < 0 || options.sign_in_address_limit < 0 ||
      options.sign_in_window_seconds <= 0 || options.sign_in_lockout_seconds <= 0 ||
      options.hash_queue == 0) {
    return Error::InvalidArgument(
        "InvalidOption",
        "--sign-in-lockout-threshold and --sign-in-address-limit must be >= 0; "
        "--sign-in-window, --sign-in-lockout and --hash-queue > 0");
  }
  return log_format;
}

// The data directory's store (bound to --store if given) with the link writer; with --demo, the
// demo data set added and its sign-ins printed.
Result<std::unique_ptr<store::Store>> OpenServeStore(const ServeOptions& options,
                                                     const store::DataDirectory& data,
                                                     const Clock& clock,
                                                     store::LinkCommitObserver& commit_observer) {
  PAL_ASSIGN_OR_RETURN(auto bound, store::BindDataDirectoryStore(data.root, options.store_url));
  store::StoreOpenOptions store_options;
  store_options.enable_link_writer = true;
  store_options.in_memory = options.in_memory;
  store_options.link_commit_observer = &commit_observer;
  PAL_ASSIGN_OR_RETURN(auto store, store::OpenDataDirectoryStore(bound, store_options, clock));
  if (options.demo) {
    auto credentials = SeedDemoData(*store, clock);
    if (!credentials.ok()) {
      Error error = credentials.error();
      error.message = "demo data: " + error.message;
      return error;
    }
    PrintCredentials(*credentials);
  }
  return store;
}

// The HTTP server's settings. With TLS and no --cert, the data directory's self-signed
// certificate (made the first time), whose path goes to `printed_cert`.
Result<api::HttpServerOptions> HttpServerSettings(const ServeOptions& options,
                                                  const store::DataDirectory& data,
                                                  api::ServiceMetrics& metrics,
                                                  std::string& printed_cert) {
  api::HttpServerOptions http;
  http.address = options.address;
  http.port = options.port;
  http.threads = options.threads;
  http.tls = !options.plain_http;
  http.idle_timeout_seconds = options.idle_timeout_seconds;
  http.header_timeout_seconds = options.header_timeout_seconds;
  http.max_connections = options.max_connections;
  http.metrics = &metrics;
  if (!http.tls) return http;
  if (options.cert_file.empty()) {
    PAL_TRY(EnsureSelfSignedCertificate(data.TlsCertificatePath(), data.TlsKeyPath()));
    http.cert_file = data.TlsCertificatePath();
    http.key_file = data.TlsKeyPath();
    printed_cert = http.cert_file;
  } else {
    http.cert_file = options.cert_file;
    http.key_file = options.key_file;
  }
  return http;
}

// What `pal serve` prints once it listens.
struct StartupReport {
  std::string data_root;
  bool in_memory = false;
  std::string printed_cert;
  std::string url;
  std::vector<std::string> base_urls;
  bool portal_built = false;
  std::size_t usage_files = 0;
};

void PrintStartup(const StartupReport& report) {
  std::printf("pal serve: data directory %s%s\n", report.data_root.c_str(),
              report.in_memory ? " (store in memory: nothing is kept)" : "");
  if (!report.printed_cert.empty()) {
    std::printf("pal serve: TLS certificate %s (trust it: export NODE_EXTRA_CA_CERTS=%s)\n",
                report.printed_cert.c_str(), report.printed_cert.c_str());
  }
  std::printf("pal serve: listening on %s (also %s)\n", report.url.c_str(),
              report.base_urls.front().c_str());
  if (!report.portal_built) {
    std::printf("pal serve: the portal is not built (scripts/build-portal); /portal/ says so\n");
  } else {
    std::printf("pal serve: portal at %s/portal/\n", report.base_urls.front().c_str());
  }
  if (report.usage_files != 0)
    std::printf("pal serve: insights attribute %zu usage file(s)\n", report.usage_files);
  std::fflush(stdout);
}

}  // namespace

int RunServe(const ServeOptions& options) {
  SystemClock clock;
  auto log_format = CheckServeOptions(options);
  if (!log_format.ok()) return Fail(log_format.error().message);
  const Timestamp lockout = options.sign_in_lockout_seconds * kMicrosPerSecond;
  api::SignInThrottle account_throttle({.max_failures = options.sign_in_lockout_threshold,
                                        .window = options.sign_in_window_seconds * kMicrosPerSecond,
                                        .lockout = lockout,
                                        .max_lockout = lockout * kMaxLockoutFactor});
  api::SignInThrottle address_throttle({.max_failures = options.sign_in_address_limit,
                                        .window = kAddressWindow,
                                        .lockout = lockout,
                                        .max_lockout = lockout * kMaxLockoutFactor});
  // Secrets are checked on threads of their own; it outlives the server and the token service.
  api::HashingPool hashing({.threads = options.hash_threads, .max_queued = options.hash_queue});
  // Declared before the store so the writer (inside the store) stops reporting first.
  api::ServiceMetrics metrics;
  CommitMetrics commit_metrics(metrics);
  api::RateLimiter rate_limiter({options.rate_limit, options.rate_burst});
  // The request log never makes a request wait: a stderr nobody drains costs lines, not service.
  api::AsyncLineWriter log_writer(stderr, kMaxQueuedLogLines,
                                  [&metrics] { metrics.RecordLogLineDropped(); });

  auto data = store::OpenDataDirectory(options.data_dir);
  if (!data.ok()) return Fail(data.error().message);
  auto key = options.in_memory ? identity::SigningKey::Generate()
                               : identity::SigningKey::LoadOrCreate(data->SigningKeyPath());
  if (!key.ok()) return Fail(key.error().message);
  auto store = OpenServeStore(options, *data, clock, commit_metrics);
  if (!store.ok()) return Fail(store.error().message);
  auto federated_issuers = FederatedIssuers(options, *data, clock);
  if (!federated_issuers.ok()) return Fail(federated_issuers.error().message);

  std::string printed_cert;
  auto http = HttpServerSettings(options, *data, metrics, printed_cert);
  if (!http.ok()) return Fail(http.error().message);
  HandlerSlot slot;
  auto server = api::HttpServer::Create(*http, slot);
  if (!server.ok()) return Fail(server.error().message);
  const auto base_urls = BaseUrls(options, http->tls ? "https" : "http", (*server)->port());

  std::vector<std::string> audiences = kArmAudiences;
  audiences.insert(audiences.end(), base_urls.begin(), base_urls.end());
  identity::JwtTokenVerifier verifier(*key, clock, audiences, base_urls);
  identity::TokenIssuer issuer(
      *key, clock, static_cast<Timestamp>(options.token_lifetime_seconds) * kMicrosPerSecond);
  api::HttpServer* server_ptr = server->get();
  std::vector<std::string> usage = options.usage;
  if (usage.empty() && options.demo && !options.in_memory)
    usage = DemoUsageFiles(data->root, clock);
  InsightsEngine insights_engine(**store, usage, 1);
  auto portal = LoadPortal(options.portal_dir);
  if (!portal.ok()) return Fail(portal.error().message);
  auto built = BuildPalService(
      {.store = **store,
       .signing_key = *key,
       .issuer = issuer,
       .verifier = verifier,
       .clock = clock,
       .insights_engine = insights_engine},
      {.tokens = {.base_urls = base_urls,
                  .audiences = audiences,
                  .accounts = &account_throttle,
                  .addresses = &address_throttle,
                  .hashing = &hashing,
                  .device_codes = {.lifetime =
                                       options.device_code_lifetime_seconds * kMicrosPerSecond,
                                   .interval =
                                       options.device_code_interval_seconds * kMicrosPerSecond},
                  .federated_issuers = federated_issuers->get()},
       .operations_page_size = options.operations_page_size,
       .run_blocking =
           [server_ptr](std::function<void()> work) { server_ptr->RunBlocking(std::move(work)); },
       .portal = &*portal,
       .operations = {
           .metrics = &metrics,
           .rate_limiter = &rate_limiter,
           .clock = &clock,
           .log_format = *log_format,
           .log_sink = [&log_writer](std::string_view line) { log_writer.Write(line); }}});
  api::PalService& service = built->service();
  slot.Set(&service);

  PrintStartup({.data_root = data->root,
                .in_memory = options.in_memory,
                .printed_cert = printed_cert,
                .url = (*server)->url(),
                .base_urls = base_urls,
                .portal_built = !portal->empty(),
                .usage_files = usage.size()});
  (*server)->Run([&service] {
    service.SetReady(true);
    std::printf("Ready.\n");
    std::fflush(stdout);
  });
  service.SetReady(false);
  std::printf("pal serve: stopped\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace pal::server
