#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/link_commit_observer.h"
#include "store/store.h"

namespace pal::store {

struct SqliteStoreOptions {
  // Database file (created if missing). Ignored when in_memory.
  std::string path;
  // A throw-away database that lives as long as the store.
  bool in_memory = false;
  // Start the group-commit link writer (only `pal serve` needs it).
  bool enable_link_writer = true;
  // Sees every commit of that writer (for metrics), or nullptr; must outlive the store.
  LinkCommitObserver* link_commit_observer = nullptr;
};

// Opens the embedded SQLite store: migrates the schema, loads the link index, and (if asked)
// starts the writer thread that batches concurrent link writes into one durable commit.
// `clock` must outlive the store.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options,
                                               const Clock& clock);

struct PostgresqlStoreOptions {
  // A libpq connection URI, "postgresql://user[:password]@host[:port]/database[?...]".
  std::string url;
  // Start the group-commit link writer (only `pal serve` needs it).
  bool enable_link_writer = true;
  // Sees every commit of that writer (for metrics), or nullptr; must outlive the store.
  LinkCommitObserver* link_commit_observer = nullptr;
};

// Opens the store on a PostgreSQL database: the same schema migrations, history and group
// commit as SQLite. Several pal processes may serve one database: every write transaction
// takes the same advisory lock, the link writer reads each link inside its transaction, and
// link reads go to the database, so nodes never lose each other's updates.
Result<std::unique_ptr<Store>> OpenPostgresqlStore(const PostgresqlStoreOptions& options,
                                                   const Clock& clock);

}  // namespace pal::store
