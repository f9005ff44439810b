#include "core/management_partner_link.h"

#include <fmt/format.h>

namespace pal {
namespace {

constexpr std::string_view kNotFound = "NotFound";

Error NoLink() {
  return Error::NotFound(std::string(kNotFound),
                         "No partner ID is linked to the calling principal. Link one with "
                         "PUT /providers/Microsoft.ManagementPartner/partners/{partnerId}.");
}

Error Mismatch(const ManagementPartnerLink& link, std::string_view requested_id) {
  return Error::NotFound(
      std::string(kNotFound),
      fmt::format("Partner ID '{}' is not linked to the calling principal, which is linked to "
                  "partner ID '{}'.",
                  requested_id, link.partner_id));
}

bool IsActive(const std::optional<ManagementPartnerLink>& link) {
  return link && link->state == LinkState::kActive;
}

}  // namespace

std::string_view LinkStateName(LinkState state) {
  return state == LinkState::kDeleted ? "Deleted" : "Active";
}

std::string_view LinkActionName(LinkAction action) {
  switch (action) {
    case LinkAction::kCreate:
      return "create";
    case LinkAction::kUpdate:
      return "update";
    case LinkAction::kDelete:
      return "delete";
  }
  return "create";
}

Result<ManagementPartnerLink> ApplyLinkCommand(const PrincipalKey& owner,
                                               const std::optional<ManagementPartnerLink>& current,
                                               const LinkCommand& command, Timestamp now) {
  if (auto holds = CheckLinkPrecondition(current, command.precondition); !holds.ok()) {
    return holds.error();
  }
  ManagementPartnerLink next;
  if (current) {
    next = *current;
  } else {
    next.owner = owner;
    next.created_at = now;
  }
  switch (command.action) {
    case LinkAction::kCreate:
      if (IsActive(current) && current->partner_id != command.partner_id) {
        return Error::Conflict(
            "Conflict",
            fmt::format("The calling principal is already linked to partner ID '{}'. Use update "
                        "(PATCH) to link partner ID '{}' instead, or delete the link first.",
                        current->partner_id, command.partner_id));
      }
      next.partner_id = command.partner_id;
      next.partner_name = command.partner_name;
      next.state = LinkState::kActive;
      break;
    case LinkAction::kUpdate:
      if (!IsActive(current)) return NoLink();
      next.partner_id = command.partner_id;
      next.partner_name = command.partner_name;
      break;
    case LinkAction::kDelete:
      if (!IsActive(current)) return NoLink();
      if (current->partner_id != command.partner_id) return Mismatch(*current, command.partner_id);
      next.state = LinkState::kDeleted;
      break;
  }
  next.version = (current ? current->version : 0) + 1;
  next.updated_at = now;
  return next;
}

Result<ManagementPartnerLink> SelectLinkForRead(const std::optional<ManagementPartnerLink>& current,
                                                std::string_view requested_id) {
  if (!IsActive(current)) return NoLink();
  if (!requested_id.empty() && requested_id != current->partner_id) {
    return Mismatch(*current, requested_id);
  }
  return *current;
}

}  // namespace pal
