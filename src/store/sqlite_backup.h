#pragma once

#include <string>

#include "core/result.h"

namespace pal::store {

// Writes a consistent copy of the SQLite database at `database_path` to `target_path` (which
// must not exist) while other connections keep reading and writing: VACUUM INTO reads one
// snapshot of the WAL database, so the copy holds exactly the transactions committed before it
// started. Errors: kInternal with SQLite's message.
Result<void> SnapshotSqliteDatabase(const std::string& database_path,
                                    const std::string& target_path);

// Checks that `database_path` is an intact pal database: PRAGMA integrity_check answers "ok" and
// its schema version is one this pal knows. Opens it read-only; changes nothing. Errors:
// kInvalidArgument "CorruptBackup" naming the first problem.
Result<int> CheckSqliteDatabase(const std::string& database_path);

}  // namespace pal::store
