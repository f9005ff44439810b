#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"
#include "core/link_precondition.h"
#include "core/result.h"

namespace pal {

enum class LinkState { kActive, kDeleted };
std::string_view LinkStateName(LinkState state);  // "Active" | "Deleted"

// Who a link belongs to: one principal (the token's tid + oid). Each principal has at most one.
struct PrincipalKey {
  Guid tenant_id;
  Guid object_id;
  friend bool operator==(const PrincipalKey&, const PrincipalKey&) = default;
  friend auto operator<=>(const PrincipalKey&, const PrincipalKey&) = default;
};

// A Partner Admin Link: the association of one principal with one partner location id.
// Deleting keeps the record (state kDeleted) so createdTime survives a re-create.
struct ManagementPartnerLink {
  PrincipalKey owner;
  std::string partner_id;
  std::string partner_name;
  LinkState state = LinkState::kActive;
  std::int64_t version = 0;  // bumped by every write; also the resource's etag
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

enum class LinkAction { kCreate, kUpdate, kDelete };
std::string_view LinkActionName(LinkAction action);  // "create" | "update" | "delete"

// A write the caller asked for. For kCreate/kUpdate, partner_id must already be validated
// against the registry and partner_name filled from it. For kDelete, partner_id is the id in
// the request path, which must match the link. `precondition` (If-Match / If-None-Match) is
// empty unless the client sent one.
struct LinkCommand {
  LinkAction action = LinkAction::kCreate;
  std::string partner_id;
  std::string partner_name;
  LinkPrecondition precondition = {};
};

// The rules of Partner_Create / Partner_Update / Partner_Delete:
//  - first the command's precondition (CheckLinkPrecondition): PreconditionFailed wins over
//    the rules below, because a client whose view of the link is stale should read it again
//    rather than act on a NotFound or Conflict about a state it has not seen.
//  - create: no link or a deleted one -> Active (createdTime kept); Active with the same id ->
//    rewritten (version bumped); Active with another id -> Conflict (use update).
//  - update: re-points an Active link to the new id; no Active link -> NotFound.
//  - delete: soft-deletes an Active link whose id matches; otherwise NotFound.
// Returns the link as it is after the write, with version + 1 and updated_at = now.
Result<ManagementPartnerLink> ApplyLinkCommand(const PrincipalKey& owner,
                                               const std::optional<ManagementPartnerLink>& current,
                                               const LinkCommand& command, Timestamp now);

// The rules of Partner_Get / Partners_Get: the caller's Active link; if `requested_id` is
// given (non-empty) it must equal the link's partner id. NotFound otherwise.
Result<ManagementPartnerLink> SelectLinkForRead(const std::optional<ManagementPartnerLink>& current,
                                                std::string_view requested_id);

}  // namespace pal
