#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"
#include "core/result.h"

namespace pal {

// Partner Network ids come in two kinds: a global account (PGA) for the whole organisation and
// location accounts (PLA, the "Associated Partner ID"). Only location ids can be linked.
enum class PartnerIdKind { kLocation, kGlobal };

enum class PartnerStatus { kActive, kRetired };

std::string_view PartnerIdKindName(PartnerIdKind kind);  // "location" | "global"
std::optional<PartnerIdKind> ParsePartnerIdKind(std::string_view text);
std::string_view PartnerStatusName(PartnerStatus status);  // "Active" | "Retired"
std::optional<PartnerStatus> ParsePartnerStatus(std::string_view text);

// An entry of the partner registry that links and DPOR validate against.
struct Partner {
  std::string partner_id;  // decimal digits, e.g. "719878"
  std::string name;        // organisation name, e.g. "Mekorma"
  PartnerIdKind kind = PartnerIdKind::kLocation;
  std::optional<std::string> global_id;  // the PGA a location belongs to, when known
  PartnerStatus status = PartnerStatus::kActive;
  Timestamp created_at = 0;
  // The home tenant of the partner's organisation in pal's directory: its people sign in there
  // and hold the organisation's Partner Center roles. nullopt = none set, so nobody can see the
  // partner's partner-side views.
  std::optional<Guid> home_tenant_id = std::nullopt;
};

// The organisation a registry entry belongs to, named by its global account id: the entry's
// global_id for a location that has one, else the entry's own id.
std::string PartnerOrganisationId(const Partner& partner);

// Checks the syntax of a partner id: 1 to 10 decimal digits (MPN ids are numeric).
// Error code "BadRequest" with a message that quotes the id.
Result<void> ValidatePartnerIdSyntax(std::string_view partner_id);

// Checks that a registry entry (or its absence) may be the target of a PAL link.
// `partner_id` is the requested id, `entry` what the registry holds for it.
Result<void> CheckLinkablePartner(std::string_view partner_id, const std::optional<Partner>& entry);

}  // namespace pal
