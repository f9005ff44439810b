#pragma once

#include <string>

#include "core/clock.h"
#include "core/guid.h"

namespace pal {

// An Entra-style directory: the unit of isolation for principals and their links.
struct Tenant {
  Guid id;
  std::string name;
  Timestamp created_at = 0;
};

}  // namespace pal
