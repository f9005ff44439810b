#include "core/partner.h"

#include <fmt/format.h>

#include "core/text.h"

namespace pal {
namespace {
constexpr size_t kMaxPartnerIdDigits = 10;
}  // namespace

std::string_view PartnerIdKindName(PartnerIdKind kind) {
  return kind == PartnerIdKind::kGlobal ? "global" : "location";
}

std::optional<PartnerIdKind> ParsePartnerIdKind(std::string_view text) {
  if (EqualsIgnoreCase(text, "location")) return PartnerIdKind::kLocation;
  if (EqualsIgnoreCase(text, "global")) return PartnerIdKind::kGlobal;
  return std::nullopt;
}

std::string_view PartnerStatusName(PartnerStatus status) {
  return status == PartnerStatus::kRetired ? "Retired" : "Active";
}

std::optional<PartnerStatus> ParsePartnerStatus(std::string_view text) {
  if (EqualsIgnoreCase(text, "active")) return PartnerStatus::kActive;
  if (EqualsIgnoreCase(text, "retired")) return PartnerStatus::kRetired;
  return std::nullopt;
}

std::string PartnerOrganisationId(const Partner& partner) {
  if (partner.kind == PartnerIdKind::kLocation && partner.global_id &&
      !partner.global_id->empty()) {
    return *partner.global_id;
  }
  return partner.partner_id;
}

Result<void> ValidatePartnerIdSyntax(std::string_view partner_id) {
  if (partner_id.empty()) {
    return Error::InvalidArgument("BadRequest", "A partner ID is required.");
  }
  bool digits_only = partner_id.size() <= kMaxPartnerIdDigits;
  for (char c : partner_id) digits_only = digits_only && c >= '0' && c <= '9';
  if (!digits_only) {
    return Error::InvalidArgument(
        "BadRequest",
        fmt::format(
            "'{}' is not a valid partner ID. A partner ID is the numeric Microsoft AI Cloud "
            "Partner Program (MPN) ID of a partner location, e.g. 719878.",
            partner_id));
  }
  return {};
}

Result<void> CheckLinkablePartner(std::string_view partner_id,
                                  const std::optional<Partner>& entry) {
  if (!entry) {
    return Error::InvalidArgument(
        "BadRequest",
        fmt::format("We don't have a record for partner ID '{}'. Check the ID, and use the "
                    "location ID (\"Associated Partner ID\") shown in Partner Center.",
                    partner_id));
  }
  if (entry->kind == PartnerIdKind::kGlobal) {
    return Error::InvalidArgument(
        "BadRequest",
        fmt::format("Partner ID '{}' is the global account ID of {}; link a location ID "
                    "(\"Associated Partner ID\") of that organisation instead.",
                    partner_id, entry->name));
  }
  if (entry->status == PartnerStatus::kRetired) {
    return Error::InvalidArgument(
        "BadRequest",
        fmt::format("Partner ID '{}' ({}) has been retired and can no longer be linked.",
                    partner_id, entry->name));
  }
  return {};
}

}  // namespace pal
