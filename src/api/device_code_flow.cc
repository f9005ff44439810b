// The device authorization grant (RFC 8628): the device authorization endpoint, and the
// verification page where a person enters the user code, signs in and allows or declines.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/page_sign_in.h"
#include "api/public_clients.h"
#include "api/sign_in_page.h"
#include "api/token_grant.h"
#include "api/url_encoding.h"
#include "core/text.h"

namespace pal::api {
namespace {

// The verification page's form: the first value of each field.
struct DeviceLoginForm {
  std::string code, step, username, password, action, form_token;
};

DeviceLoginForm ReadDeviceLoginForm(std::string_view body) {
  DeviceLoginForm form;
  std::vector<std::string_view> seen;
  for (const auto& [name, value] : ParseFormEncoded(body)) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    if (name == "code") form.code = value;
    if (name == "step") form.step = value;
    if (name == "username") form.username = value;
    if (name == "password") form.password = value;
    if (name == "action") form.action = value;
    if (name == kFormTokenField) form.form_token = value;
  }
  return form;
}

std::string ClientName(std::string_view client_id) {
  const PublicClient* client = FindPublicClient(client_id);
  return client ? std::string(client->name) : std::string(client_id);
}

// A page with a form of this server's anti-forgery token (its cookie set).
HttpResponse FormPage(const HttpRequest& request, int status, PageContent page) {
  const std::string token = NewFormToken();
  page.action = std::string(kDeviceLoginPath);
  page.fields.insert(page.fields.begin(), {.name = std::string(kFormTokenField), .value = token});
  HttpResponse response = RenderPage(status, page);
  SetFormTokenCookie(response, token, request.base_url.starts_with("https:"));
  return response;
}

// Step one: the code shown on the device.
HttpResponse EnterCodePage(const HttpRequest& request, int status, const std::string& code,
                           const std::string& error) {
  PageContent page;
  page.title = "Enter code";
  page.paragraphs = {"Enter the code displayed on your app or device to sign it in to pal."};
  page.error = error;
  page.fields = {{.name = "step", .value = "code"},
                 {.kind = PageField::Kind::kText,
                  .name = "code",
                  .value = code,
                  .label = "Code",
                  .autocomplete = "off"}};
  page.buttons = {{.name = "action", .value = "next", .label = "Next"}};
  return FormPage(request, status, std::move(page));
}

// Step two: who asks, and the user's name and password.
HttpResponse SignInPage(const HttpRequest& request, int status, const DeviceCodeRequest& asking,
                        const std::string& code, const std::string& username,
                        const std::string& error) {
  PageContent page;
  page.title = "Sign in on another device";
  page.paragraphs = {fmt::format("{} on another device is asking to sign in to pal as you.",
                                 ClientName(asking.client_id)),
                     "Only continue if you started this sign-in yourself, on a device you trust."};
  page.error = error;
  page.fields = {{.name = "step", .value = "signin"},
                 {.name = "code", .value = DeviceCodes::NormalizeUserCode(code)},
                 {.kind = PageField::Kind::kText,
                  .name = "username",
                  .value = username,
                  .label = "Username",
                  .autocomplete = "username"},
                 {.kind = PageField::Kind::kPassword,
                  .name = "password",
                  .label = "Password",
                  .autocomplete = "current-password"}};
  page.buttons = {{.name = "action", .value = "allow", .label = "Sign in and allow"},
                  {.name = "action", .value = "deny", .label = "Decline", .primary = false}};
  return FormPage(request, status, std::move(page));
}

HttpResponse DonePage(std::string title, std::string text) {
  PageContent page;
  page.title = std::move(title);
  page.paragraphs = {std::move(text), "You may now close this window."};
  return RenderPage(200, page);
}

constexpr std::string_view kBadCode =
    "That code didn't work. Check the code and try again, or start the sign-in again on your "
    "device.";

}  // namespace

