#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/authorization_codes.h"
#include "api/device_codes.h"
#include "api/hashing_pool.h"
#include "api/http_message.h"
#include "api/sign_in_throttle.h"
#include "api/token_authority.h"
#include "core/clock.h"
#include "identity/assertion_replay_cache.h"
#include "identity/federated_issuer_keys.h"
#include "identity/refresh_token.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "store/store.h"

namespace pal::api {

// Runs slow, blocking work (argon2id checks) off the network threads.
using BlockingRunner = std::function<void(std::function<void()>)>;

struct TokenServiceOptions {
  // Base URLs the server answers on, e.g. "https://localhost:8443"; the first is canonical.
  // Tokens are issued for "{base}/{tenant}/v2.0" (or "{base}/adfs") with the base the client
  // addressed.
  std::vector<std::string> base_urls;
  // Resources a token may be requested for ("{resource}/.default").
  std::vector<std::string> audiences;
  // Failed sign-ins per user (its sign-in name) and per application (tenant + app id): a
  // locked account is refused with AADSTS50053 and Retry-After, its secret not checked.
  // Null: no lockout.
  SignInThrottle* accounts = nullptr;
  // Failed sign-ins per client address: a locked address gets 429 for every token request.
  // Null: no limit.
  SignInThrottle* addresses = nullptr;
  // Where secrets are checked; a full queue answers 503. Null: on the blocking runner.
  HashingPool* hashing = nullptr;
  // How long a device code lives and how often its client may poll.
  DeviceCodeTiming device_codes{};
  // The keys of the issuers federated credentials trust. Null: no federated sign-in (AADSTS50166).
  identity::IssuerKeySource* federated_issuers = nullptr;
};

// The Entra-compatible token service, as two authorities over one directory (token_authority.h):
// OIDC discovery, JWKS and the token endpoint with the client_credentials (service
// principals), password (users, guests) and refresh_token grants; Entra's user realm answer.
// A user's tokens come as Entra's v2.0 endpoint answers them: with the scope granted, and,
// when the request asks for them, an ID token ("openid"), client_info ("client_info=1") and a
// refresh token ("offline_access"). Refresh tokens are signed, not stored
// (identity/refresh_token.h): each use answers a new one (the old one stays valid until it
// lapses, as Entra's do), and resetting the user's secret revokes them all.
// Errors follow Entra's {"error","error_description","error_codes",...} shape. An unknown
// user or application costs the same secret check (against a hash of the same parameters) as
// a known one, and an unknown user gets the same answer as a wrong password. Thread-safe.
class TokenService {
 public:
  TokenService(store::Store& store, const identity::SigningKey& key,
               const identity::TokenIssuer& issuer, const Clock& clock, TokenServiceOptions options,
               BlockingRunner run_blocking);

  // If `request` is for one of the token service's paths, answers it and returns true.
  bool TryHandle(const HttpRequest& request, const Respond& respond);

  // The base URL a token's issuer uses for a request (the addressed one if known).
  std::string BaseUrlFor(const HttpRequest& request) const;

 private:
  HttpResponse OpenIdConfiguration(const HttpRequest& request, const AuthorityPath& path) const;
  HttpResponse Jwks(const HttpRequest& request) const;
  // The token endpoint: runs the steps below in order; the first refusal is the answer.
  void Token(const HttpRequest& request, const AuthorityPath& path, Respond respond);

  // One token request as the steps learn it (token_grant.h).
  struct Grant;
  // Each step either fills in more of `grant` or returns the answer that refuses the request.
  // 429 while the client address is locked out.
  std::optional<HttpResponse> RefuseLockedAddress(const HttpRequest& request) const;
  // The form's fields, each given at most once.
  std::optional<HttpResponse> ReadForm(const HttpRequest& request, Grant& grant) const;
  // A supported grant type, and the fields it needs; a user's client id is a GUID.
  std::optional<HttpResponse> RequireFields(const HttpRequest& request, Grant& grant) const;
  // The tenant signed in to: the path's, or the account's home tenant ("organizations",
  // "common" and the ADFS authority: found by the sign-in name or the application id).
  std::optional<HttpResponse> FindTenant(const HttpRequest& request, Grant& grant) const;
  // The resource of the first "{resource}/.default" scope, one of the audiences.
  std::optional<HttpResponse> FindResource(const HttpRequest& request, Grant& grant) const;
  // AADSTS50053 while the user or application is locked out (its secret is not checked).
  std::optional<HttpResponse> RefuseLockedAccount(const HttpRequest& request, Grant& grant) const;
  // The token's subject and whose secret is checked (a guest's home user's); none if unknown.
  void FindAccount(Grant& grant) const;
  // Checks the secret off the network threads (503 when the hashing pool is full) and answers.
  void CheckSecretAndAnswer(const HttpRequest& request, std::shared_ptr<const Grant> grant,
                            Respond respond) const;
  // After the check: an unknown account, a wrong or an expired secret is refused, else the
  // token is issued.
  HttpResponse AnswerCheckedSecret(const HttpRequest& request, const Grant& grant,
                                   bool verified) const;

