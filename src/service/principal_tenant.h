#pragma once

#include <optional>

#include "core/guid.h"
#include "core/result.h"
#include "store/directory_store.h"

namespace pal::service {

// The tenant whose directory holds a principal with object id `object_id` (the first, in the
// order the directory lists tenants), or nullopt when none does.
Result<std::optional<Guid>> TenantOfPrincipal(store::DirectoryStore& directory,
                                              const Guid& object_id);

}  // namespace pal::service