HttpResponse TokenService::DeviceAuthorization(const HttpRequest& request,
                                               const AuthorityPath& path) {
  if (request.method != "POST") {
    return TokenError(405, "invalid_request", 900561,
                      "The endpoint only accepts POST, OPTIONS requests. Received a " +
                          request.method + " request.",
                      request);
  }
  Grant grant;
  grant.authority = path.kind;
  grant.tenant = path.kind == AuthorityKind::kAdfs ? "adfs" : path.tenant;
  for (const auto& [name, value] : ParseFormEncoded(request.body)) {
    if (name == "client_id" && grant.client_id.empty()) grant.client_id = value;
    if (name == "scope" && grant.scope.empty()) grant.scope = value;
  }
  if (grant.client_id.empty()) {
    return TokenError(400, "invalid_request", 900144,
                      "The request body must contain the following parameter: 'client_id'.",
                      request);
  }
  if (!FindPublicClient(grant.client_id)) {
    return TokenError(400, "unauthorized_client", 700016,
                      fmt::format("Application with identifier '{}' was not found in the "
                                  "directory '{}'. pal signs users in with a device code for the "
                                  "Azure CLI, Azure PowerShell and its portal.",
                                  grant.client_id, grant.tenant),
                      request);
  }
  if (path.kind == AuthorityKind::kEntra && !EqualsIgnoreCase(grant.tenant, "organizations") &&
      !EqualsIgnoreCase(grant.tenant, "common")) {
    auto id = Guid::Parse(grant.tenant);
    auto found =
        id ? store_.directory().FindTenant(*id) : Result<std::optional<Tenant>>(std::nullopt);
    if (!found.ok() || !*found) {
      return TokenError(400, "invalid_request", 90002,
                        fmt::format("Tenant '{}' not found. Check to make sure you have the "
                                    "correct tenant ID and are signing into the correct cloud.",
                                    grant.tenant),
                        request);
    }
  }
  if (auto refused = FindResource(request, grant)) return std::move(*refused);
  auto issued = device_codes_.Start({.client_id = grant.client_id,
                                     .scope = grant.scope,
                                     .authority = path.kind,
                                     .tenant = grant.tenant},
                                    clock_.Now());
  if (!issued) {
    HttpResponse response = TokenError(
        503, "temporarily_unavailable", 90033,
        "Too many device codes are waiting to be used. Retry after 60 second(s).", request);
    response.SetHeader("Retry-After", "60");
    return response;
  }
  const std::string uri = BaseUrlFor(request) + std::string(kDeviceLoginPath);
  const nlohmann::json body = {
      {"user_code", issued->user_code},
      {"device_code", issued->device_code},
      {"verification_uri", uri},
      {"expires_in", device_codes_.timing().lifetime / kMicrosPerSecond},
      {"interval", device_codes_.timing().interval / kMicrosPerSecond},
      {"message", fmt::format("To sign in, use a web browser to open the page {} and enter the "
                              "code {} to authenticate.",
                              uri, issued->user_code)},
  };
  HttpResponse response = JsonResponse(200, body.dump());
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  return response;
}

void TokenService::DeviceLogin(const HttpRequest& request, Respond respond) {
  if (request.method == "GET") {
    return respond(EnterCodePage(request, 200, request.QueryParam("otc").value_or(""), ""));
  }
  if (request.method != "POST") {
    HttpResponse refused = RenderPage(405, {.title = "Enter code", .error = "Use the form."});
    refused.SetHeader("Allow", "GET, POST");
    return respond(std::move(refused));
  }
  DeviceLoginForm form = ReadDeviceLoginForm(request.body);
  if (!FormTokenMatches(request, form.form_token)) {
    return respond(EnterCodePage(request, 400, form.code,
                                 "This page has expired or was sent from another site. Enter "
                                 "the code again."));
  }
  const Timestamp now = clock_.Now();
  auto asking = device_codes_.FindPending(form.code, now);
  if (!asking) return respond(EnterCodePage(request, 400, form.code, std::string(kBadCode)));
  if (form.step != "signin") {
    return respond(SignInPage(request, 200, *asking, form.code, "", ""));
  }
  auto sign_in = std::make_shared<PageSignIn>();
  sign_in->authority = asking->authority;
  sign_in->tenant = asking->tenant;
  sign_in->username = form.username;
  sign_in->password = std::move(form.password);
  auto shared_request = std::make_shared<HttpRequest>(request);
  const bool allow = form.action != "deny";
  CheckPageSignIn(
      request, sign_in,
      [this, shared_request, asking = *asking, code = form.code, allow,
       respond](const PageSignIn& result) {
        if (!result.ok()) {
          const std::string error =
              result.code ? fmt::format("AADSTS{}: {}", result.code, result.error) : result.error;
          return respond(SignInPage(*shared_request, 200, asking, code, result.username, error));
        }
        const Timestamp at = clock_.Now();
        const std::string name = ClientName(asking.client_id);
        if (!allow) {
          if (!device_codes_.Decline(code, at)) {
            return respond(EnterCodePage(*shared_request, 400, code, std::string(kBadCode)));
          }
          return respond(
              DonePage("Sign-in declined", fmt::format("You declined to sign in to {} on the other "
                                                       "device.",
                                                       name)));
        }
        const bool approved = device_codes_.Approve(
            code,
            {.subject = {result.subject->tenant_id, result.subject->object_id},
             .credential = {result.credential->tenant_id, result.credential->object_id},
             .credential_stamp = refresh_tokens_.CredentialStamp(result.credential->secret_hash),
             .auth_time = at},
            at);
        if (!approved) {
          return respond(EnterCodePage(*shared_request, 400, code, std::string(kBadCode)));
        }
        respond(DonePage("You're signed in",
                         fmt::format("You have signed in to {} on your other device as {}.", name,
                                     result.credential->name)));
      });
}

}  // namespace pal::api
