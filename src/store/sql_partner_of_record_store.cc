#include "store/sql_partner_of_record_store.h"

#include <fmt/format.h>

namespace pal::store {
namespace {

constexpr std::string_view kColumns =
    "subscription_id, partner_id, valid_from, valid_to, assigned_by_tenant_id, "
    "assigned_by_object_id, ended_by_tenant_id, ended_by_object_id, end_reason";

PartnerOfRecord FromRow(const SqlStatement& r) {
  PartnerOfRecord p;
  p.subscription_id = r.ColumnGuid(0);
  p.partner_id = r.ColumnText(1);
  p.assigned_at = r.ColumnInt(2);
  p.removed_at = r.ColumnOptionalInt(3);
  p.assigned_by = {r.ColumnGuid(4), r.ColumnGuid(5)};
  if (r.ColumnOptionalText(6)) p.removed_by = PrincipalKey{r.ColumnGuid(6), r.ColumnGuid(7)};
  p.end_reason = r.ColumnOptionalText(8).value_or("");
  return p;
}

Result<void> Close(SqlConnection& c, const Guid& subscription_id, const PrincipalKey& actor,
                   std::string_view reason, Timestamp now, const Error& conflict) {
  return SqlConnectionPool::RunOn(
      c,
      "UPDATE dpor_history SET valid_to = ?2, ended_by_tenant_id = ?3, ended_by_object_id = ?4, "
      "end_reason = ?5 WHERE subscription_id = ?1 AND valid_to IS NULL",
      [&](SqlStatement& s) {
        s.Bind(1, subscription_id.ToString())
            .Bind(2, now)
            .Bind(3, actor.tenant_id.ToString())
            .Bind(4, actor.object_id.ToString())
            .Bind(5, reason);
      },
      conflict);
}

}  // namespace

Result<std::optional<PartnerOfRecord>> SqlPartnerOfRecordStore::FindPartnerOfRecord(
    const Guid& subscription_id) {
  return pool_.QueryOne<PartnerOfRecord>(
      fmt::format("SELECT {} FROM dpor_history WHERE subscription_id = ?1 AND valid_to IS NULL",
                  kColumns),
      [&](SqlStatement& s) { s.Bind(1, subscription_id.ToString()); }, FromRow);
}

Result<void> SqlPartnerOfRecordStore::SetPartnerOfRecord(const Guid& subscription_id,
                                                         const std::string& partner_id,
                                                         const PrincipalKey& actor) {
  const Timestamp now = clock_.Now();
  const Error conflict = Error::Conflict("Conflict", "The partner of record changed concurrently.");
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(Close(c, subscription_id, actor, "replaced", now, conflict));
    return SqlConnectionPool::RunOn(
        c,
        "INSERT INTO dpor_history(subscription_id, partner_id, assigned_by_tenant_id, "
        "assigned_by_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, ?5)",
        [&](SqlStatement& s) {
          s.Bind(1, subscription_id.ToString())
              .Bind(2, partner_id)
              .Bind(3, actor.tenant_id.ToString())
              .Bind(4, actor.object_id.ToString())
              .Bind(5, now);
        },
        conflict);
  });
}

Result<void> SqlPartnerOfRecordStore::EndPartnerOfRecord(const Guid& subscription_id,
                                                         const PrincipalKey& actor,
                                                         std::string_view reason) {
  const Timestamp now = clock_.Now();
  const Error conflict = Error::Conflict("Conflict", "The partner of record changed concurrently.");
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(Close(c, subscription_id, actor, reason, now, conflict));
    if (c.Changes() == 0) {
      return Error::NotFound(
          "PartnerOfRecordNotFound",
          fmt::format("Subscription '{}' has no partner of record.", subscription_id.ToString()));
    }
    return {};
  });
}

Result<std::vector<PartnerOfRecord>> SqlPartnerOfRecordStore::ListPartnerOfRecordHistory() {
  return pool_.QueryAll<PartnerOfRecord>(
      fmt::format("SELECT {} FROM dpor_history ORDER BY seq", kColumns), [](SqlStatement&) {},
      FromRow);
}

}  // namespace pal::store
