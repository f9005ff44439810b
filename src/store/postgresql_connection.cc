#include "store/postgresql_connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace pal::store {
namespace {

// Every pal process takes this transaction-scoped advisory lock before it writes, so write
// transactions are serialised across nodes exactly as SQLite's BEGIN IMMEDIATE serialises
// them across processes. ("pal" in ASCII.)
constexpr long long kWriteLockKey = 0x70616c;
constexpr Oid kInt8Oid = 20;

// libpq's messages may span lines ("...failed: Connection refused\n\tIs the server running...");
// pal's errors are one line.
std::string OneLine(std::string text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Error ErrorFromResult(const PGresult* result, PGconn* connection, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection);
  const std::string text = OneLine(message && *message ? message : PQerrorMessage(connection));
  Error error = Error::Internal(fmt::format("postgresql {}: {}", what, text));
  const std::string_view code = state ? state : "";
  if (code.starts_with("23")) {
    error.kind = ErrorKind::kConflict;  // integrity constraint violation
  } else if (code == "40001" || code == "40P01" || code == "55P03" || code.starts_with("08") ||
             code.starts_with("57P") || PQstatus(connection) != CONNECTION_OK) {
    error.kind = ErrorKind::kUnavailable;  // serialisation, deadlock, lock, connection, shutdown
  }
  return error;
}

class PostgresqlConnectionBackend;

class PostgresqlStatementBackend final : public SqlStatementBackend {
 public:
  PostgresqlStatementBackend(PostgresqlConnectionBackend& connection, std::string sql,
                             int parameters)
      : connection_(connection), sql_(std::move(sql)), values_(parameters), types_(parameters, 0) {}
  ~PostgresqlStatementBackend() override { Clear(); }
  PostgresqlStatementBackend(const PostgresqlStatementBackend&) = delete;
  PostgresqlStatementBackend& operator=(const PostgresqlStatementBackend&) = delete;

  void BindText(int index, std::string_view text) override {
    // Unknown type: the server types it from its context (a column, a comparison), as SQLite
    // takes text anywhere.
    Set(index, std::string(text), 0);
  }
  void BindInt(int index, std::int64_t value) override {
    Set(index, std::to_string(value), kInt8Oid);
  }
  void BindNull(int index) override { Set(index, std::nullopt, 0); }

  Result<bool> Step() override;
  Result<void> RunDeferred() override;

  void Reset() override {
    Clear();
    for (auto& value : values_) value.reset();
    std::fill(types_.begin(), types_.end(), 0);
  }

  bool IsNull(int column) const override {
    return result_ == nullptr || PQgetisnull(result_, row_, column) != 0;
  }
  std::string ColumnText(int column) const override {
    if (IsNull(column)) return {};
    return std::string(PQgetvalue(result_, row_, column),
                       static_cast<size_t>(PQgetlength(result_, row_, column)));
  }
  std::int64_t ColumnInt(int column) const override {
    if (IsNull(column)) return 0;
    const char* text = PQgetvalue(result_, row_, column);
    if (text[0] == 't' && text[1] == '\0') return 1;  // a boolean expression
    if (text[0] == 'f' && text[1] == '\0') return 0;
    return std::strtoll(text, nullptr, 10);
  }

 private:
  void Set(int index, std::optional<std::string> value, Oid type) {
    if (index < 1 || static_cast<size_t>(index) > values_.size()) return;  // not in the SQL
    values_[index - 1] = std::move(value);
    types_[index - 1] = type;
  }
  void Clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
    executed_ = false;
    row_ = -1;
  }

  PostgresqlConnectionBackend& connection_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  PGresult* result_ = nullptr;
  bool executed_ = false;
  int row_ = -1;
};

class PostgresqlConnectionBackend final : public SqlConnectionBackend {
 public:
  explicit PostgresqlConnectionBackend(PGconn* connection) : connection_(connection) {}
  ~PostgresqlConnectionBackend() override { PQfinish(connection_); }
  PostgresqlConnectionBackend(const PostgresqlConnectionBackend&) = delete;
  PostgresqlConnectionBackend& operator=(const PostgresqlConnectionBackend&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kPostgresql; }

