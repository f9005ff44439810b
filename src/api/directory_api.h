#pragma once

#include <string_view>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/result.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kDirectoryApiVersion = "2026-12-01";

// The caller's directory, for pickers (the portal's member picker):
//   GET /providers/Pal.Directory/principals?api-version=2026-12-01[&search=TEXT]
// lists the principals of the caller's own tenant (never another's) whose display name or id
// contains TEXT, case-insensitively: {value:[{objectId, displayName, principalType, tenantId}]}.
// Thread-safe.
class DirectoryApi final {
 public:
  explicit DirectoryApi(store::Store& store) : store_(store) {}

  // Registers /providers/Pal.Directory/principals (family kDirectory).
  void AddRoutes(ArmRouter& router);

 private:
  Result<HttpResponse> ListPrincipals(const ArmCall& call);

  store::Store& store_;
};

}  // namespace pal::api
