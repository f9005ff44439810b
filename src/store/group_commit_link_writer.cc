#include "store/group_commit_link_writer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/sql_link_row.h"

namespace pal::store {
namespace {

constexpr size_t kMaxBatch = 8192;

constexpr std::string_view kUpsertLink = R"sql(
INSERT INTO partner_links(tenant_id, object_id, partner_id, partner_name, state, version,
                          created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT(tenant_id, object_id) DO UPDATE SET partner_id = ?3, partner_name = ?4, state = ?5,
  version = ?6, updated_at = ?8)sql";

constexpr std::string_view kCloseHistory = R"sql(
UPDATE partner_link_history SET valid_to = ?4
WHERE tenant_id = ?1 AND object_id = ?2 AND version = ?3)sql";

constexpr std::string_view kAppendHistory = R"sql(
INSERT INTO partner_link_history(tenant_id, object_id, version, action, actor_tenant_id,
  actor_object_id, old_partner_id, new_partner_id, old_state, new_state, valid_from)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql";

struct Prepared {
  SqlStatement upsert_link;
  SqlStatement close_history;
  SqlStatement append_history;
};

Result<Prepared> PrepareAll(const SqlConnection& connection) {
  PAL_ASSIGN_OR_RETURN(auto upsert, SqlStatement::Prepare(connection, kUpsertLink));
  PAL_ASSIGN_OR_RETURN(auto close, SqlStatement::Prepare(connection, kCloseHistory));
  PAL_ASSIGN_OR_RETURN(auto append, SqlStatement::Prepare(connection, kAppendHistory));
  return Prepared{std::move(upsert), std::move(close), std::move(append)};
}

Result<void> Persist(Prepared& sql, const std::optional<ManagementPartnerLink>& before,
                     const ManagementPartnerLink& after, const PrincipalKey& actor,
                     LinkAction action) {
  const std::string tenant = after.owner.tenant_id.ToString();
  const std::string object = after.owner.object_id.ToString();
  auto upsert = sql.upsert_link.Bind(1, tenant)
                    .Bind(2, object)
                    .Bind(3, after.partner_id)
                    .Bind(4, after.partner_name)
                    .Bind(5, LinkStateName(after.state))
                    .Bind(6, after.version)
                    .Bind(7, after.created_at)
                    .Bind(8, after.updated_at)
                    .RunDeferred();
  if (!upsert.ok()) return upsert;
  std::optional<std::string> old_partner;
  std::optional<std::string> old_state;
  if (before) {
    // The previous version's row is the open one; the unique index finds it directly.
    auto close = sql.close_history.Bind(1, tenant)
                     .Bind(2, object)
                     .Bind(3, before->version)
                     .Bind(4, after.updated_at)
                     .RunDeferred();
    if (!close.ok()) return close;
    old_partner = before->partner_id;
    old_state = std::string(LinkStateName(before->state));
  }
  return sql.append_history.Bind(1, tenant)
      .Bind(2, object)
      .Bind(3, after.version)
      .Bind(4, LinkActionName(action))
      .Bind(5, actor.tenant_id.ToString())
      .Bind(6, actor.object_id.ToString())
      .BindOptional(7, old_partner)
      .Bind(8, after.partner_id)
      .BindOptional(9, old_state)
      .Bind(10, LinkStateName(after.state))
      .Bind(11, after.updated_at)
      .RunDeferred();
}

// The committed links of `owners`, read inside the batch's transaction in one query per
// kPrefetchChunk owners. (PostgreSQL's unnest: only stores that other processes write, which
// are PostgreSQL ones, read links back from the database.)
constexpr size_t kPrefetchChunk = 1000;

Result<std::map<PrincipalKey, ManagementPartnerLink>> FindCommitted(
    const SqlConnection& connection, const std::vector<PrincipalKey>& owners) {
  std::map<PrincipalKey, ManagementPartnerLink> found;
  static const std::string kFindLinks = SelectLinksSql(
      "WHERE (tenant_id, object_id) IN "
      "(SELECT * FROM unnest(CAST(?1 AS TEXT[]), CAST(?2 AS TEXT[])))");
  PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(connection, kFindLinks));
  for (size_t start = 0; start < owners.size(); start += kPrefetchChunk) {
    std::string tenants = "{";
    std::string objects = "{";
    for (size_t i = start; i < std::min(owners.size(), start + kPrefetchChunk); ++i) {
      if (i > start) {
        tenants += ',';
        objects += ',';
      }
      tenants += owners[i].tenant_id.ToString();
      objects += owners[i].object_id.ToString();
    }
    statement.Bind(1, tenants + "}").Bind(2, objects + "}");
    for (;;) {
      auto row = statement.Step();
      if (!row.ok()) {
        statement.Reset();
        return row.error();
      }
      if (!*row) break;
      ManagementPartnerLink link = LinkFromRow(statement);
      found[link.owner] = std::move(link);
    }
    statement.Reset();
  }
  return found;
}

}  // namespace

