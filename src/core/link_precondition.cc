#include "core/link_precondition.h"

#include <fmt/format.h>

#include "core/management_partner_link.h"

namespace pal {
namespace {

constexpr std::string_view kRetry = "Read the link again and retry.";

// The current state in the words of the messages: "etag is 7", or why there is none.
std::string CurrentEtag(const std::optional<ManagementPartnerLink>& current) {
  if (!current) return "The calling principal has no link";
  if (current->state == LinkState::kDeleted) {
    return fmt::format("The link was deleted (its last etag was {})", current->version);
  }
  return fmt::format("The link's etag is {}", current->version);
}

}  // namespace

Result<void> CheckLinkPrecondition(const std::optional<ManagementPartnerLink>& current,
                                   const LinkPrecondition& precondition) {
  const bool active = current && current->state == LinkState::kActive;
  if (precondition.if_match_version &&
      (!active || current->version != *precondition.if_match_version)) {
    return Error::PreconditionFailed(
        "PreconditionFailed",
        fmt::format("{}; the request's If-Match is {}. {}", CurrentEtag(current),
                    *precondition.if_match_version, kRetry));
  }
  if (precondition.if_match_any && !active) {
    return Error::PreconditionFailed(
        "PreconditionFailed", fmt::format("{}; the request's If-Match is * (any existing link). {}",
                                          CurrentEtag(current), kRetry));
  }
  if (precondition.if_none_match_any && active) {
    return Error::PreconditionFailed(
        "PreconditionFailed",
        fmt::format("{}; the request's If-None-Match is * (only if no link exists). Update it with "
                    "PATCH, or delete it first.",
                    CurrentEtag(current)));
  }
  return {};
}

}  // namespace pal
