#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/sql_connection.h"
#include "store/store.h"

namespace pal::store {

// The PostgreSQL server the store tests run against (env PAL_TEST_POSTGRES, a libpq URL such
// as postgresql://postgres@127.0.0.1:55432/postgres), or nothing: then they run on SQLite.
std::optional<std::string> TestPostgresqlServer();

// A fresh, empty database for one test, on the backend under test: a pal.db in a new
// temporary directory on SQLite; under PAL_TEST_POSTGRES a new database of its own
// (pal_unit_<pid>_<n>) on that server. Dropped (or removed) with the object. The store can
// be opened on it any number of times, one after the other, to test what survives a reopen.
class TestDatabase {
 public:
  // What the database holds to begin with. kMigrated: on PostgreSQL a copy of a database the
  // store has migrated once per process, dropped at exit (copying it costs what creating an
  // empty one does, and saves a test its store's migrations: some 0.5 s); SQLite ignores it.
  enum class Schema { kNone, kMigrated };

  explicit TestDatabase(Schema schema = Schema::kNone);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Whether the database was made; if not, why (the tests ASSERT on it).
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  bool postgresql() const { return !postgresql_database_.empty(); }
  // The SQLite file (empty on PostgreSQL), for the checks only SQLite has.
  const std::string& sqlite_path() const { return sqlite_path_; }

  // Opens the store on the database (migrating it on the first open).
  Result<std::unique_ptr<Store>> OpenStore(const Clock& clock,
                                           bool enable_link_writer = false) const;
  // A connection of its own to the database: the tests' direct SQL, past the store.
  Result<SqlConnection> Connect() const;

 private:
  std::string error_;
  std::string directory_;
  std::string sqlite_path_;
  std::string postgresql_server_;
  std::string postgresql_database_;
  std::string postgresql_url_;
};

// The store of a test above the store (the API handlers): an in-memory SQLite store, or under
// PAL_TEST_POSTGRES one on a fresh, migrated database of its own on that server (a
// TestDatabase of Schema::kMigrated), dropped with the object once the store is closed. Empty
// until Open; then used like a pointer.
class TestStore {
 public:
  TestStore() = default;
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  // Opens the store on a new, empty database (ASSERT_TRUE on it: it says why it failed).
  ::testing::AssertionResult Open(const Clock& clock, bool enable_link_writer = false);

  bool postgresql() const { return database_.has_value(); }
  Store& operator*() const { return *store_; }
  Store* operator->() const { return store_.get(); }
  Store* get() const { return store_.get(); }

 private:
  std::optional<TestDatabase> database_;  // Declared first: outlives the store.
  std::unique_ptr<Store> store_;
};

// The rows of a query of `columns` columns as text, columns joined by ',' and NULL as "-", in
// the order the database returns them (so give the query an ORDER BY).
Result<std::vector<std::string>> QueryRows(const SqlConnection& connection, const std::string& sql,
                                           int columns);

}  // namespace pal::store
