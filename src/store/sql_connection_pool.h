#pragma once

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mutex.h"
#include "core/result.h"
#include "store/sql_connection.h"

namespace pal::store {

// The conflict an insert reports when its key exists: "<what> already exists."
inline Error AlreadyExists(std::string_view what) {
  return Error::Conflict("Conflict", fmt::format("{} already exists.", what));
}

// Connections to one database, opened on demand and reused, with helpers that run one
// statement or one transaction on a pooled connection. Thread-safe.
class SqlConnectionPool {
 public:
  using Opener = std::function<Result<SqlConnection>()>;
  // `open` makes a new connection to the database whenever the pool has none free.
  explicit SqlConnectionPool(Opener open) : open_(std::move(open)) {}

  Result<SqlConnection> Acquire() {
    {
      MutexLock lock(mutex_);
      if (!pool_.empty()) {
        SqlConnection connection = std::move(pool_.back());
        pool_.pop_back();
        return connection;
      }
    }
    return open_();
  }

  void Release(SqlConnection connection) {
    MutexLock lock(mutex_);
    pool_.push_back(std::move(connection));
  }

  // Runs `body(connection)` in a write transaction (SqlConnection::BeginWrite ... COMMIT);
  // rolls back if it fails.
  template <typename Body>
  Result<void> Transaction(Body body) {
    PAL_ASSIGN_OR_RETURN(auto connection, Acquire());
    Result<void> result = connection.BeginWrite();
    if (result.ok()) {
      result = body(connection);
      result = result.ok() ? connection.Execute("COMMIT") : result;
      if (!result.ok()) (void)connection.Execute("ROLLBACK");
    }
    Release(std::move(connection));
    return result;
  }

  // One statement without rows. A constraint failure becomes kConflict `conflict`.
  template <typename Bind>
  Result<void> Write(std::string_view sql, Bind bind, const Error& conflict) {
    PAL_ASSIGN_OR_RETURN(auto connection, Acquire());
    Result<void> result = RunOn(connection, sql, bind, conflict);
    Release(std::move(connection));
    return result;
  }

  template <typename Bind>
  static Result<void> RunOn(SqlConnection& connection, std::string_view sql, Bind bind,
                            const Error& conflict) {
    PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(connection, sql));
    bind(statement);
    auto run = statement.Run();
    if (!run.ok()) return run.error().kind == ErrorKind::kConflict ? conflict : run.error();
    return {};
  }

  template <typename T, typename Bind, typename Map>
  Result<std::vector<T>> QueryAll(std::string_view sql, Bind bind, Map map) {
    PAL_ASSIGN_OR_RETURN(auto connection, Acquire());
    Result<std::vector<T>> result = std::vector<T>{};
    {
      auto statement = SqlStatement::Prepare(connection, sql);
      if (!statement.ok()) {
        result = statement.error();
      } else {
        bind(*statement);
        for (;;) {
          auto row = statement->Step();
          if (!row.ok()) {
            result = row.error();
            break;
          }
          if (!*row) break;
          result->push_back(map(*statement));
        }
      }
    }
    Release(std::move(connection));
    return result;
  }

  template <typename T, typename Bind, typename Map>
  Result<std::optional<T>> QueryOne(std::string_view sql, Bind bind, Map map) {
    PAL_ASSIGN_OR_RETURN(auto rows, QueryAll<T>(sql, bind, map));
    if (rows.empty()) return std::optional<T>();
    return std::optional<T>(std::move(rows.front()));
  }

 private:
  Opener open_;
  Mutex mutex_;
  std::vector<SqlConnection> pool_ PAL_GUARDED_BY(mutex_);
};

}  // namespace pal::store
