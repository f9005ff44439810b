#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/guid.h"
#include "core/result.h"

namespace pal::store {

// The SQL databases the store runs on. The store's statements are written once, in the SQL
// both understand (SQLite's `?N` placeholders, translated for PostgreSQL by its connection);
// the few places that differ ask the connection's dialect.
enum class SqlDialect { kSqlite, kPostgresql };

// What a database driver implements for one prepared statement (see SqlStatement).
class SqlStatementBackend {
 public:
  virtual ~SqlStatementBackend() = default;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindNull(int index) = 0;
  virtual Result<bool> Step() = 0;
  virtual void Reset() = 0;
  // Runs a statement without rows; inside SqlConnection::BeginDeferred..EndDeferred a driver
  // may queue it instead and report its error at EndDeferred. Then resets.
  virtual Result<void> RunDeferred() {
    auto step = Step();
    Reset();
    if (!step.ok()) return step.error();
    return {};
  }
  virtual bool IsNull(int column) const = 0;
  virtual std::string ColumnText(int column) const = 0;
  virtual std::int64_t ColumnInt(int column) const = 0;
};

// What a database driver implements for one connection (see SqlConnection).
class SqlConnectionBackend {
 public:
  virtual ~SqlConnectionBackend() = default;
  virtual SqlDialect dialect() const = 0;
  virtual Result<void> Execute(std::string_view sql) = 0;
  virtual Result<void> BeginWrite() = 0;
  virtual int Changes() const = 0;
  virtual Result<std::unique_ptr<SqlStatementBackend>> Prepare(std::string_view sql) = 0;
  virtual void BeginDeferred() {}
  virtual Result<void> EndDeferred() { return {}; }
};

// One connection to the store's database. Not thread-safe: one thread uses it at a time.
// Open one with OpenSqliteConnection or OpenPostgresqlConnection.
class SqlConnection {
 public:
  explicit SqlConnection(std::unique_ptr<SqlConnectionBackend> backend)
      : backend_(std::move(backend)) {}

  SqlDialect dialect() const { return backend_->dialect(); }
  // Runs one or more statements without parameters or results.
  Result<void> Execute(std::string_view sql) { return backend_->Execute(sql); }
  // Starts a transaction that writes: it holds the database's write lock from its first
  // statement (SQLite's BEGIN IMMEDIATE; on PostgreSQL a transaction-scoped advisory lock that
  // every pal process takes), so writers never interleave and read-then-write is safe.
  Result<void> BeginWrite() { return backend_->BeginWrite(); }
  // Rows changed by the last INSERT, UPDATE or DELETE run on this connection.
  int Changes() const { return backend_->Changes(); }
  // Between these two, SqlStatement::RunDeferred may queue statements and send them together
  // (PostgreSQL's pipeline: one round trip for a batch instead of one per statement); EndDeferred
  // waits for all of them and returns the first error. Only statements whose rows nobody reads,
  // inside a write transaction, and nothing else on the connection in between.
  void BeginDeferred() { backend_->BeginDeferred(); }
  Result<void> EndDeferred() { return backend_->EndDeferred(); }

  SqlConnectionBackend& backend() const { return *backend_; }

 private:
  std::unique_ptr<SqlConnectionBackend> backend_;
};

// A prepared statement with 1-based binds and 0-based column reads.
class SqlStatement {
 public:
  static Result<SqlStatement> Prepare(const SqlConnection& connection, std::string_view sql);

  SqlStatement& Bind(int index, std::string_view text) {
    backend_->BindText(index, text);
    return *this;
  }
  SqlStatement& Bind(int index, std::int64_t value) {
    backend_->BindInt(index, value);
    return *this;
  }
  SqlStatement& BindOptional(int index, const std::optional<std::string>& text) {
    return text ? Bind(index, std::string_view(*text)) : BindNull(index);
  }
  SqlStatement& BindOptional(int index, const std::optional<std::int64_t>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  SqlStatement& BindNull(int index) {
    backend_->BindNull(index);
    return *this;
  }

  // Advances: true when a row is available, false when done. Errors are values: a constraint
  // violation is kConflict, a busy database kUnavailable.
  Result<bool> Step() { return backend_->Step(); }
  // Runs to completion, expecting no rows, then resets.
  Result<void> Run();
  // Like Run, but may be queued until SqlConnection::EndDeferred (see there).
  Result<void> RunDeferred() { return backend_->RunDeferred(); }
  // Rewinds and clears the bindings, so the statement can run again.
  void Reset() { backend_->Reset(); }

  std::string ColumnText(int column) const { return backend_->ColumnText(column); }
  std::optional<std::string> ColumnOptionalText(int column) const {
    if (backend_->IsNull(column)) return std::nullopt;
    return backend_->ColumnText(column);
  }
  std::int64_t ColumnInt(int column) const { return backend_->ColumnInt(column); }
  std::optional<std::int64_t> ColumnOptionalInt(int column) const {
    if (backend_->IsNull(column)) return std::nullopt;
    return backend_->ColumnInt(column);
  }
  // A GUID column; the nil GUID if the text is not one (pal writes only GUIDs there).
  Guid ColumnGuid(int column) const { return Guid::Parse(ColumnText(column)).value_or(Guid()); }

 private:
  explicit SqlStatement(std::unique_ptr<SqlStatementBackend> backend)
      : backend_(std::move(backend)) {}
  std::unique_ptr<SqlStatementBackend> backend_;
};

inline Result<SqlStatement> SqlStatement::Prepare(const SqlConnection& connection,
                                                  std::string_view sql) {
  PAL_ASSIGN_OR_RETURN(auto backend, connection.backend().Prepare(sql));
  return SqlStatement(std::move(backend));
}

inline Result<void> SqlStatement::Run() {
  auto step = Step();
  Reset();
  if (!step.ok()) return step.error();
  return {};
}

}  // namespace pal::store
