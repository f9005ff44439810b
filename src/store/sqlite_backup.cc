#include "store/sqlite_backup.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "store/schema_migrations.h"
#include "store/sqlite_connection.h"

namespace pal::store {

Result<void> SnapshotSqliteDatabase(const std::string& database_path,
                                    const std::string& target_path) {
  PAL_ASSIGN_OR_RETURN(auto connection, OpenSqliteConnection(database_path));
  PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(connection, "VACUUM INTO ?1"));
  statement.Bind(1, target_path);
  return statement.Run();
}

Result<int> CheckSqliteDatabase(const std::string& database_path) {
  sqlite3* db = nullptr;
  const auto corrupt = [&](std::string problem) {
    return Error::InvalidArgument(
        "CorruptBackup",
        fmt::format("'{}' is not an intact pal database: {}.", database_path, problem));
  };
  if (sqlite3_open_v2(database_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return corrupt(message);
  }
  auto query = [&](const char* sql) -> std::optional<std::string> {
    sqlite3_stmt* s = nullptr;
    std::optional<std::string> out;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(s, 0);
      out = text ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(s);
    return out;
  };
  const auto integrity = query("PRAGMA integrity_check");
  const auto version = query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  const std::string error = sqlite3_errmsg(db);
  sqlite3_close(db);
  if (!integrity) return corrupt(error);
  if (*integrity != "ok") return corrupt(*integrity);
  if (!version) return corrupt("it has no schema_migrations table");
  const int schema = std::stoi(*version);
  if (schema < 1 || schema > LatestSchemaVersion()) {
    return corrupt(
        fmt::format("schema version {}, this pal knows 1 to {}", schema, LatestSchemaVersion()));
  }
  return schema;
}

}  // namespace pal::store
