#pragma once

#include <string>

#include "core/result.h"
#include "store/sql_connection.h"

namespace pal::store {

// Opens (creating if needed) the SQLite database `uri` — a path or a "file:" URI — in WAL mode
// with synchronous=FULL, foreign keys on and a busy timeout, so that other processes (pal
// admin) can write while the server runs.
Result<SqlConnection> OpenSqliteConnection(const std::string& uri);

}  // namespace pal::store