  Result<void> Execute(std::string_view sql) override {
    const bool ends = sql == "COMMIT" || sql == "ROLLBACK";
    auto ready = EnsureConnected();
    if (!ready.ok()) {
      if (ends) in_transaction_ = false;
      return ready;
    }
    PGresult* result = PQexec(connection_, std::string(sql).c_str());
    const auto status = PQresultStatus(result);
    Result<void> outcome;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      outcome = ErrorFromResult(result, connection_, "exec");
    }
    PQclear(result);
    if (ends) in_transaction_ = false;
    return outcome;
  }

  Result<void> BeginWrite() override {
    auto begun = Execute(fmt::format(
        "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({})", kWriteLockKey));
    if (!begun.ok()) {
      (void)Execute("ROLLBACK");
      return begun;
    }
    in_transaction_ = true;
    return {};
  }

  int Changes() const override { return changes_; }

  Result<std::unique_ptr<SqlStatementBackend>> Prepare(std::string_view sql) override {
    int parameters = 0;
    std::string translated = TranslateSqlForPostgresql(sql, parameters);
    return std::unique_ptr<SqlStatementBackend>(
        std::make_unique<PostgresqlStatementBackend>(*this, std::move(translated), parameters));
  }

  // Runs one statement (prepared on the server the first time this connection sees it); on
  // success the caller owns the result.
  Result<PGresult*> Run(const std::string& sql,
                        const std::vector<std::optional<std::string>>& values,
                        const std::vector<Oid>& types) {
    PAL_TRY(EnsureConnected());
    PAL_ASSIGN_OR_RETURN(auto name, PreparedName(sql, types));
    const auto pointers = Pointers(values);
    PGresult* result = PQexecPrepared(connection_, name.c_str(), static_cast<int>(values.size()),
                                      pointers.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Error error = ErrorFromResult(result, connection_, "statement");
      PQclear(result);
      return error;
    }
    const char* tuples = PQcmdTuples(result);
    changes_ = tuples && *tuples ? std::atoi(tuples) : 0;
    return result;
  }

  void BeginDeferred() override {
    if (PQstatus(connection_) == CONNECTION_OK && PQenterPipelineMode(connection_) == 1) {
      pipelined_ = 0;
      in_pipeline_ = true;
    }
  }

  // Queues one statement in the pipeline (its PQsendPrepare first, if it is new here).
  Result<void> Send(const std::string& sql, const std::vector<std::optional<std::string>>& values,
                    const std::vector<Oid>& types) {
    if (!in_pipeline_) {
      PAL_ASSIGN_OR_RETURN(auto result, Run(sql, values, types));
      PQclear(result);
      return {};
    }
    const std::string key = CacheKey(sql, types);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = fmt::format("pal_{}", ++next_name_);
      if (PQsendPrepare(connection_, name.c_str(), sql.c_str(), static_cast<int>(types.size()),
                        types.data()) != 1) {
        return ErrorFromResult(nullptr, connection_, "pipeline prepare");
      }
      ++pipelined_;
      it = prepared_.emplace(key, std::move(name)).first;
    }
    const auto pointers = Pointers(values);
    if (PQsendQueryPrepared(connection_, it->second.c_str(), static_cast<int>(values.size()),
                            pointers.data(), nullptr, nullptr, 0) != 1) {
      return ErrorFromResult(nullptr, connection_, "pipeline send");
    }
    ++pipelined_;
    return {};
  }

  Result<void> EndDeferred() override {
    if (!in_pipeline_) return {};
    in_pipeline_ = false;
    Result<void> outcome;
    // PQpipelineSync leaves a short pipeline in libpq's buffer; without the flush it went out
    // only when PQgetResult found nothing to read, ~40 ms later (1.3k vs 11.5k writes/s).
    if (PQpipelineSync(connection_) != 1 || PQflush(connection_) != 0) {
      outcome = ErrorFromResult(nullptr, connection_, "pipeline sync");
    } else {
      // Each queued command answers with its results and a null; then the sync point.
      int ended = 0;
      for (;;) {
        PGresult* result = PQgetResult(connection_);
        if (result == nullptr) {
          if (++ended > pipelined_ + 1 || PQstatus(connection_) != CONNECTION_OK) break;
          continue;
        }
        const auto status = PQresultStatus(result);
        if (status == PGRES_PIPELINE_SYNC) {
          PQclear(result);
          break;
        }
        if (status == PGRES_FATAL_ERROR && outcome.ok()) {
          outcome = ErrorFromResult(result, connection_, "statement");
        }
        PQclear(result);
      }
    }
    if (PQexitPipelineMode(connection_) != 1 && outcome.ok()) {
      outcome = ErrorFromResult(nullptr, connection_, "pipeline exit");
    }
    // A failed pipeline skips the commands after the error, its prepares too: prepare afresh.
    if (!outcome.ok()) prepared_.clear();
    return outcome;
  }

 private:
  // Reconnects a connection the server dropped, but only between transactions: inside one,
  // the rest of its statements must fail with it, not run on their own.
  Result<void> EnsureConnected() {
    if (PQstatus(connection_) == CONNECTION_OK) return {};
    if (in_transaction_) {
      return Error{ErrorKind::kUnavailable, "ServiceUnavailable",
                   "The connection to PostgreSQL was lost during a transaction."};
    }
    PQreset(connection_);
    prepared_.clear();  // a new session has none of them
    if (PQstatus(connection_) != CONNECTION_OK) {
      return Error{
          ErrorKind::kUnavailable, "ServiceUnavailable",
          fmt::format("cannot reach PostgreSQL: {}", OneLine(PQerrorMessage(connection_)))};
    }
    return {};
  }

  static std::string CacheKey(const std::string& sql, const std::vector<Oid>& types) {
    std::string key = sql;
    key += '\0';
    for (Oid type : types) key += type == 0 ? 'u' : 'i';
    return key;
  }

  static std::vector<const char*> Pointers(const std::vector<std::optional<std::string>>& values) {
    std::vector<const char*> pointers(values.size());
    for (size_t i = 0; i < values.size(); ++i)
      pointers[i] = values[i] ? values[i]->c_str() : nullptr;
    return pointers;
  }

  // The server-side name of `sql` with these parameter types, preparing it the first time.
  Result<std::string> PreparedName(const std::string& sql, const std::vector<Oid>& types) {
    const std::string key = CacheKey(sql, types);
    if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    std::string name = fmt::format("pal_{}", ++next_name_);
    PGresult* result = PQprepare(connection_, name.c_str(), sql.c_str(),
                                 static_cast<int>(types.size()), types.data());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      Error error = ErrorFromResult(result, connection_, "prepare");
      PQclear(result);
      return error;
    }
    PQclear(result);
    prepared_.emplace(key, name);
    return name;
  }

  PGconn* connection_;
  bool in_transaction_ = false;
  int changes_ = 0;
  // Statements prepared on this session: SQL and parameter types -> name.
  std::map<std::string, std::string> prepared_;
  bool in_pipeline_ = false;
  int pipelined_ = 0;
  int next_name_ = 0;  // names are never reused: a forgotten one may still exist on the server
};

