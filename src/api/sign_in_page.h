#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http_message.h"

namespace pal::api {

// The token service's own HTML pages (the sign-in page of the authorization code flow and the
// device code verification page): server-rendered, no script, everything echoed escaped, and
// sent with no-store, frame-deny and a Content-Security-Policy that allows only the page's own
// style and forms posted back to this server (and, after a sign-in, the redirect to
// `form_target`'s origin).

// `text` with &, <, >, " and ' as character references.
std::string HtmlEscape(std::string_view text);

// One field of a page's form.
struct PageField {
  enum class Kind { kHidden, kText, kPassword };
  Kind kind = Kind::kHidden;
  std::string name{};
  std::string value{};
  std::string label{};         // kText, kPassword
  std::string autocomplete{};  // kText, kPassword
};

// One page: a heading, paragraphs of text, an error (if any), and a form posted to `action`
// with `fields` and one submit button per (name=value, label) of `buttons`.
struct PageContent {
  std::string title{};
  std::vector<std::string> paragraphs{};
  std::string error{};  // shown in an alert; empty for none
  std::string action{};
  std::vector<PageField> fields{};
  struct Button {
    std::string name{}, value{}, label{};
    bool primary = true;
  };
  std::vector<Button> buttons{};
};

// The page as an answer of `status`. `redirect_origin` ("http://localhost:8400"), when not
// empty, is the origin the form's answer may redirect to (CSP form-action).
HttpResponse RenderPage(int status, const PageContent& content,
                        std::string_view redirect_origin = "");

// The origin ("scheme://host[:port]") of an absolute URL; empty if it has none.
std::string OriginOf(std::string_view url);

// Anti-forgery for the pages' forms: a random token set as a SameSite=Strict, HttpOnly cookie
// when a form is shown and repeated in a hidden field; a post is genuine when both are there
// and equal and its Origin header, if any, is the server's. Cross-site posts carry no such
// cookie.
inline constexpr std::string_view kFormTokenField = "form_token";
// A new token for a page being shown; sets its cookie on `response`.
std::string NewFormToken();
void SetFormTokenCookie(HttpResponse& response, std::string_view token, bool secure);
// True when `request` (a POST whose form gave `form_token`) is genuine.
bool FormTokenMatches(const HttpRequest& request, std::string_view form_token);

// 302 to `location`, no-store.
HttpResponse Redirect(std::string location);

}  // namespace pal::api
