#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "store/sql_connection.h"

namespace pal::store {

// Connects to PostgreSQL with a libpq URI ("postgresql://user@host:port/database"). The
// connection reconnects by itself when it finds the server gone between transactions (a
// restarted server, a failover), never inside one.
Result<SqlConnection> OpenPostgresqlConnection(const std::string& url);

// The store's SQL, written with SQLite's `?N` (or bare `?`) placeholders, in PostgreSQL's
// `$N` form; quoted text is left as it is. Also maps the one aggregate the store uses whose
// name differs (group_concat → string_agg). Sets `parameters` to the highest index used.
std::string TranslateSqlForPostgresql(std::string_view sql, int& parameters);

// Where the password of a postgresql://user:password@host/… URL stands: [first, last) of
// `url`, or nullopt when it has none.
std::optional<std::pair<size_t, size_t>> PostgresqlUrlPassword(std::string_view url);

// `url` with any password replaced by "***", for messages and logs.
std::string RedactPostgresqlUrl(std::string_view url);

}  // namespace pal::store
