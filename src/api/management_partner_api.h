#pragma once

#include <string>

#include "api/http_message.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kManagementPartnerApiVersion = "2018-02-01";
// Lower-cased path prefix of the provider.
inline constexpr std::string_view kManagementPartnerPrefix =
    "/providers/microsoft.managementpartner/";

// Microsoft.ManagementPartner 2018-02-01: the caller's Partner Admin Link, keyed by the token's
// (tid, oid), and the provider's operations list. See docs/api.md for every status and code.
// Thread-safe.
class ManagementPartnerApi {
 public:
  // `operations_page_size` bounds each page of GET /operations (the rest follows nextLink).
  ManagementPartnerApi(store::Store& store, size_t operations_page_size);

  // Handles a request whose path starts (case-insensitively) with kManagementPartnerPrefix,
  // for an authenticated caller.
  void Handle(const HttpRequest& request, const identity::CallerIdentity& caller, Respond respond);

 private:
  void HandlePartner(const HttpRequest& request, const identity::CallerIdentity& caller,
                     const std::string& partner_id, bool id_in_path, Respond respond);
  void Write(const HttpRequest& request, const identity::CallerIdentity& caller, LinkAction action,
             const std::string& partner_id, Respond respond);
  HttpResponse ListOperations(const HttpRequest& request) const;

  store::Store& store_;
  size_t operations_page_size_;
};

// The JSON of a link as the API returns it (PartnerResponse).
std::string PartnerResponseJson(const ManagementPartnerLink& link);

}  // namespace pal::api
