#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/guid.h"
#include "core/result.h"

namespace pal::store {

// RAII wrapper of one sqlite3 connection. Not thread-safe: one thread uses it at a time.
class SqliteConnection {
 public:
  // Opens (creating if needed) `uri` — a path or a "file:" URI — in WAL mode with
  // synchronous=FULL, foreign keys on and a busy timeout, so that other processes (pal admin)
  // can write while the server runs.
  static Result<SqliteConnection> Open(const std::string& uri);

  SqliteConnection(SqliteConnection&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  SqliteConnection& operator=(SqliteConnection&& other) noexcept;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  // Runs one or more statements without results.
  Result<void> Execute(std::string_view sql);
  sqlite3* get() const { return db_; }
  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  int Changes() const;
  // The last error of this connection as an Error of kind kInternal.
  Error LastError(std::string_view what) const;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

// RAII prepared statement with 1-based binds and 0-based column reads.
class SqliteStatement {
 public:
  static Result<SqliteStatement> Prepare(const SqliteConnection& connection, std::string_view sql);

  SqliteStatement(SqliteStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& BindOptional(int index, const std::optional<std::string>& text);
  SqliteStatement& BindOptional(int index, const std::optional<std::int64_t>& value);
  SqliteStatement& BindNull(int index);

  // Advances: true when a row is available, false when done. Errors are values.
  Result<bool> Step();
  // Runs to completion, expecting no rows.
  Result<void> Run();
  void Reset();

  std::string ColumnText(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;
  std::int64_t ColumnInt(int column) const;
  std::optional<std::int64_t> ColumnOptionalInt(int column) const;
  // A GUID column; the nil GUID if the text is not one (pal writes only GUIDs there).
  Guid ColumnGuid(int column) const;

 private:
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace pal::store
