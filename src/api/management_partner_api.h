#pragma once

#include <string>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/result.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kManagementPartnerApiVersion = "2018-02-01";

// Microsoft.ManagementPartner 2018-02-01: the caller's Partner Admin Link, keyed by the token's
// (tid, oid), and the provider's operations list. See docs/api.md for every status and code.
// Thread-safe.
class ManagementPartnerApi {
 public:
  // `operations_page_size` bounds each page of GET /operations (the rest follows nextLink).
  ManagementPartnerApi(store::Store& store, size_t operations_page_size);

  // Registers the operations list, the caller's link (`partners`, `partners/{partnerId}`) and
  // the 404 InvalidResourceType of any other type under the namespace (family
  // kManagementPartner). A link write (PUT, PATCH, DELETE) answers when its group commit does.
  void AddRoutes(ArmRouter& router);

 private:
  Result<HttpResponse> ListOperations(const ArmCall& call) const;
  // GET partners (the caller's link) and GET partners/{partnerId} (it, if it has that id).
  Result<HttpResponse> GetLink(const ArmCall& call);
  void Write(LinkAction action, const ArmCall& call, Respond respond);
  // The link command of a write, its partner checked (create and update) and its If-Match /
  // If-None-Match parsed.
  Result<LinkCommand> WriteCommand(LinkAction action, const ArmCall& call);

  store::Store& store_;
  size_t operations_page_size_;
};

// The JSON of a link as the API returns it (PartnerResponse).
std::string PartnerResponseJson(const ManagementPartnerLink& link);

}  // namespace pal::api