  // A client assertion instead of a secret (client_assertion_grant.cc): its form fields, each
  // given once, together and of the JWT bearer type; then, off the network threads, checked against
  // the application's certificates or federated credentials (AADSTS codes, a failed sign-in
  // counted), and the token issued.
  std::optional<HttpResponse> RequireAssertionFields(const HttpRequest& request,
                                                     Grant& grant) const;
  void CheckAssertionAndAnswer(const HttpRequest& request, std::shared_ptr<const Grant> grant,
                               Respond respond) const;
  HttpResponse AnswerAssertion(const HttpRequest& request, const Grant& grant) const;

  // The refresh_token grant (refresh_grant.cc), off the network threads: the token must be
  // this server's, unexpired, issued to this client, for an account that still exists with the
  // credential it was issued for; the tenant is the path's (through a guest account) or the
  // account's own.
  void RefreshAndAnswer(const HttpRequest& request, std::shared_ptr<Grant> grant,
                        Respond respond) const;
  HttpResponse AnswerRefresh(const HttpRequest& request, Grant& grant) const;

  // Interactive sign-in: the authorization endpoint and its sign-in page
  // (authorization_code_flow.cc), the device authorization endpoint and the verification page
  // (device_code_flow.cc), the password check both pages make (interactive_sign_in.cc) and the
  // token endpoint's authorization_code and device_code grants (code_grants.cc).
  struct PageSignIn;
  void Authorize(const HttpRequest& request, const AuthorityPath& path, Respond respond);
  void SignInAndRedirect(const HttpRequest& request, std::shared_ptr<PageSignIn> sign_in,
                         Respond respond);
  HttpResponse DeviceAuthorization(const HttpRequest& request, const AuthorityPath& path);
  void DeviceLogin(const HttpRequest& request, Respond respond);
  // Checks a page's user name and password (lockouts, guests and unknown names as the password
  // grant), off the network threads, then calls `done` with the result.
  void CheckPageSignIn(const HttpRequest& request, std::shared_ptr<PageSignIn> sign_in,
                       std::function<void(const PageSignIn&)> done);
  void RedeemCodeAndAnswer(const HttpRequest& request, std::shared_ptr<Grant> grant,
                           Respond respond);
  HttpResponse AnswerAuthorizationCode(const HttpRequest& request, Grant& grant);
  HttpResponse AnswerDeviceCode(const HttpRequest& request, Grant& grant);
  // Fills `grant` with the user a code stands for, if it still holds the credential it signed
  // in with; else the refusal.
  std::optional<HttpResponse> LoadCodeAccount(const HttpRequest& request, Grant& grant,
                                              const PrincipalKey& subject,
                                              const PrincipalKey& credential,
                                              const std::string& stamp) const;

  // The successful answer (token_answer.cc): the access token, and for users the scope, the
  // ID token, client_info and a refresh token as asked for.
  HttpResponse IssueToken(const HttpRequest& request, const Grant& grant) const;
  HttpResponse TokenError(int status, std::string_view error, int code,
                          std::string_view description, const HttpRequest& request) const;
  // Counts a failed sign-in of `account_key` from the request's client address.
  void RecordFailure(const std::string& account_key, const HttpRequest& request) const;
  // Runs a secret check on the hashing pool (or the blocking runner); false if it is full.
  bool RunCheck(std::function<void()> work) const;

  store::Store& store_;
  const identity::SigningKey& key_;
  const identity::TokenIssuer& issuer_;
  const Clock& clock_;
  TokenServiceOptions options_;
  BlockingRunner run_blocking_;
  identity::RefreshTokenCodec refresh_tokens_;
  AuthorizationCodes authorization_codes_;
  DeviceCodes device_codes_;
  std::string unknown_account_hash_;  // checked for users and applications that do not exist
  // The jti of every certificate assertion accepted, until it lapses (this process's only).
  std::unique_ptr<identity::AssertionReplayCache> assertion_ids_ =
      std::make_unique<identity::AssertionReplayCache>();
};

}  // namespace pal::api
