// Fuzz target for the form-encoded token request: ParseFormEncoded and PercentDecode /
// PercentEncode on arbitrary text (what is parsed, re-encoded, parses to the same pairs), then
// the same text as the body of POST /{tenant}/oauth2/v2.0/token, answered by TokenService over
// an in-memory store with a tenant, a service principal and a user. Every answer must be one
// JSON object: a token or Entra's error shape. (The principals' secret hashes are not argon2id
// strings, so no input pays for a hash check; the grant then ends in invalid_client or
// invalid_grant.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/token_service.h"
#include "api/url_encoding.h"
#include "core/clock.h"
#include "core/text.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "store/sql_store.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

const pal::Guid kTenant = *pal::Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const pal::Guid kApp = *pal::Guid::Parse("c0a70500-0000-4000-8000-0000000000c1");
const pal::Guid kAppId = *pal::Guid::Parse("0f1e2d3c-0000-4000-8000-0000000000c2");
const pal::Guid kUser = *pal::Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");

struct Fixture {
  pal::FixedClock clock{1'780'272'000 * pal::kMicrosPerSecond};
  pal::identity::SigningKey key = std::move(pal::identity::SigningKey::Generate()).value();
  pal::identity::TokenIssuer issuer{key, clock};
  std::unique_ptr<pal::store::Store> store;
  std::unique_ptr<pal::api::TokenService> service;

  Fixture() {
    pal::store::SqliteStoreOptions options;
    options.in_memory = true;
    options.enable_link_writer = false;
    store = std::move(pal::store::OpenSqliteStore(options, clock)).value();
    Check(store->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    pal::Principal app;
    app.tenant_id = kTenant;
    app.object_id = kApp;
    app.kind = pal::PrincipalKind::kServicePrincipal;
    app.name = "partner-app";
    app.app_id = kAppId;
    app.secret_hash.assign(1, 'x');
    Check(store->directory().CreatePrincipal(app).ok());
    pal::Principal user;
    user.tenant_id = kTenant;
    user.object_id = kUser;
    user.kind = pal::PrincipalKind::kUser;
    user.name = "user@contoso.com";
    user.secret_hash.assign(1, 'x');
    Check(store->directory().CreatePrincipal(user).ok());
    pal::api::TokenServiceOptions service_options;
    service_options.base_urls = {"https://localhost:8443"};
    service_options.audiences = {"https://management.azure.com/"};
    service = std::make_unique<pal::api::TokenService>(*store, key, issuer, clock, service_options,
                                                       [](std::function<void()> work) { work(); });
  }
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture();  // never destroyed: no teardown order at exit
  return *fixture;
}

void CheckEncoding(std::string_view text) {
  const auto pairs = pal::api::ParseFormEncoded(text);
  size_t items = 1;
  for (char c : text) items += c == '&';
  Check(pairs.size() <= items);
  std::string again;
  for (const auto& [name, value] : pairs) {
    if (!again.empty()) again += '&';
    again += pal::api::PercentEncode(name) + "=" + pal::api::PercentEncode(value);
    auto name_back = pal::api::PercentDecode(pal::api::PercentEncode(name), true);
    Check(name_back && *name_back == name);
  }
  Check(pal::api::ParseFormEncoded(again) == pairs);
  // RepeatedName finds a name only when two decoded names match ignoring case.
  if (auto repeated = pal::api::RepeatedName(text)) {
    int matches = 0;
    for (const auto& pair : pairs) matches += pal::EqualsIgnoreCase(pair.first, *repeated) ? 1 : 0;
    Check(matches >= 2);
  } else {
    for (size_t i = 0; i < pairs.size(); ++i) {
      for (size_t j = i + 1; j < pairs.size() && j < i + 64; ++j) {
        Check(!pal::EqualsIgnoreCase(pairs[i].first, pairs[j].first));
      }
    }
  }
  if (auto decoded = pal::api::PercentDecode(text)) {
    Check(decoded->size() <= text.size());
    Check(pal::api::PercentDecode(pal::api::PercentEncode(*decoded)) == decoded);
  }
}

void CheckTokenRequest(std::string_view body, std::string_view tenant) {
  Fixture& f = TheFixture();
  pal::api::HttpRequest request;
  request.method = "POST";
  request.path = "/" + std::string(tenant) + "/oauth2/v2.0/token";
  request.target = request.path;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = std::string(body);
  request.base_url = "https://localhost:8443";
  int answers = 0;
  pal::api::HttpResponse response;
  Check(f.service->TryHandle(request, [&](pal::api::HttpResponse r) {
    ++answers;
    response = std::move(r);
  }));
  Check(answers == 1);
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  Check(!json.is_discarded() && json.is_object());
  Check(response.status == 200 ? json.contains("access_token") : json.contains("error"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckEncoding(text);
  CheckTokenRequest(text, kTenant.ToString());
  CheckTokenRequest(text, "organizations");
  return 0;
}
