#include "api/static_files.h"

#include <array>
#include <utility>

#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
}};

// Only what the page itself ships: nothing from another origin, no framing.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src "
    "'none'; "
    "base-uri 'self'; frame-ancestors 'none'";

HttpResponse Plain(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  return response;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view path) {
  for (const auto& [ext, type] : kContentTypes) {
    if (path.size() >= ext.size() && EqualsIgnoreCase(path.substr(path.size() - ext.size()), ext))
      return type;
  }
  return "application/octet-stream";
}

void StaticFiles::Add(const std::string& path, std::string body) { files_[path] = std::move(body); }

bool StaticFiles::Serves(std::string_view path) const {
  return path == std::string_view(prefix_).substr(0, prefix_.size() - 1) ||
         path.starts_with(prefix_);
}

HttpResponse StaticFiles::Answer(const HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse refused = Plain(405, "The portal's files are read with GET.\n");
    refused.SetHeader("Allow", "GET, HEAD");
    return refused;
  }
  if (!request.path.starts_with(prefix_)) {
    HttpResponse moved = Plain(301, "");
    moved.SetHeader("Location", prefix_);
    return moved;
  }
  if (files_.empty()) {
    return Plain(404,
                 "The portal is not built: run scripts/build-portal, or start pal serve with "
                 "--portal DIR.\n");
  }
  std::string path = request.path.substr(prefix_.size());
  if (path.empty()) path = "index.html";
  const auto it = files_.find(path);
  if (it == files_.end()) return Plain(404, "Not found.\n");
  HttpResponse response;
  response.status = 200;
  if (request.method == "GET") response.body = it->second;
  response.SetHeader("Content-Type", std::string(ContentTypeFor(path)));
  // Vite names bundled assets by content hash: they never change; the page itself is revalidated.
  response.SetHeader("Cache-Control", path.starts_with("assets/")
                                          ? "public, max-age=31536000, immutable"
                                          : "no-cache");
  response.SetHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "no-referrer");
  return response;
}

}  // namespace pal::api
