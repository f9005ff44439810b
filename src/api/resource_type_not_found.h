#pragma once

#include <functional>
#include <string_view>

#include "api/arm_router.h"
#include "api/service_metrics.h"
#include "core/result.h"

namespace pal::api {

// Registers `pattern` as a provider's answer to a resource type it lacks: every method gets
// `error(call)`, a 404 InvalidResourceType (or what the provider finds wrong first, e.g. that
// the environment the path names does not exist), after the router's check of `api_versions`
// (none when empty: Azure answers an unknown type whatever the version). `error` may read the
// store. Add it after the provider's own resources: it matches what they leave.
void AddResourceTypeNotFound(ArmRouter& router, std::string_view pattern, RouteFamily family,
                             std::string_view api_versions,
                             std::function<Error(const ArmCall&)> error);

}  // namespace pal::api
