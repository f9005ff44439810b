#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/management_partner_link.h"

namespace pal {

// One change of a principal's link, as kept forever in the history: who changed what, when,
// and the interval [valid_from, valid_to) during which the resulting state held.
// valid_to is empty while the state is current.
struct LinkHistoryEntry {
  std::int64_t sequence = 0;
  PrincipalKey owner;
  std::int64_t version = 0;
  LinkAction action = LinkAction::kCreate;
  PrincipalKey actor;
  std::optional<std::string> old_partner_id;
  std::string new_partner_id;
  std::optional<LinkState> old_state;
  LinkState new_state = LinkState::kActive;
  Timestamp valid_from = 0;
  std::optional<Timestamp> valid_to;
};

}  // namespace pal
