// The token endpoint's authorization_code grant (with PKCE) and device_code grant: the code is
// this server's, unused, unexpired and bound to the client (and to the redirect URI and the
// verifier); the user it stands for still holds the password they signed in with. The answer
// is the password grant's.
#include <fmt/format.h>

#include <memory>

#include "api/token_grant.h"
#include "core/text.h"
#include "identity/pkce.h"

namespace pal::api {

void TokenService::RedeemCodeAndAnswer(const HttpRequest& request, std::shared_ptr<Grant> grant,
                                       Respond respond) {
  // Store reads and signing: off the network threads.
  auto shared_request = std::make_shared<HttpRequest>(request);
  run_blocking_([this, grant, shared_request, respond]() {
    respond(grant->code_grant ? AnswerAuthorizationCode(*shared_request, *grant)
                              : AnswerDeviceCode(*shared_request, *grant));
  });
}

HttpResponse TokenService::AnswerAuthorizationCode(const HttpRequest& request, Grant& grant) {
  if (grant.code_verifier.empty()) {
    return TokenError(400, "invalid_request", 900144,
                      "The request body must contain the following parameter: 'code_verifier'. "
                      "pal requires PKCE (S256).",
                      request);
  }
  auto redeemed = authorization_codes_.Redeem(grant.code, clock_.Now());
  switch (redeemed.outcome) {
    case CodeRedemption::kRedeemed:
      break;
    case CodeRedemption::kUnknown:
      return TokenError(400, "invalid_grant", 70000,
                        "Provided grant is invalid or malformed: the authorization code was not "
                        "issued by this server, or the server restarted since.",
                        request);
    case CodeRedemption::kAlreadyRedeemed:
      return TokenError(400, "invalid_grant", 54005,
                        "OAuth2 Authorization code was already redeemed, please retry with a new "
                        "valid code or use an existing refresh token.",
                        request);
    case CodeRedemption::kExpired:
      return TokenError(400, "invalid_grant", 70008,
                        "The provided authorization code or refresh token has expired due to "
                        "inactivity. Send a new interactive authorization request for this user "
                        "and resource.",
                        request);
  }
  const AuthorizationCodeGrant& code = *redeemed.grant;
  if (!EqualsIgnoreCase(code.client_id, grant.client_id)) {
    return TokenError(400, "invalid_grant", 70000,
                      fmt::format("Provided grant is invalid or malformed: the authorization "
                                  "code was issued to another client than '{}'.",
                                  grant.client_id),
                      request);
  }
  if (code.redirect_uri != grant.redirect_uri) {
    return TokenError(400, "invalid_grant", 50011,
                      fmt::format("The reply address '{}' does not match the reply address "
                                  "'{}' provided when requesting Authorization code.",
                                  grant.redirect_uri, code.redirect_uri),
                      request);
  }
  if (!identity::VerifyS256(grant.code_verifier, code.code_challenge)) {
    return TokenError(400, "invalid_grant", 501481,
                      "The Code_Verifier does not match the code_challenge supplied in the "
                      "authorization request.",
                      request);
  }
  if (auto refused =
          LoadCodeAccount(request, grant, code.subject, code.credential, code.credential_stamp)) {
    return std::move(*refused);
  }
  grant.nonce = code.nonce;
  if (grant.scope.empty()) grant.scope = code.scope;
  if (auto refused = FindResource(request, grant)) return std::move(*refused);
  grant.auth_time = code.auth_time;
  return IssueToken(request, grant);
}

HttpResponse TokenService::AnswerDeviceCode(const HttpRequest& request, Grant& grant) {
  auto polled = device_codes_.Poll(grant.device_code, grant.client_id, clock_.Now());
  const auto interval = device_codes_.timing().interval / kMicrosPerSecond;
  switch (polled.outcome) {
    case DevicePoll::kApproved:
      break;
    case DevicePoll::kPending:
      return TokenError(400, "authorization_pending", 70016,
                        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
                        request);
    case DevicePoll::kSlowDown:
      return TokenError(400, "slow_down", 70016,
                        fmt::format("OAuth 2.0 device flow error. Authorization is pending. Poll "
                                    "at most once every {} seconds.",
                                    interval),
                        request);
    case DevicePoll::kExpired:
      return TokenError(400, "expired_token", 70020,
                        "The provided value for the input parameter 'device_code' is not valid. "
                        "This device code has expired.",
                        request);
    case DevicePoll::kDeclined:
      return TokenError(400, "authorization_declined", 65004,
                        "User declined to consent to access the app.", request);
    case DevicePoll::kBadCode:
      return TokenError(400, "bad_verification_code", 70018,
                        "Invalid verification code: the device_code was not issued to this "
                        "client by this server, or it was used already.",
                        request);
  }
  const DeviceCodeApproval& approval = *polled.approval;
  if (auto refused = LoadCodeAccount(request, grant, approval.subject, approval.credential,
                                     approval.credential_stamp)) {
    return std::move(*refused);
  }
  if (grant.scope.empty()) grant.scope = polled.request->scope;
  if (auto refused = FindResource(request, grant)) return std::move(*refused);
  grant.auth_time = approval.auth_time;
  return IssueToken(request, grant);
}

std::optional<HttpResponse> TokenService::LoadCodeAccount(const HttpRequest& request, Grant& grant,
                                                          const PrincipalKey& subject,
                                                          const PrincipalKey& credential,
                                                          const std::string& stamp) const {
  // The token endpoint's tenant, when it names one, is the one signed in to.
  if (grant.authority == AuthorityKind::kEntra) {
    auto tenant = Guid::Parse(grant.tenant);
    if (tenant && *tenant != subject.tenant_id) {
      return TokenError(400, "invalid_grant", 700005,
                        "Provided Authorization Code is intended to use against other tenant, "
                        "thus rejected.",
                        request);
    }
  }
  auto found_subject = store_.directory().FindPrincipal(subject);
  auto found_credential = store_.directory().FindPrincipal(credential);
  if (!found_subject.ok() || !found_credential.ok()) {
    return TokenError(500, "server_error", 50000, "The directory could not be read.", request);
  }
  if (!*found_subject || !*found_credential) {
    return TokenError(400, "invalid_grant", 50034,
                      fmt::format("The user account {} does not exist in the {} directory. To "
                                  "sign into this application, the account must be added to the "
                                  "directory.",
                                  subject.object_id.ToString(), subject.tenant_id.ToString()),
                      request);
  }
  if (refresh_tokens_.CredentialStamp((*found_credential)->secret_hash) != stamp) {
    return TokenError(400, "invalid_grant", 50173,
                      "The provided grant has expired due to it being revoked, a fresh auth "
                      "token is needed. The user might have changed or reset their password.",
                      request);
  }
  grant.principal = **found_subject;
  grant.credential = **found_credential;
  return std::nullopt;
}

}  // namespace pal::api
