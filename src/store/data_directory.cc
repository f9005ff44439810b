#include "store/data_directory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace pal::store {

Result<DataDirectory> OpenDataDirectory(const std::string& path) {
  std::error_code ec;
  std::filesystem::path root = std::filesystem::absolute(path, ec);
  if (ec) return Error::Internal(fmt::format("bad data directory '{}': {}", path, ec.message()));
  if (!std::filesystem::exists(root, ec)) {
    std::filesystem::create_directories(root, ec);
    if (ec) {
      return Error::Internal(
          fmt::format("cannot create data directory '{}': {}", root.string(), ec.message()));
    }
    ::chmod(root.c_str(), 0700);
  } else if (!std::filesystem::is_directory(root, ec)) {
    return Error::InvalidArgument("BadDataDirectory",
                                  fmt::format("'{}' is not a directory", root.string()));
  }
  return DataDirectory{root.lexically_normal().string()};
}

Result<void> WriteFileAtomically(const std::string& path, const std::string& contents,
                                 unsigned mode) {
  const std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return Error::Internal(fmt::format("cannot create {}: {}", temporary, std::strerror(errno)));
  }
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(temporary.c_str());
      return Error::Internal(fmt::format("cannot write {}: {}", temporary, std::strerror(errno)));
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return Error::Internal(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  return {};
}

}  // namespace pal::store
