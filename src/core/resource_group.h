#pragma once

#include <string>

#include "core/clock.h"
#include "core/guid.h"

namespace pal {

// A resource group of a subscription. Names are case-insensitive (IsValidResourceGroupName).
struct ResourceGroup {
  Guid subscription_id;
  std::string name;
  std::string location;
  Timestamp created_at = 0;
  std::string tags_json = "{}";  // ARM tags, a JSON object of strings
};

}  // namespace pal
