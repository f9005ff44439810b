#include "store/test_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "store/postgresql_connection.h"
#include "store/sql_store.h"
#include "store/sqlite_connection.h"

namespace pal::store {
namespace {

std::atomic<int> databases_made{0};

// `server_url` with its database (the URL's path) replaced by `database`; any query kept.
std::optional<std::string> DatabaseUrl(const std::string& server_url, const std::string& database) {
  const auto scheme = server_url.find("://");
  if (scheme == std::string::npos) return std::nullopt;
  const auto authority_end = server_url.find_first_of("/?", scheme + 3);
  if (authority_end == std::string::npos) return server_url + "/" + database;
  const auto query = server_url.find('?', authority_end);
  return server_url.substr(0, authority_end) + "/" + database +
         (query == std::string::npos ? "" : server_url.substr(query));
}

// Runs one statement on the server's own database (CREATE and DROP DATABASE cannot run in a
// transaction: Execute is autocommit).
Result<void> ExecuteOnServer(const std::string& server_url, const std::string& sql) {
  auto server = OpenPostgresqlConnection(server_url);
  if (!server.ok()) return server.error();
  return server->Execute(sql);
}

// The database TestDatabase::Schema::kMigrated copies, pal_unit_<pid>_template on `server`:
// made empty and migrated by the store (opened once and closed: a template must have no
// connections while it is copied; its schema_migrations say applied_at 0), dropped at exit.
class MigratedTemplate {
 public:
  explicit MigratedTemplate(const std::string& server) {
    const std::string name = fmt::format("pal_unit_{}_template", static_cast<long>(::getpid()));
    auto url = DatabaseUrl(server, name);
    if (!url) {
      error_ = "PAL_TEST_POSTGRES is not a postgresql:// URL: " + RedactPostgresqlUrl(server);
      return;
    }
    auto made = ExecuteOnServer(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    if (made.ok()) made = ExecuteOnServer(server, "CREATE DATABASE " + name);
    if (!made.ok()) {
      error_ = fmt::format("cannot create database {} on {}: {}", name, RedactPostgresqlUrl(server),
                           made.error().message);
      return;
    }
    server_ = server;
    name_ = name;
    const FixedClock clock{0};
    PostgresqlStoreOptions options;
    options.url = *url;
    options.enable_link_writer = false;
    auto store = OpenPostgresqlStore(options, clock);
    if (!store.ok()) {
      error_ = fmt::format("cannot migrate database {}: {}", name, store.error().message);
    }
  }
  ~MigratedTemplate() {
    if (!name_.empty()) {
      (void)ExecuteOnServer(server_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
  }
  MigratedTemplate(const MigratedTemplate&) = delete;
  MigratedTemplate& operator=(const MigratedTemplate&) = delete;

  const std::string& error() const { return error_; }
  const std::string& name() const { return name_; }

 private:
  std::string error_;
  std::string server_;
  std::string name_;
};

const MigratedTemplate& Template(const std::string& server) {
  static const MigratedTemplate made(server);
  return made;
}

}  // namespace

std::optional<std::string> TestPostgresqlServer() {
  const char* server = std::getenv("PAL_TEST_POSTGRES");
  if (server == nullptr || *server == '\0') return std::nullopt;
  return std::string(server);
}

TestDatabase::TestDatabase(Schema schema) {
  if (auto server = TestPostgresqlServer()) {
    std::string copied;
    if (schema == Schema::kMigrated) {
      const MigratedTemplate& migrated = Template(*server);
      if (!migrated.error().empty()) {
        error_ = migrated.error();
        return;
      }
      copied = " TEMPLATE " + migrated.name();
    }
    const std::string name = fmt::format("pal_unit_{}_{}", static_cast<long>(::getpid()),
                                         databases_made.fetch_add(1) + 1);
    auto url = DatabaseUrl(*server, name);
    if (!url) {
      error_ = "PAL_TEST_POSTGRES is not a postgresql:// URL: " + RedactPostgresqlUrl(*server);
      return;
    }
    // A database of this name can only be left by an earlier process of the same pid that
    // died before its teardown: it is garbage.
    auto made = ExecuteOnServer(*server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    if (made.ok()) made = ExecuteOnServer(*server, "CREATE DATABASE " + name + copied);
    if (!made.ok()) {
      error_ = fmt::format("cannot create database {} on {}: {}", name,
                           RedactPostgresqlUrl(*server), made.error().message);
      return;
    }
    postgresql_server_ = *server;
    postgresql_database_ = name;
    postgresql_url_ = *url;
    return;
  }
  std::error_code ec;
  const auto temp = std::filesystem::temp_directory_path(ec);
  if (ec) {
    error_ = "no temporary directory: " + ec.message();
    return;
  }
  std::string pattern = (temp / "pal-store-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    error_ = "mkdtemp failed in " + temp.string();
    return;
  }
  directory_ = pattern;
  sqlite_path_ = directory_ + "/pal.db";
}

TestDatabase::~TestDatabase() {
  if (postgresql()) {
    auto dropped = ExecuteOnServer(
        postgresql_server_, "DROP DATABASE IF EXISTS " + postgresql_database_ + " WITH (FORCE)");
    if (!dropped.ok()) {
      ADD_FAILURE() << "cannot drop test database " << postgresql_database_ << ": "
                    << dropped.error().message;
    }
  }
  if (!directory_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(directory_, ec);
  }
}

Result<std::unique_ptr<Store>> TestDatabase::OpenStore(const Clock& clock,
                                                       bool enable_link_writer) const {
  if (!ok()) return Error::Internal(error_);
  if (postgresql()) {
    PostgresqlStoreOptions options;
    options.url = postgresql_url_;
    options.enable_link_writer = enable_link_writer;
    return OpenPostgresqlStore(options, clock);
  }
  SqliteStoreOptions options;
  options.path = sqlite_path_;
  options.enable_link_writer = enable_link_writer;
  return OpenSqliteStore(options, clock);
}

Result<SqlConnection> TestDatabase::Connect() const {
  if (!ok()) return Error::Internal(error_);
  if (postgresql()) return OpenPostgresqlConnection(postgresql_url_);
  return OpenSqliteConnection(sqlite_path_);
}

::testing::AssertionResult TestStore::Open(const Clock& clock, bool enable_link_writer) {
  store_.reset();
  database_.reset();
  Result<std::unique_ptr<Store>> opened = Error::Internal("not opened");
  if (TestPostgresqlServer()) {
    database_.emplace(TestDatabase::Schema::kMigrated);
    if (!database_->ok()) return ::testing::AssertionFailure() << database_->error();
    opened = database_->OpenStore(clock, enable_link_writer);
  } else {
    SqliteStoreOptions options;
    options.in_memory = true;
    options.enable_link_writer = enable_link_writer;
    opened = OpenSqliteStore(options, clock);
  }
  if (!opened.ok()) {
    return ::testing::AssertionFailure()
           << "cannot open the test store: " << opened.error().message;
  }
  store_ = std::move(opened).value();
  return ::testing::AssertionSuccess();
}

Result<std::vector<std::string>> QueryRows(const SqlConnection& connection, const std::string& sql,
                                           int columns) {
  auto statement = SqlStatement::Prepare(connection, sql);
  if (!statement.ok()) return statement.error();
  std::vector<std::string> rows;
  for (;;) {
    auto row = statement->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    std::string text;
    for (int c = 0; c < columns; ++c) {
      if (c > 0) text += ',';
      text += statement->ColumnOptionalText(c).value_or("-");
    }
    rows.push_back(std::move(text));
  }
  return rows;
}

}  // namespace pal::store