Result<bool> PostgresqlStatementBackend::Step() {
  if (!executed_) {
    PAL_ASSIGN_OR_RETURN(auto result, connection_.Run(sql_, values_, types_));
    result_ = result;
    executed_ = true;
    row_ = -1;
  }
  if (result_ == nullptr || row_ + 1 >= PQntuples(result_)) return false;
  ++row_;
  return true;
}

Result<void> PostgresqlStatementBackend::RunDeferred() {
  auto sent = connection_.Send(sql_, values_, types_);
  Reset();
  return sent;
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

std::string TranslateSqlForPostgresql(std::string_view sql, int& parameters) {
  std::string out;
  out.reserve(sql.size() + 16);
  parameters = 0;
  int next_bare = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '?') {
      size_t j = i + 1;
      int index = 0;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9')
        index = index * 10 + (sql[j++] - '0');
      if (j == i + 1) index = ++next_bare;
      parameters = std::max(parameters, index);
      out += '$';
      out += std::to_string(index);
      i = j - 1;
      continue;
    }
    constexpr std::string_view kGroupConcat = "group_concat(";
    if ((c == 'g' || c == 'G') && sql.substr(i, kGroupConcat.size()) == kGroupConcat) {
      out += "string_agg(";
      i += kGroupConcat.size() - 1;
      continue;
    }
    out += c;
  }
  return out;
}

std::optional<std::pair<size_t, size_t>> PostgresqlUrlPassword(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const size_t start = scheme + 3;
  const size_t at = url.find('@', start);
  const size_t slash = url.find('/', start);
  if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
    return std::nullopt;
  const size_t colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > at) return std::nullopt;
  return std::make_pair(colon + 1, at);
}

std::string RedactPostgresqlUrl(std::string_view url) {
  const auto password = PostgresqlUrlPassword(url);
  if (!password) return std::string(url);
  return fmt::format("{}***{}", url.substr(0, password->first), url.substr(password->second));
}

Result<SqlConnection> OpenPostgresqlConnection(const std::string& url) {
  PGconn* connection = PQconnectdb(url.c_str());
  if (connection == nullptr || PQstatus(connection) != CONNECTION_OK) {
    const std::string message = OneLine(connection ? PQerrorMessage(connection) : "out of memory");
    PQfinish(connection);
    return Error{
        ErrorKind::kUnavailable, "StoreUnavailable",
        fmt::format("cannot connect to PostgreSQL at {}: {}", RedactPostgresqlUrl(url), message)};
  }
  PQsetNoticeProcessor(connection, IgnoreNotice, nullptr);
  SqlConnection result(std::make_unique<PostgresqlConnectionBackend>(connection));
  // Durable commits whatever the server's default; UTC and UTF-8 so nothing depends on it.
  PAL_TRY(result.Execute(
      "SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; "
      "SET client_min_messages = warning"));
  return result;
}

}  // namespace pal::store
