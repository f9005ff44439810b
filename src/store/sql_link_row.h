#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "core/management_partner_link.h"
#include "store/sql_connection.h"

namespace pal::store {

// The columns of partner_links that make a ManagementPartnerLink, in LinkFromRow's order.
inline constexpr std::string_view kLinkColumns =
    "tenant_id, object_id, partner_id, partner_name, state, version, created_at, updated_at";

// `SELECT kLinkColumns FROM partner_links <where>`, the shape LinkFromRow reads.
inline std::string SelectLinksSql(std::string_view where) {
  return fmt::format("SELECT {} FROM partner_links {}", kLinkColumns, where);
}

inline LinkState ParseLinkState(const std::string& text) {
  return text == "Deleted" ? LinkState::kDeleted : LinkState::kActive;
}

// A row of `SELECT kLinkColumns FROM partner_links`.
inline ManagementPartnerLink LinkFromRow(const SqlStatement& row) {
  ManagementPartnerLink link;
  link.owner = {row.ColumnGuid(0), row.ColumnGuid(1)};
  link.partner_id = row.ColumnText(2);
  link.partner_name = row.ColumnText(3);
  link.state = ParseLinkState(row.ColumnText(4));
  link.version = row.ColumnInt(5);
  link.created_at = row.ColumnInt(6);
  link.updated_at = row.ColumnInt(7);
  return link;
}

}  // namespace pal::store
