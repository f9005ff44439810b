// The authorization endpoint of the authorization code flow (RFC 6749 §4.1 with PKCE, RFC
// 7636): checks the request, shows the sign-in page, checks the password posted back, and
// redirects to the client with a single-use code.
#include <fmt/format.h>

#include <memory>

#include "api/page_sign_in.h"
#include "api/public_clients.h"
#include "api/sign_in_page.h"
#include "api/token_grant.h"
#include "api/url_encoding.h"
#include "core/text.h"
#include "identity/pkce.h"

namespace pal::api {
namespace {

// The authorization request's parameters, carried through the sign-in page's form.
struct AuthorizeParams {
  std::string client_id, redirect_uri, response_type, response_mode, scope, state, nonce,
      code_challenge, code_challenge_method, login_hint, prompt;
};

constexpr std::string_view kParamNames[] = {
    "client_id", "redirect_uri",   "response_type",         "response_mode", "scope", "state",
    "nonce",     "code_challenge", "code_challenge_method", "login_hint",    "prompt"};

std::string* ParamSlot(AuthorizeParams& p, std::size_t i) {
  std::string* const slots[] = {&p.client_id,     &p.redirect_uri,   &p.response_type,
                                &p.response_mode, &p.scope,          &p.state,
                                &p.nonce,         &p.code_challenge, &p.code_challenge_method,
                                &p.login_hint,    &p.prompt};
  return slots[i];
}

// The parameters of `pairs` (the first of each name), and the page's own fields.
struct AuthorizeForm {
  AuthorizeParams params;
  std::string username, password, form_token;
};

AuthorizeForm ReadAuthorizeForm(const std::vector<std::pair<std::string, std::string>>& pairs) {
  AuthorizeForm form;
  std::vector<std::string_view> seen;
  for (const auto& [name, value] : pairs) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    for (std::size_t i = 0; i < std::size(kParamNames); ++i) {
      if (name == kParamNames[i]) *ParamSlot(form.params, i) = value;
    }
    if (name == "username") form.username = value;
    if (name == "password") form.password = value;
    if (name == kFormTokenField) form.form_token = value;
  }
  return form;
}

// `redirect_uri` with `fields` added to its query, or as its fragment for response_mode=fragment.
std::string RedirectWith(const AuthorizeParams& p,
                         const std::vector<std::pair<std::string_view, std::string>>& fields) {
  const bool fragment = p.response_mode == "fragment";
  std::string url = p.redirect_uri;
  char separator = fragment ? '#' : (url.find('?') == std::string::npos ? '?' : '&');
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    url += separator;
    url += fmt::format("{}={}", name, PercentEncode(value));
    separator = '&';
  }
  return url;
}

HttpResponse ErrorPage(int status, int code, const std::string& message) {
  PageContent page;
  page.title = "Sign-in failed";
  page.error = code ? fmt::format("AADSTS{}: {}", code, message) : message;
  return RenderPage(status, page);
}

}  // namespace

