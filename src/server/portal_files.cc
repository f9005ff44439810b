#include "server/portal_files.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pal::server {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "/portal/";
constexpr std::uintmax_t kMaxBytes = 64u
                                     << 20;  // a bundle is a few hundred kB; refuse a wrong folder

}  // namespace

Result<api::StaticFiles> LoadPortal(const std::string& dir) {
  api::StaticFiles files{std::string(kPrefix)};
  const bool given = !dir.empty();
  const fs::path root = given ? fs::path(dir) : fs::path(PAL_DEFAULT_PORTAL_DIR);
  std::error_code ec;
  if (!fs::is_regular_file(root / "index.html", ec)) {
    if (!given) return files;
    return Error::NotFound("PortalNotFound",
                           fmt::format("'{}' holds no built portal (index.html); run "
                                       "scripts/build-portal.",
                                       dir));
  }
  std::uintmax_t total = 0;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string relative = fs::relative(it->path(), root, ec).generic_string();
    if (ec || relative.empty() || relative.front() == '.') continue;
    total += it->file_size(ec);
    if (total > kMaxBytes) {
      return Error::InvalidArgument("CannotRead",
                                    fmt::format("'{}' holds more than {} MB: not a portal bundle.",
                                                root.string(), kMaxBytes >> 20));
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in && !in.eof()) {
      return Error::InvalidArgument("CannotRead",
                                    fmt::format("Cannot read '{}'.", it->path().string()));
    }
    files.Add(relative, body.str());
  }
  if (ec)
    return Error::InvalidArgument(
        "CannotRead", fmt::format("Cannot read '{}': {}.", root.string(), ec.message()));
  return files;
}

}  // namespace pal::server
