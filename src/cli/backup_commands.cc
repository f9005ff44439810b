#include "cli/backup_commands.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/arm_client.h"
#include "cli/postgresql_dump.h"
#include "core/clock.h"
#include "core/time_format.h"
#include "store/data_directory.h"
#include "store/data_directory_store.h"
#include "store/schema_migrations.h"
#include "store/sqlite_backup.h"

namespace pal::cli {
namespace {

namespace fs = std::filesystem;

constexpr unsigned kKeyMode = 0600;
constexpr unsigned kPublicMode = 0644;

// The files of a data directory a backup carries besides pal.db, and their modes.
struct CarriedFile {
  const char* name;
  unsigned mode;
};
constexpr CarriedFile kCarried[] = {
    {"signing-key.pem", kKeyMode},
    {"tls-key.pem", kKeyMode},
    {"tls-cert.pem", kPublicMode},
    {"federated-test-issuer-key.pem", kKeyMode},
};

Result<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error::InvalidArgument("CannotRead", fmt::format("Cannot read '{}'.", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool EmptyOrMissing(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::is_empty(dir, ec));
}

int Done(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

// Writes the backup's carried files (keys, certificate) into `root`; their names.
Result<nlohmann::json> RestoreCarriedFiles(const fs::path& source, const std::string& root) {
  std::error_code ec;
  nlohmann::json restored = nlohmann::json::array();
  for (const auto& f : kCarried) {
    if (!fs::exists(source / f.name, ec)) continue;
    PAL_ASSIGN_OR_RETURN(auto text, ReadWhole(source / f.name));
    if (auto written = store::WriteFileAtomically((fs::path(root) / f.name).string(), text, f.mode);
        !written.ok()) {
      return written.error();
    }
    restored.push_back(f.name);
  }
  return restored;
}

// A PostgreSQL backup goes into the (empty) database the data directory names: the keys first,
// then pg_restore in one transaction, so a failed restore leaves no store behind.
int RestorePostgresqlBackup(const fs::path& source, const store::DataDirectoryStore& store,
                            const nlohmann::json& manifest, OutputFormat output) {
  std::error_code ec;
  const int version = manifest.value("schemaVersion", 0);
  if (!fs::is_regular_file(source / "pal.pgdump", ec) || version < 1 ||
      version > store::LatestSchemaVersion()) {
    return PrintCliError(Error::InvalidArgument(
        "CorruptBackup",
        fmt::format(
            "'{}' is not a PostgreSQL pal backup this pal can restore (pal.pgdump, schema {}).",
            source.string(), version)));
  }
  if (!store.postgresql_url) {
    return PrintCliError(Error::InvalidArgument(
        "BackupStoreMismatch",
        fmt::format("'{}' is a backup of a PostgreSQL store: restore it into a data directory "
                    "bound to an empty database (--store postgresql://…), nothing was changed.",
                    source.string())));
  }
  auto current = PostgresqlSchemaVersion(*store.postgresql_url);
  if (!current.ok()) return PrintCliError(current.error());
  if (*current != 0) {
    return PrintCliError(Error::Conflict(
        "DataDirectoryNotEmpty",
        fmt::format("'{}' names a database that already holds a pal store; restore into an "
                    "empty one, nothing was changed.",
                    store.root)));
  }
  auto data = store::OpenDataDirectory(store.root);
  if (!data.ok()) return PrintCliError(data.error());
  auto restored = RestoreCarriedFiles(source, data->root);
  if (!restored.ok()) return PrintCliError(restored.error());
  if (auto loaded =
          RestorePostgresqlDatabase(*store.postgresql_url, (source / "pal.pgdump").string());
      !loaded.ok()) {
    return PrintCliError(loaded.error());
  }
  auto after = PostgresqlSchemaVersion(*store.postgresql_url);
  if (!after.ok()) return PrintCliError(after.error());
  if (*after != version) {
    return PrintCliError(Error::Internal(
        fmt::format("the restored database has schema {}, the backup {}.", *after, version)));
  }
  restored->insert(restored->begin(), "pal.pgdump");
  return Done({{"restoredFrom", fs::absolute(source, ec).string()},
               {"dataDirectory", data->root},
               {"takenAt", manifest.value("takenAt", "")},
               {"schemaVersion", version},
               {"files", *restored}},
              output);
}

}  // namespace

int RunAdminBackup(const std::string& data_dir, const std::string& backup_dir,
                   OutputFormat output) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path source(data_dir), target(backup_dir);
  std::error_code ec;
  auto store = store::ReadDataDirectoryStore(data_dir);
  if (!store.ok()) return PrintCliError(store.error());
  const bool postgresql = store->postgresql_url.has_value();
  int postgresql_version = 0;
  if (postgresql) {
    auto version = PostgresqlSchemaVersion(*store->postgresql_url);
    if (!version.ok()) return PrintCliError(version.error());
    if (*version == 0) {
      return PrintCliError(Error::NotFound(
          "DataDirectoryNotFound",
          fmt::format("'{}' names a PostgreSQL database that holds no pal store.", data_dir)));
    }
    postgresql_version = *version;
  } else if (!fs::is_regular_file(source / "pal.db", ec)) {
    return PrintCliError(Error::NotFound(
        "DataDirectoryNotFound", fmt::format("'{}' holds no pal store (pal.db).", data_dir)));
  }
  if (backup_dir.empty() || !EmptyOrMissing(target)) {
    return PrintCliError(Error::Conflict(
        "BackupExists", fmt::format("'{}' is not empty: back up into a new folder.", backup_dir)));
  }
  fs::create_directories(target, ec);
  if (ec || ::chmod(target.c_str(), 0700) != 0) {
    return PrintCliError(Error::InvalidArgument("CannotCreateDirectory",
                                                fmt::format("Cannot create '{}'.", backup_dir)));
  }
  const Timestamp taken = SystemClock().Now();
  const std::string database_file = postgresql ? "pal.pgdump" : "pal.db";
  if (postgresql) {
    if (auto dumped =
            DumpPostgresqlDatabase(*store->postgresql_url, (target / database_file).string());
        !dumped.ok()) {
      return PrintCliError(dumped.error());
    }
  } else if (auto snapshot = store::SnapshotSqliteDatabase((source / "pal.db").string(),
                                                           (target / "pal.db").string());
             !snapshot.ok()) {
    return PrintCliError(snapshot.error());
  }
  ::chmod((target / database_file).c_str(), kKeyMode);
  nlohmann::json files = nlohmann::json::array({database_file});
  for (const auto& f : kCarried) {
    if (!fs::exists(source / f.name, ec)) continue;
    auto text = ReadWhole(source / f.name);
    if (!text.ok()) return PrintCliError(text.error());
    if (auto written = store::WriteFileAtomically((target / f.name).string(), *text, f.mode);
        !written.ok()) {
      return PrintCliError(written.error());
    }
    files.push_back(f.name);
  }
  Result<int> schema = postgresql_version;
  if (!postgresql) schema = store::CheckSqliteDatabase((target / "pal.db").string());
  if (!schema.ok()) return PrintCliError(schema.error());
  nlohmann::json manifest = {{"format", "pal-backup-1"},
                             {"store", postgresql ? "postgresql" : "sqlite"},
                             {"takenAt", FormatIso8601(taken)},
                             {"source", fs::absolute(source, ec).string()},
                             {"schemaVersion", *schema},
                             {"files", files},
                             {"databaseBytes", fs::file_size(target / database_file, ec)}};
  if (auto written = store::WriteFileAtomically((target / "manifest.json").string(),
                                                manifest.dump(2) + "\n", kPublicMode);
      !written.ok()) {
    return PrintCliError(written.error());
  }
  manifest["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return Done(manifest, output);
}

int RunAdminRestore(const std::string& backup_dir, const std::string& data_dir,
                    OutputFormat output) {
  const fs::path source(backup_dir), target(data_dir);
  std::error_code ec;
  auto manifest_text = ReadWhole(source / "manifest.json");
  if (!manifest_text.ok()) {
    return PrintCliError(Error::NotFound(
        "BackupNotFound", fmt::format("'{}' holds no pal backup (manifest.json).", backup_dir)));
  }
  const auto manifest = nlohmann::json::parse(*manifest_text, nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != "pal-backup-1" ||
      !manifest.contains("files") || !manifest["files"].is_array()) {
    return PrintCliError(Error::InvalidArgument(
        "CorruptBackup",
        fmt::format("'{}/manifest.json' is not a pal backup manifest.", backup_dir)));
  }
  auto store = store::ReadDataDirectoryStore(data_dir);
  if (!store.ok()) return PrintCliError(store.error());
  if (manifest.value("store", "sqlite") == "postgresql")
    return RestorePostgresqlBackup(source, *store, manifest, output);
  if (store->postgresql_url) {
    return PrintCliError(Error::InvalidArgument(
        "BackupStoreMismatch",
        fmt::format("'{}' is a backup of an SQLite store and '{}' names a PostgreSQL database; "
                    "restore into a directory without a store-url, nothing was changed.",
                    backup_dir, data_dir)));
  }
  auto schema = store::CheckSqliteDatabase((source / "pal.db").string());
  if (!schema.ok()) return PrintCliError(schema.error());
  if (fs::exists(target / "pal.db", ec)) {
    return PrintCliError(
        Error::Conflict("DataDirectoryNotEmpty",
                        fmt::format("'{}' already holds a store (pal.db); restore into a new data "
                                    "directory, nothing was changed.",
                                    data_dir)));
  }
  auto data = store::OpenDataDirectory(data_dir);
  if (!data.ok()) return PrintCliError(data.error());
  // Every file is written beside and renamed; pal.db last, so a half-done restore has no store.
  auto restored = RestoreCarriedFiles(source, data->root);
  if (!restored.ok()) return PrintCliError(restored.error());
  auto database = ReadWhole(source / "pal.db");
  if (!database.ok()) return PrintCliError(database.error());
  if (auto written = store::WriteFileAtomically((fs::path(data->root) / "pal.db").string(),
                                                *database, kKeyMode);
      !written.ok()) {
    return PrintCliError(written.error());
  }
  restored->push_back("pal.db");
  return Done({{"restoredFrom", fs::absolute(source, ec).string()},
               {"dataDirectory", data->root},
               {"takenAt", manifest.value("takenAt", "")},
               {"schemaVersion", *schema},
               {"files", *restored}},
              output);
}

void RegisterBackupCommands(CLI::App& admin, CommandContext& context) {
  auto& backup_dir = context.Hold<std::string>();
  auto* backup_cmd = admin.add_subcommand(
      "backup", "A consistent snapshot of the data directory, also while pal serve runs");
  context.AddDataDirectoryOptions(backup_cmd);
  backup_cmd->add_option("--to", backup_dir, "New folder for the backup")->required();
  context.OnChosen(backup_cmd, [&backup_dir, &context] {
    return RunAdminBackup(context.data_dir, backup_dir, context.Format());
  });
  auto* restore_cmd =
      admin.add_subcommand("restore", "Check a backup and restore it into a new data directory");
  context.AddDataDirectoryOptions(restore_cmd);
  restore_cmd->add_option("--from", backup_dir, "The backup's folder")->required();
  context.OnChosen(restore_cmd, [&backup_dir, &context] {
    return RunAdminRestore(backup_dir, context.data_dir, context.Format());
  });
}

}  // namespace pal::cli
