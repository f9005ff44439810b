#include "store/sqlite_connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>

namespace pal::store {
namespace {

constexpr int kBusyTimeoutMs = 10'000;

class SqliteStatementBackend final : public SqlStatementBackend {
 public:
  explicit SqliteStatementBackend(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~SqliteStatementBackend() override { sqlite3_finalize(stmt_); }
  SqliteStatementBackend(const SqliteStatementBackend&) = delete;
  SqliteStatementBackend& operator=(const SqliteStatementBackend&) = delete;

  void BindText(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindInt(int index, std::int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void BindNull(int index) override { sqlite3_bind_null(stmt_, index); }

  Result<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    Error error = Error::Internal(fmt::format("sqlite step: {}", sqlite3_errmsg(db)));
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) error.kind = ErrorKind::kConflict;
    if ((rc & 0xFF) == SQLITE_BUSY) error.kind = ErrorKind::kUnavailable;
    return error;
  }

  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::string ColumnText(int column) const override {
    const auto* text = sqlite3_column_text(stmt_, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string();
  }
  std::int64_t ColumnInt(int column) const override { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteConnectionBackend final : public SqlConnectionBackend {
 public:
  explicit SqliteConnectionBackend(sqlite3* db) : db_(db) {}
  ~SqliteConnectionBackend() override { sqlite3_close(db_); }
  SqliteConnectionBackend(const SqliteConnectionBackend&) = delete;
  SqliteConnectionBackend& operator=(const SqliteConnectionBackend&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

  Result<void> Execute(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      Error error = Error::Internal(fmt::format("sqlite: {}", message ? message : "unknown error"));
      sqlite3_free(message);
      return error;
    }
    return {};
  }

  Result<void> BeginWrite() override { return Execute("BEGIN IMMEDIATE"); }

  int Changes() const override { return sqlite3_changes(db_); }

  Result<std::unique_ptr<SqlStatementBackend>> Prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return Error::Internal(
          fmt::format("prepare '{}': {}", sql.substr(0, 60), sqlite3_errmsg(db_)));
    }
    return std::unique_ptr<SqlStatementBackend>(std::make_unique<SqliteStatementBackend>(stmt));
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<SqlConnection> OpenSqliteConnection(const std::string& uri) {
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(uri.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = fmt::format("cannot open database '{}': {}", uri,
                                      db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return Error::Internal(message);
  }
  SqlConnection connection(std::make_unique<SqliteConnectionBackend>(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  PAL_TRY(connection.Execute(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return connection;
}

}  // namespace pal::store
