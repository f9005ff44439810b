#pragma once

#include <memory>

#include "core/clock.h"
#include "store/group_commit_link_writer.h"
#include "store/link_commit_observer.h"
#include "store/link_index.h"
#include "store/link_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// PAL links in SQL: an index of every link in memory, the group-commit writer (if started)
// and the link history. Thread-safe.
class SqlLinkStore final : public LinkStore {
 public:
  // `shared` says whether other processes may write links to the same database (PostgreSQL):
  // then link reads and the writer's read-modify-write go to the database, not the index.
  // `pool` and `clock` must outlive the store.
  SqlLinkStore(SqlConnectionPool& pool, const Clock& clock, bool shared)
      : pool_(pool), clock_(clock), shared_(shared) {}
  // Completes every accepted write first.
  ~SqlLinkStore() override { writer_.reset(); }

  // Loads every committed link into the index, on `connection`.
  Result<void> LoadIndex(SqlConnection& connection);
  // Loads them on a pooled connection (after a data set import wrote links past the writer).
  Result<void> ReloadIndex();
  // Starts the link writer on `connection`, reporting each commit to `observer` (or nullptr),
  // which must outlive the store. Without it WriteLink fails.
  void StartWriter(SqlConnection connection, LinkCommitObserver* observer);

  std::optional<ManagementPartnerLink> FindLink(const PrincipalKey& owner) override;
  void WriteLink(const PrincipalKey& owner, const PrincipalKey& actor, const LinkCommand& command,
                 LinkWriteDone done) override;
  Result<std::vector<LinkHistoryEntry>> ListLinkHistory(
      const std::optional<PrincipalKey>& owner) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
  const bool shared_;
  LinkIndex index_;
  std::unique_ptr<GroupCommitLinkWriter> writer_;
};

}  // namespace pal::store
