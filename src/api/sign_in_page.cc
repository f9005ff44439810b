#include "api/sign_in_page.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include "core/text.h"
#include "identity/base64url.h"
#include "identity/random.h"

namespace pal::api {
namespace {

constexpr std::string_view kCookieName = "pal_form_token";
constexpr std::size_t kFormTokenBytes = 24;
constexpr int kFormTokenMaxAgeSeconds = 1800;

constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;background:#f5f6f8;color:#1b1f24;margin:0}"
    "main{max-width:26rem;margin:8vh auto;background:#fff;padding:2rem;border-radius:8px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
    "h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:1rem 0 .25rem}"
    "input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;"
    "font-size:1rem}"
    ".actions{margin-top:1.5rem;display:flex;gap:.5rem}"
    "button{padding:.5rem 1.2rem;font-size:1rem;border:1px solid #0b5cad;border-radius:4px;"
    "background:#fff;color:#0b5cad}button.primary{background:#0b5cad;color:#fff}"
    ".error{background:#fde7e9;border-left:4px solid #a4262c;padding:.75rem;margin:1rem 0}"
    ".brand{color:#0b5cad;font-weight:600;margin:0 0 .5rem}";

std::string RenderField(const PageField& field) {
  const std::string name = HtmlEscape(field.name);
  const std::string value = HtmlEscape(field.value);
  if (field.kind == PageField::Kind::kHidden) {
    return fmt::format(R"(<input type="hidden" name="{}" value="{}">)", name, value);
  }
  const bool password = field.kind == PageField::Kind::kPassword;
  return fmt::format(
      R"(<label for="{0}">{1}</label><input id="{0}" name="{0}" type="{2}" value="{3}" )"
      R"(autocomplete="{4}"{5}>)",
      name, HtmlEscape(field.label), password ? "password" : "text", password ? "" : value,
      HtmlEscape(field.autocomplete),
      password ? "" : R"( autocapitalize="none" spellcheck="false" autofocus)");
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

HttpResponse RenderPage(int status, const PageContent& content, std::string_view redirect_origin) {
  std::string body = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{0} · pal</title><style>{1}</style></head><body><main>"
      "<p class=\"brand\">pal</p><h1>{0}</h1>",
      HtmlEscape(content.title), kStyle);
  for (const auto& paragraph : content.paragraphs) {
    body += fmt::format("<p>{}</p>", HtmlEscape(paragraph));
  }
  if (!content.error.empty()) {
    body += fmt::format(R"(<div class="error" role="alert">{}</div>)", HtmlEscape(content.error));
  }
  if (!content.action.empty()) {
    body += fmt::format(R"(<form method="post" action="{}">)", HtmlEscape(content.action));
    for (const auto& field : content.fields) body += RenderField(field);
    body += R"(<div class="actions">)";
    for (const auto& button : content.buttons) {
      body += fmt::format(R"(<button type="submit" name="{}" value="{}"{}>{}</button>)",
                          HtmlEscape(button.name), HtmlEscape(button.value),
                          button.primary ? R"( class="primary")" : "", HtmlEscape(button.label));
    }
    body += "</div></form>";
  }
  body += "</main></body></html>\n";

  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  // Not no-referrer: under it a browser posts the form with "Origin: null", which the
  // anti-forgery check refuses. Other sites get no referrer either way.
  response.SetHeader("Referrer-Policy", "same-origin");
  std::string form_action = "'self'";
  if (!redirect_origin.empty()) form_action += " " + std::string(redirect_origin);
  response.SetHeader("Content-Security-Policy",
                     fmt::format("default-src 'none'; style-src 'unsafe-inline'; form-action {}; "
                                 "frame-ancestors 'none'; base-uri 'none'",
                                 form_action));
  return response;
}

std::string OriginOf(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string();
  const std::size_t end = url.find_first_of("/?#", scheme + 3);
  return std::string(url.substr(0, end));
}

std::string NewFormToken() {
  return identity::Base64UrlEncode(identity::RandomBytes(kFormTokenBytes));
}

void SetFormTokenCookie(HttpResponse& response, std::string_view token, bool secure) {
  response.SetHeader(
      "Set-Cookie",
      fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", kCookieName, token,
                  kFormTokenMaxAgeSeconds, secure ? "; Secure" : ""));
}

bool FormTokenMatches(const HttpRequest& request, std::string_view form_token) {
  if (auto origin = request.Header("Origin")) {
    if (!EqualsIgnoreCase(*origin, request.base_url)) return false;
  }
  if (form_token.empty()) return false;
  for (const auto& [name, value] : request.headers) {
    if (!EqualsIgnoreCase(name, "Cookie")) continue;
    for (std::string_view rest = value; !rest.empty();) {
      const std::size_t semicolon = rest.find(';');
      std::string_view pair = rest.substr(0, semicolon);
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      while (pair.starts_with(' ')) pair.remove_prefix(1);
      if (!pair.starts_with(kCookieName) || pair.size() <= kCookieName.size() ||
          pair[kCookieName.size()] != '=') {
        continue;
      }
      const std::string_view cookie = pair.substr(kCookieName.size() + 1);
      if (cookie.size() == form_token.size() &&
          CRYPTO_memcmp(cookie.data(), form_token.data(), cookie.size()) == 0) {
        return true;
      }
    }
  }
  return false;
}

HttpResponse Redirect(std::string location) {
  HttpResponse response;
  response.status = 302;
  response.SetHeader("Location", std::move(location));
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  response.SetHeader("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace pal::api
