#pragma once

#include "core/clock.h"
#include "core/guid.h"
#include "core/resource_id.h"

namespace pal {

// A generic Azure resource (or nested child resource) that pal knows only by its ARM id, so
// that it can be a scope: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}
// [/{type}/{name}...]`. Registered by `pal admin resource create` or a data-set import.
struct Resource {
  ResourceId id;
  Guid subscription_id;
  Timestamp created_at = 0;
};

}  // namespace pal
