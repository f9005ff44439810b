#include "store/data_directory_store.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "core/text.h"
#include "store/data_directory.h"
#include "store/postgresql_connection.h"
#include "store/sql_store.h"

namespace pal::store {
namespace {

namespace fs = std::filesystem;

}  // namespace

bool IsPostgresqlUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<DataDirectoryStore> ReadDataDirectoryStore(const std::string& root) {
  DataDirectoryStore dir{root, std::nullopt};
  std::error_code ec;
  if (!fs::exists(dir.StoreUrlPath(), ec)) return dir;
  std::ifstream in(dir.StoreUrlPath());
  std::string line;
  if (!in || !std::getline(in, line)) {
    return Error::InvalidArgument("InvalidStore",
                                  fmt::format("cannot read '{}'.", dir.StoreUrlPath()));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::string url(Trim(line));
  if (!IsPostgresqlUrl(url)) {
    return Error::InvalidArgument(
        "InvalidStore", fmt::format("'{}' must hold one postgresql:// URL.", dir.StoreUrlPath()));
  }
  dir.postgresql_url = std::move(url);
  return dir;
}

Result<DataDirectoryStore> BindDataDirectoryStore(const std::string& root, const std::string& url) {
  auto dir = ReadDataDirectoryStore(root);
  if (!dir.ok() || url.empty()) return dir;
  if (!IsPostgresqlUrl(url)) {
    return Error::InvalidArgument(
        "InvalidStore",
        fmt::format("--store must be a postgresql:// URL (postgresql://user@host:port/database), "
                    "not '{}'.",
                    store::RedactPostgresqlUrl(url)));
  }
  if (dir->postgresql_url) {
    if (*dir->postgresql_url == url) return dir;
    return Error::Conflict("StoreMismatch",
                           fmt::format("'{}' is bound to {}, not {}; edit or remove {} to move it.",
                                       root, store::RedactPostgresqlUrl(*dir->postgresql_url),
                                       store::RedactPostgresqlUrl(url), dir->StoreUrlPath()));
  }
  std::error_code ec;
  if (fs::exists(dir->SqlitePath(), ec)) {
    return Error::Conflict(
        "StoreMismatch",
        fmt::format("'{}' already holds an SQLite store (pal.db); use a new data directory for "
                    "PostgreSQL (pal admin export / import moves the data).",
                    root));
  }
  // Recorded only once pal could connect: a mistyped URL must not bind the directory.
  PAL_TRY(store::OpenPostgresqlConnection(url));
  PAL_TRY(WriteFileAtomically(dir->StoreUrlPath(), url + "\n", 0600));
  dir->postgresql_url = url;
  return dir;
}

Result<void> ApplyStoreOption(const std::string& data_dir, const std::string& url) {
  PAL_ASSIGN_OR_RETURN(auto data, OpenDataDirectory(data_dir));
  PAL_TRY(BindDataDirectoryStore(data.root, url));
  return {};
}

bool HasStore(const DataDirectoryStore& dir) {
  std::error_code ec;
  return dir.postgresql_url.has_value() || fs::exists(dir.SqlitePath(), ec);
}

Result<std::unique_ptr<store::Store>> OpenDataDirectoryStore(const DataDirectoryStore& dir,
                                                             const StoreOpenOptions& options,
                                                             const Clock& clock) {
  if (dir.postgresql_url) {
    if (options.in_memory) {
      return Error::InvalidArgument("InvalidStore",
                                    "--in-memory keeps an SQLite store; it cannot be used with "
                                    "a PostgreSQL store.");
    }
    store::PostgresqlStoreOptions postgresql;
    postgresql.url = *dir.postgresql_url;
    postgresql.enable_link_writer = options.enable_link_writer;
    postgresql.link_commit_observer = options.link_commit_observer;
    return store::OpenPostgresqlStore(postgresql, clock);
  }
  store::SqliteStoreOptions sqlite;
  sqlite.path = dir.SqlitePath();
  sqlite.in_memory = options.in_memory;
  sqlite.enable_link_writer = options.enable_link_writer;
  sqlite.link_commit_observer = options.link_commit_observer;
  return store::OpenSqliteStore(sqlite, clock);
}

}  // namespace pal::store
