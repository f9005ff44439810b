#pragma once

#include <optional>
#include <string>

#include "api/token_service.h"
#include "core/principal.h"

namespace pal::api {

// One token request as TokenService's steps learn it. Private to the token service's files.
struct TokenService::Grant {
  AuthorityKind authority = AuthorityKind::kEntra;
  // The path's tenant segment: an id, "organizations" or "common"; "adfs" for the ADFS
  // authority (named so in messages).
  std::string tenant;
  // The form's fields.
  std::string grant_type, client_id, client_secret, scope, username, password, refresh_token,
      client_info, nonce;
  // A JWT instead of the secret (client_credentials): client_assertion_grant.cc.
  std::string client_assertion_type, client_assertion;
  std::string code, code_verifier, redirect_uri, device_code;  // code_grants.cc
  bool app_grant = false;                                      // client_credentials
  bool refresh_grant = false;                                  // refresh_token; else password
  bool code_grant = false;                                     // authorization_code
  bool device_grant = false;                                   // device_code
  std::optional<Guid> tenant_id;                               // the tenant signed in to
  std::optional<Principal> home_user;  // found by its sign-in name ("organizations", ...)
  // Nobody signs in with that name, or no application has that id, in any tenant (an authority
  // without a tenant): answered after a check, as a wrong secret is.
  bool unknown_account = false;
  std::string resource;       // the token's audience
  std::string default_scope;  // the "{resource}/.default" scope as requested
  // A user is throttled by its sign-in name (a guest signs in with its home user's), an
  // application by its tenant and app id; names that do not exist are throttled alike.
  std::string account_key;
  std::optional<Principal> principal;   // the token's subject
  std::optional<Principal> credential;  // whose secret is checked: the subject, or a guest's home
  Timestamp auth_time = 0;              // refresh: when the secret was given; else now

  const std::string& secret() const { return app_grant ? client_secret : password; }
};

}  // namespace pal::api