void TokenService::Authorize(const HttpRequest& request, const AuthorityPath& path,
                             Respond respond) {
  const bool post = request.method == "POST";
  if (request.method != "GET" && !post) {
    return respond(ErrorPage(405, 900561, "The endpoint only accepts GET and POST requests."));
  }
  AuthorizeForm form =
      ReadAuthorizeForm(ParseFormEncoded(post ? std::string_view(request.body) : request.query));
  AuthorizeParams& p = form.params;
  const std::string tenant = path.kind == AuthorityKind::kAdfs ? "adfs" : path.tenant;

  // Until the client and its redirect URI are known good, errors are shown, not redirected.
  const PublicClient* client = FindPublicClient(p.client_id);
  if (!client) {
    return respond(ErrorPage(
        400, 700016,
        fmt::format("Application with identifier '{}' was not found in the directory '{}'. pal "
                    "signs users in interactively for the Azure CLI, Azure PowerShell and its "
                    "portal.",
                    p.client_id, tenant)));
  }
  if (!RedirectUriAllowed(*client, p.redirect_uri, options_.base_urls)) {
    return respond(ErrorPage(
        400, 50011,
        fmt::format("The redirect URI '{}' specified in the request does not match the redirect "
                    "URIs configured for the application '{}'. Public clients may use "
                    "http://localhost:<port>.",
                    p.redirect_uri, client->client_id)));
  }
  if (path.kind == AuthorityKind::kEntra && !EqualsIgnoreCase(tenant, "organizations") &&
      !EqualsIgnoreCase(tenant, "common")) {
    auto id = Guid::Parse(tenant);
    auto found =
        id ? store_.directory().FindTenant(*id) : Result<std::optional<Tenant>>(std::nullopt);
    if (!found.ok() || !*found) {
      return respond(ErrorPage(400, 90002, fmt::format("Tenant '{}' not found.", tenant)));
    }
  }

  // Then to the client, as RFC 6749 §4.1.2.1 has it.
  auto refuse = [&](std::string_view error, int code, std::string description) {
    if (p.response_mode != "fragment") p.response_mode = "query";
    respond(Redirect(
        RedirectWith(p, {{"error", std::string(error)},
                         {"error_description", fmt::format("AADSTS{}: {}", code, description)},
                         {"error_codes", std::to_string(code)},
                         {"state", p.state}})));
  };
  if (p.response_type != "code") {
    return refuse("unsupported_response_type", 700054,
                  fmt::format("response_type '{}' is not enabled for the application: pal "
                              "answers 'code' only.",
                              p.response_type));
  }
  if (!p.response_mode.empty() && p.response_mode != "query" && p.response_mode != "fragment") {
    const std::string mode = p.response_mode;
    return refuse("invalid_request", 900144,
                  fmt::format("response_mode '{}' is not supported: use query or fragment.", mode));
  }
  if (p.code_challenge.empty()) {
    return refuse("invalid_request", 9002325,
                  "Proof Key for Code Exchange is required for cross-origin authorization code "
                  "redemption: send code_challenge and code_challenge_method=S256.");
  }
  if (p.code_challenge_method != "S256") {
    return refuse("invalid_request", 50149,
                  "Invalid Code_Challenge_method parameter: pal accepts S256 only.");
  }
  if (!identity::IsValidS256Challenge(p.code_challenge)) {
    return refuse("invalid_request", 501491, "Invalid size of Code_Challenge parameter.");
  }
  Grant scope_check;
  scope_check.tenant = tenant;
  scope_check.scope = p.scope;
  if (FindResource(request, scope_check)) {
    return refuse("invalid_scope", 500011,
                  fmt::format("The scope '{}' names no resource of this server: ask for "
                              "'<resource>/.default'.",
                              p.scope));
  }
  if (p.prompt == "none") {
    return refuse("login_required", 50058,
                  "A silent sign-in request was sent but no user is signed in.");
  }

  auto sign_in = std::make_shared<PageSignIn>();
  sign_in->authority = path.kind;
  sign_in->tenant = tenant;
  sign_in->username = form.username.empty() ? p.login_hint : form.username;
  for (std::size_t i = 0; i < std::size(kParamNames); ++i) {
    const std::string& value = *ParamSlot(p, i);
    if (!value.empty()) sign_in->carried.emplace_back(kParamNames[i], value);
  }
  if (!post) return SignInAndRedirect(request, sign_in, std::move(respond));
  if (!FormTokenMatches(request, form.form_token)) {
    sign_in->error = "This sign-in page has expired or was sent from another site. Sign in again.";
    return SignInAndRedirect(request, sign_in, std::move(respond));
  }
  sign_in->password = std::move(form.password);
  auto shared_request = std::make_shared<HttpRequest>(request);
  CheckPageSignIn(request, sign_in, [this, shared_request, sign_in, respond](const PageSignIn&) {
    SignInAndRedirect(*shared_request, sign_in, respond);
  });
}

void TokenService::SignInAndRedirect(const HttpRequest& request,
                                     std::shared_ptr<PageSignIn> sign_in, Respond respond) {
  const AuthorizeParams p = ReadAuthorizeForm(sign_in->carried).params;
  const PublicClient* client = FindPublicClient(p.client_id);
  const std::string client_name = client ? std::string(client->name) : p.client_id;
  if (sign_in->ok()) {
    const Timestamp now = clock_.Now();
    auto code = authorization_codes_.Issue(
        {.client_id = p.client_id,
         .redirect_uri = p.redirect_uri,
         .code_challenge = p.code_challenge,
         .scope = p.scope,
         .nonce = p.nonce,
         .authority = sign_in->authority,
         .tenant = sign_in->tenant,
         .subject = {sign_in->subject->tenant_id, sign_in->subject->object_id},
         .credential = {sign_in->credential->tenant_id, sign_in->credential->object_id},
         .credential_stamp = refresh_tokens_.CredentialStamp(sign_in->credential->secret_hash),
         .auth_time = now},
        now);
    if (!code) {
      return respond(ErrorPage(503, 90033, "The sign-in service is busy. Try again later."));
    }
    return respond(Redirect(RedirectWith(p, {{"code", *code}, {"state", p.state}})));
  }
  PageContent page;
  page.title = "Sign in";
  page.paragraphs = {
      fmt::format("{} asks you to sign in to pal.", client_name),
      fmt::format("After you sign in you will be sent back to {}.", OriginOf(p.redirect_uri))};
  page.error =
      sign_in->code ? fmt::format("AADSTS{}: {}", sign_in->code, sign_in->error) : sign_in->error;
  page.action = request.path;
  for (const auto& [name, value] : sign_in->carried)
    page.fields.push_back({.name = name, .value = value});
  const std::string token = NewFormToken();
  page.fields.push_back({.name = std::string(kFormTokenField), .value = token});
  page.fields.push_back({.kind = PageField::Kind::kText,
                         .name = "username",
                         .value = sign_in->username,
                         .label = "Username",
                         .autocomplete = "username"});
  page.fields.push_back({.kind = PageField::Kind::kPassword,
                         .name = "password",
                         .label = "Password",
                         .autocomplete = "current-password"});
  page.buttons.push_back({.name = "action", .value = "signin", .label = "Sign in"});
  HttpResponse response = RenderPage(200, page, OriginOf(p.redirect_uri));
  SetFormTokenCookie(response, token, request.base_url.starts_with("https:"));
  respond(std::move(response));
}

}  // namespace pal::api
