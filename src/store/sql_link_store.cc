#include "store/sql_link_store.h"

#include <string>
#include <utility>

#include "store/sql_link_row.h"

namespace pal::store {
namespace {

// One owner's link: binds ?1 tenant id, ?2 object id.
const std::string& FindLinkSql() {
  static const std::string sql = SelectLinksSql("WHERE tenant_id = ?1 AND object_id = ?2");
  return sql;
}
LinkAction ParseLinkAction(const std::string& text) {
  if (text == "update") return LinkAction::kUpdate;
  if (text == "delete") return LinkAction::kDelete;
  return LinkAction::kCreate;
}

}  // namespace

std::optional<ManagementPartnerLink> SqlLinkStore::FindLink(const PrincipalKey& owner) {
  if (!shared_) return index_.Find(owner);
  // Another node may have written it: read the committed row. If the database cannot be
  // reached, answer with what this node last knew rather than fail the read.
  auto row = pool_.QueryOne<ManagementPartnerLink>(
      FindLinkSql(),
      [&](SqlStatement& s) {
        s.Bind(1, owner.tenant_id.ToString()).Bind(2, owner.object_id.ToString());
      },
      LinkFromRow);
  if (!row.ok()) return index_.Find(owner);
  if (*row) index_.Put(**row);
  return *row;
}

void SqlLinkStore::WriteLink(const PrincipalKey& owner, const PrincipalKey& actor,
                             const LinkCommand& command, LinkWriteDone done) {
  if (!writer_) {
    done(Error::Internal("this store was opened without a link writer"));
    return;
  }
  writer_->Submit(owner, actor, command, std::move(done));
}

Result<std::vector<LinkHistoryEntry>> SqlLinkStore::ListLinkHistory(
    const std::optional<PrincipalKey>& owner) {
  std::string sql =
      "SELECT seq, tenant_id, object_id, version, action, actor_tenant_id, actor_object_id, "
      "old_partner_id, new_partner_id, old_state, new_state, valid_from, valid_to "
      "FROM partner_link_history";
  if (owner) sql += " WHERE tenant_id = ?1 AND object_id = ?2";
  sql += " ORDER BY seq";
  return pool_.QueryAll<LinkHistoryEntry>(
      sql,
      [&](SqlStatement& s) {
        if (owner) s.Bind(1, owner->tenant_id.ToString()).Bind(2, owner->object_id.ToString());
      },
      [](const SqlStatement& row) {
        LinkHistoryEntry e;
        e.sequence = row.ColumnInt(0);
        e.owner = {row.ColumnGuid(1), row.ColumnGuid(2)};
        e.version = row.ColumnInt(3);
        e.action = ParseLinkAction(row.ColumnText(4));
        e.actor = {row.ColumnGuid(5), row.ColumnGuid(6)};
        e.old_partner_id = row.ColumnOptionalText(7);
        e.new_partner_id = row.ColumnText(8);
        if (auto old_state = row.ColumnOptionalText(9)) e.old_state = ParseLinkState(*old_state);
        e.new_state = ParseLinkState(row.ColumnText(10));
        e.valid_from = row.ColumnInt(11);
        if (auto to = row.ColumnOptionalText(12)) e.valid_to = row.ColumnInt(12);
        return e;
      });
}

Result<void> SqlLinkStore::LoadIndex(SqlConnection& connection) {
  PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(connection, SelectLinksSql("")));
  for (;;) {
    PAL_ASSIGN_OR_RETURN(const bool row, statement.Step());
    if (!row) break;
    index_.Put(LinkFromRow(statement));
  }
  return {};
}

Result<void> SqlLinkStore::ReloadIndex() {
  PAL_ASSIGN_OR_RETURN(auto connection, pool_.Acquire());
  auto loaded = LoadIndex(connection);
  pool_.Release(std::move(connection));
  return loaded;
}

void SqlLinkStore::StartWriter(SqlConnection connection, LinkCommitObserver* observer) {
  writer_ = std::make_unique<GroupCommitLinkWriter>(
      std::move(connection), index_, clock_,
      shared_ ? GroupCommitLinkWriter::CurrentLinks::kFromDatabase
              : GroupCommitLinkWriter::CurrentLinks::kFromIndex,
      observer);
}

}  // namespace pal::store
