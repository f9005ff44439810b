#include "store/sql_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "store/postgresql_connection.h"
#include "store/schema_migrations.h"
#include "store/sql_connection_pool.h"
#include "store/sql_credential_store.h"
#include "store/sql_dataset_store.h"
#include "store/sql_directory_store.h"
#include "store/sql_link_store.h"
#include "store/sql_managed_identity_store.h"
#include "store/sql_managed_services_store.h"
#include "store/sql_partner_of_record_store.h"
#include "store/sql_partner_role_store.h"
#include "store/sql_partner_store.h"
#include "store/sql_power_platform_store.h"
#include "store/sql_resource_group_store.h"
#include "store/sql_role_assignment_store.h"
#include "store/sql_scope_store.h"
#include "store/sqlite_connection.h"

namespace pal::store {
namespace {

// The store on one database: a connection pool and one SQL store per area, all sharing it.
class SqlStore final : public Store {
 public:
  // `shared` says whether other processes may write links to the same database (PostgreSQL):
  // then link reads and the writer's read-modify-write go to the database, not the index.
  SqlStore(SqlConnectionPool::Opener open, const Clock& clock, bool shared)
      : clock_(clock), pool_(std::move(open)), links_(pool_, clock, shared) {}

  // Migrates the schema, loads the link index and, if asked, starts the link writer on the
  // connection that did both.
  Result<void> Open(bool enable_link_writer, LinkCommitObserver* observer) {
    PAL_ASSIGN_OR_RETURN(auto primary, pool_.Acquire());
    PAL_TRY(MigrateSchema(primary, clock_.Now()));
    PAL_TRY(links_.LoadIndex(primary));
    if (enable_link_writer) {
      links_.StartWriter(std::move(primary), observer);
    } else {
      pool_.Release(std::move(primary));
    }
    return {};
  }

  DirectoryStore& directory() override { return directory_; }
  ManagedIdentityStore& managed_identities() override { return managed_identities_; }
  PartnerStore& partners() override { return partners_; }
  PartnerRoleStore& partner_roles() override { return partner_roles_; }
  ScopeStore& scopes() override { return scopes_; }
  ResourceGroupStore& resource_groups() override { return resource_groups_; }
  RoleAssignmentStore& role_assignments() override { return role_assignments_; }
  ManagedServicesStore& managed_services() override { return managed_services_; }
  PartnerOfRecordStore& partners_of_record() override { return partners_of_record_; }
  PowerPlatformEnvironmentStore& power_platform_environments() override { return power_platform_; }
  PowerPlatformResourceStore& power_platform_resources() override { return power_platform_; }
  LinkStore& links() override { return links_; }
  DatasetStore& dataset() override { return dataset_; }
  CredentialStore& credentials() override { return credentials_; }

 private:
  const Clock& clock_;
  SqlConnectionPool pool_;
  // Declared after the pool, which outlives them; the link store is destroyed last of the
  // areas, completing every accepted link write first.
  SqlLinkStore links_;
  SqlDirectoryStore directory_{pool_, clock_};
  SqlManagedIdentityStore managed_identities_{pool_, clock_};
  SqlPartnerStore partners_{pool_, clock_};
  SqlPartnerRoleStore partner_roles_{pool_, clock_};
  SqlScopeStore scopes_{pool_, clock_, directory_};
  SqlResourceGroupStore resource_groups_{pool_, clock_, scopes_};
  SqlRoleAssignmentStore role_assignments_{pool_, clock_};
  SqlManagedServicesStore managed_services_{pool_, clock_};
  SqlPartnerOfRecordStore partners_of_record_{pool_, clock_};
  SqlPowerPlatformStore power_platform_{pool_, clock_};
  SqlDatasetStore dataset_{pool_, clock_, links_};
  SqlCredentialStore credentials_{pool_, clock_};
};

std::atomic<int> in_memory_counter{0};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options,
                                               const Clock& clock) {
  std::string uri = options.path;
  if (options.in_memory) {
    // The memdb VFS shares one in-memory database between this process's connections.
    uri = fmt::format("file:/pal-memory-{}-{}?vfs=memdb", reinterpret_cast<std::uintptr_t>(&clock),
                      in_memory_counter.fetch_add(1));
  }
  if (!options.in_memory && !options.path.starts_with("file:")) {
    // The database holds secret hashes: only its owner may read it. SQLite gives its -wal and
    // -shm files the database's mode, so creating it 0600 (and tightening an older one) covers
    // all three, whatever the umask or the data directory's mode.
    const int fd = ::open(options.path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Error::Internal(
          fmt::format("cannot open database '{}': {}", options.path, std::strerror(errno)));
    }
    struct stat st {};
    const bool loose = ::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0;
    if (loose) (void)::fchmod(fd, 0600);
    ::close(fd);
  }
  auto store = std::make_unique<SqlStore>([uri] { return OpenSqliteConnection(uri); }, clock,
                                          /*shared=*/false);
  PAL_TRY(store->Open(options.enable_link_writer, options.link_commit_observer));
  return std::unique_ptr<Store>(std::move(store));
}

Result<std::unique_ptr<Store>> OpenPostgresqlStore(const PostgresqlStoreOptions& options,
                                                   const Clock& clock) {
  const std::string url = options.url;
  auto store = std::make_unique<SqlStore>([url] { return OpenPostgresqlConnection(url); }, clock,
                                          /*shared=*/true);
  PAL_TRY(store->Open(options.enable_link_writer, options.link_commit_observer));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace pal::store
