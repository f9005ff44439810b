#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sql_connection.h"

namespace pal::store {

// A history table that only grows: rows are never deleted (nor, on PostgreSQL, truncated), and
// a row may be updated only while open (valid_to IS NULL), and then only in the columns that
// close it (valid_to, ended_by_*). `immutable_columns` are all the others.
struct AppendOnlyTable {
  std::string_view name;
  std::span<const std::string_view> immutable_columns;
};

// The triggers that enforce it, in `dialect`'s SQL: <name>_no_delete, <name>_close_only and, on
// PostgreSQL, <name>_no_truncate (they call pal_refuse_history_change(), which migration 1
// creates); each refusal's message is "<name> is append-only".
std::string AppendOnlyTriggers(SqlDialect dialect, const AppendOnlyTable& table);

// Drops those triggers (before a migration rebuilds or alters the table).
std::string DropAppendOnlyTriggers(SqlDialect dialect, std::string_view table);

// A migration names the triggers it creates or drops, the same in both dialects' texts, by
// whole lines that this expands into `dialect`'s SQL:
//   -- append-only: <table>             the triggers of the schema's append-only <table>
//   -- append-only: <table> before <N>  ... of <table> as it was before migration N changed it
//   -- drop append-only: <table>
// kInternal naming the line for an append-only table the schema does not have.
Result<std::string> ExpandAppendOnlyMarkers(SqlDialect dialect, std::string_view migration);

}  // namespace pal::store
