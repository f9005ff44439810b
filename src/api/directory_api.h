#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kDirectoryApiVersion = "2026-12-01";
inline constexpr std::string_view kDirectoryPrincipalsPath = "/providers/pal.directory/principals";

// The caller's directory, for pickers (the portal's member picker):
//   GET /providers/Pal.Directory/principals?api-version=2026-12-01[&search=TEXT]
// lists the principals of the caller's own tenant (never another's) whose display name or id
// contains TEXT, case-insensitively: {value:[{objectId, displayName, principalType, tenantId}]}.
// Thread-safe.
class DirectoryApi final : public BlockingArmApi {
 public:
  DirectoryApi(store::Store& store, BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)), store_(store) {}

  static bool Serves(std::string_view path);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;

  store::Store& store_;
};

}  // namespace pal::api
