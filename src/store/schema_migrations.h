#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "store/sql_connection.h"

namespace pal::store {

// Brings the database to the newest schema version, applying each missing migration in its
// own transaction and recording it in schema_migrations. Idempotent; safe to call from
// several processes at once (the write lock serialises them). Refuses a database whose
// version is newer than this binary knows.
Result<void> MigrateSchema(SqlConnection& connection, Timestamp now);

// The same, up to `version` only (at most LatestSchemaVersion()): tests of a migration fill a
// database of the version before it, then open the store on it.
Result<void> MigrateSchemaTo(SqlConnection& connection, Timestamp now, int version);

// The schema version this binary writes.
int LatestSchemaVersion();

}  // namespace pal::store
