#pragma once

#include <map>
#include <string>
#include <string_view>

#include "api/http_message.h"

namespace pal::api {

// Read-only files served under a URL prefix (the portal's built bundle at /portal/), held in
// memory. Filled before serving starts; Answer is thread-safe afterwards.
class StaticFiles {
 public:
  explicit StaticFiles(std::string prefix) : prefix_(std::move(prefix)) {}

  // `path` relative to the prefix, '/'-separated ("index.html", "assets/app-1a2b.js").
  void Add(const std::string& path, std::string body);
  bool empty() const { return files_.empty(); }
  const std::string& prefix() const { return prefix_; }

  // True for the prefix itself without its slash ("/portal") and paths below it.
  bool Serves(std::string_view path) const;
  // GET or HEAD: 200 with the file's content type, caching and security headers ("/portal/" is
  // index.html), 301 from "/portal" to "/portal/", 404 for a file that is not there, 405 for
  // other methods. Never reads the disk.
  HttpResponse Answer(const HttpRequest& request) const;

 private:
  std::string prefix_;  // "/portal/"
  std::map<std::string, std::string> files_;
};

// The Content-Type for a file name by its extension ("application/octet-stream" otherwise).
std::string_view ContentTypeFor(std::string_view path);

}  // namespace pal::api
