#pragma once

#include <span>
#include <string_view>

namespace pal::store {

// The PostgreSQL 15 schema migrations: entry i is the translation of SQLite migration i + 1
// (schema_migrations.cc), so both backends reach the same schema version by the same steps and
// one version number means one schema. Each entry is a multi-statement string meant for one
// PQexec inside the migration's transaction. Never edit an entry once released; append one
// whenever a SQLite migration is appended.
//
// The translation: INTEGER is BIGINT (timestamps are int64 epoch values); AUTOINCREMENT keys are
// identity columns; TEXT is TEXT COLLATE "C" and NOCASE text is CITEXT COLLATE "C", so that
// comparisons and ORDER BY are SQLite's byte order and ASCII-only case folding whatever the
// database's locale; append-only triggers raise SQLSTATE 23000, a constraint violation, as
// SQLite's RAISE(ABORT) is a constraint error.
std::span<const std::string_view> PostgresqlMigrations();

}  // namespace pal::store
