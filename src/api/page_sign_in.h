#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/token_service.h"
#include "core/principal.h"

namespace pal::api {

// A user name and password given on one of the token service's pages (the sign-in page, the
// device code verification page), and what checking them found. Private to the token
// service's files.
struct TokenService::PageSignIn {
  AuthorityKind authority = AuthorityKind::kEntra;
  std::string tenant;  // the authority's tenant segment ("adfs" for ADFS)
  std::string username, password;
  // The request's parameters the page's form carries through (hidden fields).
  std::vector<std::pair<std::string, std::string>> carried;

  // The result: the tokens' subject and whose password was checked, or a refusal for the page
  // (Entra's AADSTS code, 0 if it has none, and the words shown).
  std::optional<Principal> subject, credential;
  int code = 0;
  std::string error;

  bool ok() const { return subject.has_value(); }
};

}  // namespace pal::api
