#include "store/sql_partner_store.h"

#include <fmt/format.h>

namespace pal::store {
namespace {

constexpr std::string_view kPartnerColumns =
    "partner_id, name, kind, global_id, status, created_at, home_tenant_id";

// One row of partner_history, in force from `from`; the actor is the pal administrator.
Result<void> AppendPartnerHistory(SqlConnection& connection, const Partner& p,
                                  std::string_view action, Timestamp from, const Error& conflict) {
  const std::string administrator = Guid().ToString();
  return SqlConnectionPool::RunOn(
      connection,
      "INSERT INTO partner_history(partner_id, action, name, kind, global_id, status, "
      "actor_tenant_id, actor_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
      [&](SqlStatement& s) {
        s.Bind(1, p.partner_id)
            .Bind(2, action)
            .Bind(3, p.name)
            .Bind(4, PartnerIdKindName(p.kind))
            .BindOptional(5, p.global_id)
            .Bind(6, PartnerStatusName(p.status))
            .Bind(7, administrator)
            .Bind(8, from);
      },
      conflict);
}

Partner PartnerFromRow(const SqlStatement& row) {
  Partner p;
  p.partner_id = row.ColumnText(0);
  p.name = row.ColumnText(1);
  p.kind = ParsePartnerIdKind(row.ColumnText(2)).value_or(PartnerIdKind::kLocation);
  p.global_id = row.ColumnOptionalText(3);
  p.status = ParsePartnerStatus(row.ColumnText(4)).value_or(PartnerStatus::kActive);
  p.created_at = row.ColumnInt(5);
  if (auto tenant = row.ColumnOptionalText(6)) p.home_tenant_id = Guid::Parse(*tenant);
  return p;
}

}  // namespace

Result<void> SqlPartnerStore::AddPartner(const Partner& partner) {
  Partner p = partner;
  p.created_at = clock_.Now();
  std::optional<std::string> home_tenant;
  if (p.home_tenant_id) home_tenant = p.home_tenant_id->ToString();
  const Error exists = AlreadyExists(fmt::format("Partner ID '{}'", p.partner_id));
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        c,
        "INSERT INTO partners(partner_id, name, kind, global_id, status, created_at, "
        "home_tenant_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        [&](SqlStatement& s) {
          s.Bind(1, p.partner_id)
              .Bind(2, p.name)
              .Bind(3, PartnerIdKindName(p.kind))
              .BindOptional(4, p.global_id)
              .Bind(5, PartnerStatusName(p.status))
              .Bind(6, p.created_at)
              .BindOptional(7, home_tenant);
        },
        exists));
    return AppendPartnerHistory(c, p, "add", p.created_at, exists);
  });
}

Result<void> SqlPartnerStore::RetirePartner(const std::string& partner_id) {
  PAL_ASSIGN_OR_RETURN(auto existing, FindPartner(partner_id));
  if (!existing) {
    return Error::NotFound("PartnerNotFound",
                           fmt::format("Partner ID '{}' is not in the registry.", partner_id));
  }
  if (existing->status == PartnerStatus::kRetired) {
    return Error::Conflict("PartnerRetired",
                           fmt::format("Partner ID '{}' is already retired.", partner_id));
  }
  Partner retired = *existing;
  retired.status = PartnerStatus::kRetired;
  const Timestamp now = clock_.Now();
  const Error conflict = Error::Conflict("Conflict", "The partner changed concurrently.");
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        c, "UPDATE partners SET status = 'Retired' WHERE partner_id = ?1",
        [&](SqlStatement& s) { s.Bind(1, partner_id); }, conflict));
    PAL_TRY(SqlConnectionPool::RunOn(
        c, "UPDATE partner_history SET valid_to = ?2 WHERE partner_id = ?1 AND valid_to IS NULL",
        [&](SqlStatement& s) { s.Bind(1, partner_id).Bind(2, now); }, conflict));
    return AppendPartnerHistory(c, retired, "retire", now, conflict);
  });
}

Result<std::optional<Timestamp>> SqlPartnerStore::FindPartnerRetirement(
    const std::string& partner_id) {
  return pool_.QueryOne<Timestamp>(
      "SELECT valid_from FROM partner_history WHERE partner_id = ?1 AND action = 'retire' "
      "ORDER BY seq LIMIT 1",
      [&](SqlStatement& s) { s.Bind(1, partner_id); },
      [](const SqlStatement& r) { return r.ColumnInt(0); });
}

Result<std::optional<Partner>> SqlPartnerStore::FindPartner(const std::string& partner_id) {
  return pool_.QueryOne<Partner>(
      fmt::format("SELECT {} FROM partners WHERE partner_id = ?1", kPartnerColumns),
      [&](SqlStatement& s) { s.Bind(1, partner_id); }, PartnerFromRow);
}

Result<std::vector<Partner>> SqlPartnerStore::ListPartners() {
  return pool_.QueryAll<Partner>(
      fmt::format("SELECT {} FROM partners ORDER BY CAST(partner_id AS INTEGER)", kPartnerColumns),
      [](SqlStatement&) {}, PartnerFromRow);
}

}  // namespace pal::store
