#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "store/link_index.h"
#include "store/sql_connection.h"
#include "store/store.h"

namespace pal::store {

// Sees each durable commit of a GroupCommitLinkWriter (for metrics): how many requests it
// carried and how long BEGIN..COMMIT took, fsync included. Called on the writer thread after
// the commit and before the completions; must be cheap and thread-safe.
class LinkCommitObserver {
 public:
  virtual ~LinkCommitObserver() = default;
  virtual void OnLinkCommit(std::size_t batch_size, double seconds) = 0;
};

// Installs the process-wide observer every writer reports to (the store creates its writer
// itself, so `pal serve` installs this before it opens the store); nullptr removes it. The
// observer must outlive every writer that reports to it. Thread-safe.
void SetLinkCommitObserver(LinkCommitObserver* observer);

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

  // Takes ownership of `connection`; `index` and `clock` must outlive the writer.
  GroupCommitLinkWriter(SqlConnection connection, LinkIndex& index, const Clock& clock,
                        CurrentLinks current = CurrentLinks::kFromIndex);
  // Drains the queue (every accepted request completes) and joins the thread.
  ~GroupCommitLinkWriter();

  GroupCommitLinkWriter(const GroupCommitLinkWriter&) = delete;
  GroupCommitLinkWriter& operator=(const GroupCommitLinkWriter&) = delete;

  // Thread-safe. `done` runs on the writer thread.
  void Submit(const PrincipalKey& owner, const PrincipalKey& actor, const LinkCommand& command,
              Store::LinkWriteDone done);

 private:
  struct Request {
    PrincipalKey owner;
    PrincipalKey actor;
    LinkCommand command;
    Store::LinkWriteDone done;
  };

  struct Statements;

  void Run();
  void CommitBatch(std::deque<Request>& batch);

  SqlConnection connection_;
  LinkIndex& index_;
  const Clock& clock_;
  const CurrentLinks current_;
  std::unique_ptr<Statements> statements_;  // prepared on the writer thread; null if that failed
  Error prepare_error_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Request> queue_;  // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_
  std::thread thread_;
};

}  // namespace pal::store