struct GroupCommitLinkWriter::Statements {
  Prepared prepared;
};

GroupCommitLinkWriter::GroupCommitLinkWriter(SqlConnection connection, LinkIndex& index,
                                             const Clock& clock, CurrentLinks current,
                                             LinkCommitObserver* observer)
    : connection_(std::move(connection)),
      index_(index),
      clock_(clock),
      current_(current),
      observer_(observer) {
  thread_ = std::thread([this] { Run(); });
}

GroupCommitLinkWriter::~GroupCommitLinkWriter() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.NotifyOne();
  thread_.join();
}

void GroupCommitLinkWriter::Submit(const PrincipalKey& owner, const PrincipalKey& actor,
                                   const LinkCommand& command, LinkStore::LinkWriteDone done) {
  {
    MutexLock lock(mutex_);
    queue_.push_back(Request{owner, actor, command, std::move(done)});
  }
  wake_.NotifyOne();
}

void GroupCommitLinkWriter::Run() {
  auto prepared = PrepareAll(connection_);
  if (prepared.ok()) {
    statements_ = std::make_unique<Statements>(Statements{std::move(prepared).value()});
  } else {
    prepare_error_ = prepared.error();
  }
  std::deque<Request> batch;
  for (;;) {
    {
      MutexLock lock(mutex_);
      while (!stopping_ && queue_.empty()) wake_.Wait();
      if (queue_.empty()) return;  // stopping and drained
      if (queue_.size() <= kMaxBatch) {
        batch.swap(queue_);
      } else {
        for (size_t i = 0; i < kMaxBatch; ++i) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
    }
    CommitBatch(batch);
    batch.clear();
  }
}

void GroupCommitLinkWriter::CommitBatch(std::deque<Request>& batch) {
  // Each request's outcome: the rule's error, or the new link (pending the commit).
  std::vector<Result<ManagementPartnerLink>> outcomes;
  outcomes.reserve(batch.size());
  std::map<PrincipalKey, ManagementPartnerLink> changed;

  auto fail_all = [&](const Error& error) {
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].done(outcomes.size() > i && !outcomes[i].ok() ? outcomes[i] : error);
    }
  };

  if (!statements_) return fail_all(prepare_error_);
  Prepared& sql = statements_->prepared;
  const auto started = std::chrono::steady_clock::now();
  auto begin = connection_.BeginWrite();
  if (!begin.ok())
    return fail_all(Error{ErrorKind::kUnavailable, "ServiceUnavailable",
                          "The store is busy; retry. (" + begin.error().message + ")"});

  // Another node may have changed these links since this one last saw them.
  std::map<PrincipalKey, ManagementPartnerLink> committed;
  if (current_ == CurrentLinks::kFromDatabase) {
    std::vector<PrincipalKey> owners;
    owners.reserve(batch.size());
    for (const auto& request : batch) owners.push_back(request.owner);
    std::sort(owners.begin(), owners.end());
    owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
    auto found = FindCommitted(connection_, owners);
    if (!found.ok()) {
      (void)connection_.Execute("ROLLBACK");
      return fail_all(found.error());
    }
    committed = std::move(found).value();
  }

  const Timestamp now = clock_.Now();
  connection_.BeginDeferred();
  for (auto& request : batch) {
    std::optional<ManagementPartnerLink> current;
    if (auto it = changed.find(request.owner); it != changed.end()) {
      current = it->second;
    } else if (current_ == CurrentLinks::kFromDatabase) {
      if (auto it = committed.find(request.owner); it != committed.end()) current = it->second;
    } else {
      current = index_.Find(request.owner);
    }
    // Keep versions strictly increasing in time even if the clock steps back.
    const Timestamp stamp = current ? std::max(now, current->updated_at) : now;
    auto next = ApplyLinkCommand(request.owner, current, request.command, stamp);
    if (next.ok()) {
      auto persisted = Persist(sql, current, *next, request.actor, request.command.action);
      if (!persisted.ok()) {
        (void)connection_.EndDeferred();
        (void)connection_.Execute("ROLLBACK");
        return fail_all(persisted.error());
      }
      changed[request.owner] = *next;
    }
    outcomes.push_back(std::move(next));
  }

  if (auto sent = connection_.EndDeferred(); !sent.ok()) {
    (void)connection_.Execute("ROLLBACK");
    return fail_all(sent.error());
  }
  auto commit = connection_.Execute("COMMIT");
  if (!commit.ok()) {
    (void)connection_.Execute("ROLLBACK");
    return fail_all(commit.error());
  }
  if (observer_) {
    observer_->OnLinkCommit(
        batch.size(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  for (const auto& [key, link] : changed) index_.Put(link);
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(outcomes[i]));
}

}  // namespace pal::store
