#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <thread>

#include "core/clock.h"
#include "core/mutex.h"
#include "store/link_commit_observer.h"
#include "store/link_index.h"
#include "store/link_store.h"
#include "store/sql_connection.h"

namespace pal::store {

// The single writer of PAL links. Requests queue up while a commit is in flight; the next
// batch applies each one in order (against the index plus the batch's own earlier changes),
// writes the link row and its history row, and commits the whole batch with one fsync. Only
// then are the index updated and the completions called, in order, on the writer thread.
// A failed commit fails every request of its batch and changes nothing.
class GroupCommitLinkWriter {
 public:
  // Where a batch reads each owner's current link from. kFromIndex when this writer is the
  // database's only link writer (SQLite: one pal serve per file); kFromDatabase when other
  // processes write the same links too (PostgreSQL behind several nodes) — read inside the
  // batch's transaction, which holds the write lock, so no update is lost between nodes.
  enum class CurrentLinks { kFromIndex, kFromDatabase };

  // Takes ownership of `connection`; `index`, `clock` and `observer` (which sees every
  // commit, or nullptr) must outlive the writer.
  GroupCommitLinkWriter(SqlConnection connection, LinkIndex& index, const Clock& clock,
                        CurrentLinks current = CurrentLinks::kFromIndex,
                        LinkCommitObserver* observer = nullptr);
  // Drains the queue (every accepted request completes) and joins the thread.
  ~GroupCommitLinkWriter();

  GroupCommitLinkWriter(const GroupCommitLinkWriter&) = delete;
  GroupCommitLinkWriter& operator=(const GroupCommitLinkWriter&) = delete;

  // Thread-safe. `done` runs on the writer thread.
  void Submit(const PrincipalKey& owner, const PrincipalKey& actor, const LinkCommand& command,
              LinkStore::LinkWriteDone done);

 private:
  struct Request {
    PrincipalKey owner;
    PrincipalKey actor;
    LinkCommand command;
    LinkStore::LinkWriteDone done;
  };

  struct Statements;

  void Run();
  void CommitBatch(std::deque<Request>& batch);

  SqlConnection connection_;
  LinkIndex& index_;
  const Clock& clock_;
  const CurrentLinks current_;
  LinkCommitObserver* const observer_;
  std::unique_ptr<Statements> statements_;  // prepared on the writer thread; null if that failed
  Error prepare_error_;

  Mutex mutex_;
  CondVar wake_{mutex_};
  std::deque<Request> queue_ PAL_GUARDED_BY(mutex_);
  bool stopping_ PAL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace pal::store
