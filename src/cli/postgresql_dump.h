#pragma once

#include <string>

#include "core/result.h"

namespace pal::cli {

// A PostgreSQL store's backup goes through PostgreSQL's own tools: pg_dump takes one
// consistent snapshot (a repeatable-read transaction) while the nodes keep writing, and
// pg_restore loads it into an empty database in one transaction. The password of the URL,
// if any, reaches them in PGPASSWORD, never on a command line that `ps` shows.

// Writes the database at `url` to `file` (pg_dump's custom format). BackupFailed with
// pg_dump's exit status if it fails (its own message went to stderr).
Result<void> DumpPostgresqlDatabase(const std::string& url, const std::string& file);

// Loads `file` into the database at `url`, which must hold no pal store. All or nothing.
Result<void> RestorePostgresqlDatabase(const std::string& url, const std::string& file);

// The pal schema version of the database at `url`: 0 when it holds no pal store.
Result<int> PostgresqlSchemaVersion(const std::string& url);

}  // namespace pal::cli
