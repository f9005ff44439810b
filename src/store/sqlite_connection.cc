#include "store/sqlite_connection.h"

#include <fmt/format.h>

namespace pal::store {
namespace {
constexpr int kBusyTimeoutMs = 10'000;
}  // namespace

Result<SqliteConnection> SqliteConnection::Open(const std::string& uri) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                    SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(uri.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = fmt::format("cannot open database '{}': {}", uri,
                                      db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return Error::Internal(message);
  }
  SqliteConnection connection(db);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  auto pragmas = connection.Execute(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!pragmas.ok()) return pragmas.error();
  return connection;
}

SqliteConnection& SqliteConnection::operator=(SqliteConnection&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

SqliteConnection::~SqliteConnection() { sqlite3_close(db_); }

Result<void> SqliteConnection::Execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error = Error::Internal(fmt::format("sqlite: {}", message ? message : "unknown error"));
    sqlite3_free(message);
    return error;
  }
  return {};
}

Error SqliteConnection::LastError(std::string_view what) const {
  return Error::Internal(fmt::format("{}: {}", what, sqlite3_errmsg(db_)));
}

Result<SqliteStatement> SqliteStatement::Prepare(const SqliteConnection& connection,
                                                 std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(connection.get(), sql.data(), static_cast<int>(sql.size()), &stmt,
                         nullptr) != SQLITE_OK) {
    return connection.LastError(fmt::format("prepare '{}'", sql.substr(0, 60)));
  }
  return SqliteStatement(stmt);
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

int SqliteConnection::Changes() const { return sqlite3_changes(db_); }

SqliteStatement& SqliteStatement::BindOptional(int index, const std::optional<std::int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  Error error = Error::Internal(fmt::format("sqlite step: {}", sqlite3_errmsg(db)));
  if ((rc & 0xFF) == SQLITE_CONSTRAINT) error.kind = ErrorKind::kConflict;
  if ((rc & 0xFF) == SQLITE_BUSY) error.kind = ErrorKind::kUnavailable;
  return error;
}

Result<void> SqliteStatement::Run() {
  auto step = Step();
  Reset();
  if (!step.ok()) return step.error();
  return {};
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string SqliteStatement::ColumnText(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(stmt_, column)))
              : std::string();
}

std::optional<std::string> SqliteStatement::ColumnOptionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return ColumnText(column);
}

std::int64_t SqliteStatement::ColumnInt(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::optional<std::int64_t> SqliteStatement::ColumnOptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return ColumnInt(column);
}

Guid SqliteStatement::ColumnGuid(int column) const {
  return Guid::Parse(ColumnText(column)).value_or(Guid());
}

}  // namespace pal::store
