#include "cli/postgresql_dump.h"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "store/postgresql_connection.h"

extern char** environ;

namespace pal::cli {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The URL without its password, and the password (decoded), so the password can go in the
// environment instead of argv.
struct SplitUrl {
  std::string url;
  std::string password;
};

SplitUrl SplitPassword(const std::string& url) {
  const auto password = store::PostgresqlUrlPassword(url);
  if (!password) return {url, ""};
  // Without ":password": "postgresql://user@host/…".
  return {url.substr(0, password->first - 1) + url.substr(password->second),
          PercentDecoded(
              std::string_view(url).substr(password->first, password->second - password->first))};
}

// Runs `program` with `args` (PATH lookup), the password in PGPASSWORD; its exit status.
Result<int> RunTool(const std::string& program, std::vector<std::string> args,
                    const std::string& password) {
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    if (std::string_view(*e).starts_with("PGPASSWORD=")) continue;
    environment.emplace_back(*e);
  }
  if (!password.empty()) environment.push_back("PGPASSWORD=" + password);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawnp(&pid, program.c_str(), nullptr, nullptr, argv.data(), envp.data());
  if (spawned != 0) {
    return Error::Internal(fmt::format(
        "cannot run {}: {} (it comes with PostgreSQL's client package, postgresql-client-15)",
        program, std::strerror(spawned)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return Error::Internal(fmt::format("waiting for {}: {}", program, std::strerror(errno)));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result<void> DumpPostgresqlDatabase(const std::string& url, const std::string& file) {
  const SplitUrl split = SplitPassword(url);
  PAL_ASSIGN_OR_RETURN(auto status, RunTool("pg_dump",
                                            {"--format=custom", "--no-owner", "--no-privileges",
                                             "--file=" + file, "--dbname=" + split.url},
                                            split.password));
  if (status != 0) {
    return Error::Internal(
        fmt::format("pg_dump of {} failed (exit {}).", store::RedactPostgresqlUrl(url), status));
  }
  return {};
}

Result<void> RestorePostgresqlDatabase(const std::string& url, const std::string& file) {
  const SplitUrl split = SplitPassword(url);
  PAL_ASSIGN_OR_RETURN(auto status, RunTool("pg_restore",
                                            {"--no-owner", "--no-privileges", "--exit-on-error",
                                             "--single-transaction", "--dbname=" + split.url, file},
                                            split.password));
  if (status != 0) {
    return Error::Internal(
        fmt::format("pg_restore into {} failed (exit {}); the database is "
                    "as it was.",
                    store::RedactPostgresqlUrl(url), status));
  }
  return {};
}

Result<int> PostgresqlSchemaVersion(const std::string& url) {
  PAL_ASSIGN_OR_RETURN(auto connection, store::OpenPostgresqlConnection(url));
  PAL_ASSIGN_OR_RETURN(
      auto exists,
      store::SqlStatement::Prepare(
          connection,
          "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"));
  PAL_TRY(exists.Step());
  if (exists.ColumnInt(0) == 0) return 0;
  PAL_ASSIGN_OR_RETURN(auto version,
                       store::SqlStatement::Prepare(
                           connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  PAL_TRY(version.Step());
  return static_cast<int>(version.ColumnInt(0));
}

}  // namespace pal::cli
