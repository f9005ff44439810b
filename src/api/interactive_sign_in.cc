// The password check of the token service's pages: the password grant's steps (the tenant, the
// lockouts, guests, unknown names checked against the same hash) with answers for a person.
#include <fmt/format.h>

#include <memory>

#include "api/page_sign_in.h"
#include "api/token_grant.h"
#include "core/text.h"
#include "identity/secret_hash.h"

namespace pal::api {
namespace {

std::string RetryAfterOf(const HttpResponse& response) {
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "Retry-After")) return value;
  }
  return "60";
}

}  // namespace

void TokenService::CheckPageSignIn(const HttpRequest& request, std::shared_ptr<PageSignIn> sign_in,
                                   std::function<void(const PageSignIn&)> done) {
  auto fail = [&](int code, std::string message) {
    sign_in->code = code;
    sign_in->error = std::move(message);
    done(*sign_in);
  };
  if (auto locked = RefuseLockedAddress(request)) {
    return fail(50196, fmt::format("Too many failed sign-ins from this address. Try again in {} "
                                   "seconds.",
                                   RetryAfterOf(*locked)));
  }
  if (sign_in->username.empty() || sign_in->password.empty()) {
    return fail(0, "Enter your user name and password.");
  }
  auto grant = std::make_shared<Grant>();
  grant->authority = sign_in->authority;
  grant->tenant = sign_in->tenant;
  grant->grant_type = "password";
  grant->username = sign_in->username;
  grant->password = sign_in->password;
  if (FindTenant(request, *grant)) {
    return fail(90002, fmt::format("Tenant '{}' not found.", sign_in->tenant));
  }
  if (auto locked = RefuseLockedAccount(request, *grant)) {
    return fail(50053, fmt::format("Your account is locked: you've tried to sign in too many times "
                                   "with an incorrect user name or password. Try again in {} "
                                   "seconds.",
                                   RetryAfterOf(*locked)));
  }
  FindAccount(*grant);
  auto shared_request = std::make_shared<HttpRequest>(request);
  const bool queued = RunCheck([this, grant, sign_in, shared_request, done]() {
    const std::string& hash =
        grant->principal ? grant->credential->secret_hash : unknown_account_hash_;
    const bool verified = identity::VerifySecret(hash, grant->password);
    if (!grant->principal || !verified) {
      RecordFailure(grant->account_key, *shared_request);
      sign_in->code = 50126;
      sign_in->error = "Your account or password is incorrect.";
      return done(*sign_in);
    }
    if (options_.accounts) options_.accounts->RecordSuccess(grant->account_key);
    const auto& expires_at = grant->credential->secret_expires_at;
    if (expires_at && clock_.Now() >= *expires_at) {
      sign_in->code = 50055;
      sign_in->error = "Your password has expired. Ask an administrator to reset it.";
      return done(*sign_in);
    }
    sign_in->subject = grant->principal;
    sign_in->credential = grant->credential;
    done(*sign_in);
  });
  if (!queued) fail(90033, "The sign-in service is busy. Try again in a second.");
}

}  // namespace pal::api
