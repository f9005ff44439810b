#include "app/serve_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>

#include "api/hashing_pool.h"
#include "api/http_server.h"
#include "api/log_writer.h"
#include "api/management_partner_api.h"
#include "api/pal_service.h"
#include "api/rate_limiter.h"
#include "api/service_metrics.h"
#include "api/sign_in_throttle.h"
#include "api/token_service.h"
#include "app/data_directory.h"
#include "app/data_directory_store.h"
#include "app/demo_data.h"
#include "app/portal_files.h"
#include "app/store_insights_engine.h"
#include "app/tls_certificate.h"
#include "core/text.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "identity/token_verifier.h"
#include "store/link_commit_observer.h"
#include "store/sql_store.h"

namespace pal::app {
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

int Fail(const std::string& message) {
  std::fprintf(stderr, "pal serve: %s\n", message.c_str());
  return 1;
}

}  // namespace

int RunServe(const ServeOptions& options) {
  SystemClock clock;
  if (options.plain_http && options.address != "127.0.0.1" && options.address != "::1") {
    return Fail("--http serves plain HTTP on loopback only (127.0.0.1 or ::1)");
  }
  if (options.cert_file.empty() != options.key_file.empty()) {
    return Fail("--cert and --key go together");
  }
  api::RequestLogFormat log_format = api::RequestLogFormat::kJson;
  if (options.log_format == "text") {
    log_format = api::RequestLogFormat::kText;
  } else if (options.log_format == "none") {
    log_format = api::RequestLogFormat::kNone;
  } else if (options.log_format != "json") {
    return Fail("--log-format is json, text or none");
  }
  if (options.rate_limit < 0 || options.rate_burst < 0 || options.idle_timeout_seconds <= 0 ||
      options.header_timeout_seconds <= 0) {
    return Fail(
        "--rate-limit and --rate-burst must be >= 0; --idle-timeout and --header-timeout > 0");
  }
  if (options.sign_in_lockout_threshold < 0 || options.sign_in_address_limit < 0 ||
      options.sign_in_window_seconds <= 0 || options.sign_in_lockout_seconds <= 0 ||
      options.hash_queue == 0) {
    return Fail(
        "--sign-in-lockout-threshold and --sign-in-address-limit must be >= 0; "
        "--sign-in-window, --sign-in-lockout and --hash-queue > 0");
  }
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

  auto data = OpenDataDirectory(options.data_dir);
  if (!data.ok()) return Fail(data.error().message);

  auto key = options.in_memory ? identity::SigningKey::Generate()
                               : identity::SigningKey::LoadOrCreate(data->SigningKeyPath());
  if (!key.ok()) return Fail(key.error().message);

  auto bound = BindDataDirectoryStore(data->root, options.store_url);
  if (!bound.ok()) return Fail(bound.error().message);
  StoreOpenOptions store_options;
  store_options.enable_link_writer = true;
  store_options.in_memory = options.in_memory;
  store_options.link_commit_observer = &commit_metrics;
  auto store = OpenDataDirectoryStore(*bound, store_options, clock);
  if (!store.ok()) return Fail(store.error().message);

  if (options.demo) {
    auto credentials = SeedDemoData(**store, clock);
    if (!credentials.ok()) return Fail("demo data: " + credentials.error().message);
    PrintCredentials(*credentials);
  }

  api::HttpServerOptions http;
  http.address = options.address;
  http.port = options.port;
  http.threads = options.threads;
  http.tls = !options.plain_http;
  http.idle_timeout_seconds = options.idle_timeout_seconds;
  http.header_timeout_seconds = options.header_timeout_seconds;
  http.max_connections = options.max_connections;
  http.metrics = &metrics;
  std::string printed_cert;
  if (http.tls) {
    if (options.cert_file.empty()) {
      auto made = EnsureSelfSignedCertificate(data->TlsCertificatePath(), data->TlsKeyPath());
      if (!made.ok()) return Fail(made.error().message);
      http.cert_file = data->TlsCertificatePath();
      http.key_file = data->TlsKeyPath();
      printed_cert = http.cert_file;
    } else {
      http.cert_file = options.cert_file;
      http.key_file = options.key_file;
    }
  }
  HandlerSlot slot;
  auto server = api::HttpServer::Create(http, slot);
  if (!server.ok()) return Fail(server.error().message);
  const std::string scheme = http.tls ? "https" : "http";
  const auto base_urls = BaseUrls(options, scheme, (*server)->port());

  std::vector<std::string> audiences = kArmAudiences;
  audiences.insert(audiences.end(), base_urls.begin(), base_urls.end());
  identity::JwtTokenVerifier verifier(*key, clock, audiences, base_urls);
  identity::TokenIssuer issuer(
      *key, clock, static_cast<Timestamp>(options.token_lifetime_seconds) * kMicrosPerSecond);
  api::HttpServer* server_ptr = server->get();
  api::TokenService tokens(
      **store, *key, issuer, clock,
      {.base_urls = base_urls,
       .audiences = audiences,
       .accounts = &account_throttle,
       .addresses = &address_throttle,
       .hashing = &hashing},
      [server_ptr](std::function<void()> work) { server_ptr->RunBlocking(std::move(work)); });
  api::ManagementPartnerApi management_partner(**store, options.operations_page_size);
  api::ScopeAuthorizer authorizer(**store);
  api::RoleDefinitionsApi role_definitions(authorizer);
  const api::BlockingRunner run_blocking = [server_ptr](std::function<void()> work) {
    server_ptr->RunBlocking(std::move(work));
  };
  api::RoleAssignmentsApi role_assignments(**store, authorizer, clock, run_blocking);
  api::SubscriptionsApi subscriptions(**store, run_blocking);
  api::ResourceGroupsApi resource_groups(**store, authorizer, clock, run_blocking);
  api::ManagementGroupsApi management_groups(**store, authorizer, clock, run_blocking);
  api::ManagedServicesApi managed_services(**store, authorizer, clock, run_blocking);
  api::PartnerOfRecordApi partner_of_record(**store, authorizer, run_blocking);
  api::PowerPlatformApi power_platform(**store, authorizer, clock, run_blocking);
  api::DirectoryApi directory(**store, run_blocking);
  std::vector<std::string> usage = options.usage;
  if (usage.empty() && options.demo && !options.in_memory)
    usage = DemoUsageFiles(data->root, clock);
  StoreInsightsEngine insights_engine(**store, usage, 1);
  api::InsightsApi insights(**store, insights_engine, run_blocking);
  auto portal = LoadPortal(options.portal_dir);
  if (!portal.ok()) return Fail(portal.error().message);
  api::PalService service(
      tokens, verifier,
      {.management_partner = management_partner,
       .role_definitions = role_definitions,
       .role_assignments = role_assignments,
       .subscriptions = subscriptions,
       .resource_groups = resource_groups,
       .management_groups = management_groups,
       .managed_services = managed_services,
       .partner_of_record = partner_of_record,
       .power_platform = power_platform,
       .directory = directory,
       .insights = insights},
      &*portal,
      {.metrics = &metrics,
       .rate_limiter = &rate_limiter,
       .clock = &clock,
       .log_format = log_format,
       .log_sink = [&log_writer](std::string_view line) { log_writer.Write(line); }});
  slot.Set(&service);

  std::printf("pal serve: data directory %s%s\n", data->root.c_str(),
              options.in_memory ? " (store in memory: nothing is kept)" : "");
  if (!printed_cert.empty()) {
    std::printf("pal serve: TLS certificate %s (trust it: export NODE_EXTRA_CA_CERTS=%s)\n",
                printed_cert.c_str(), printed_cert.c_str());
  }
  std::printf("pal serve: listening on %s (also %s)\n", (*server)->url().c_str(),
              base_urls.front().c_str());
  if (portal->empty()) {
    std::printf("pal serve: the portal is not built (scripts/build-portal); /portal/ says so\n");
  } else {
    std::printf("pal serve: portal at %s/portal/\n", base_urls.front().c_str());
  }
  if (!usage.empty())
    std::printf("pal serve: insights attribute %zu usage file(s)\n", usage.size());
  std::fflush(stdout);
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

}  // namespace pal::app
