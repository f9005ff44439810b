#pragma once

#include <string>
#include <vector>

#include "api/http_message.h"

namespace pal::api {

struct CloudMetadataOptions {
  // The cloud's name in the documents that carry one ("pal": `az cloud set -n pal` after
  // ARM_CLOUD_METADATA_URL).
  std::string name = "pal";
  // The server's base URLs, as the token service has them; the documents use the one the
  // client addressed.
  std::vector<std::string> base_urls;
  // Resources a token may be requested for besides the server's own base URL (Azure's ARM
  // audiences).
  std::vector<std::string> audiences;
};

// ARM's cloud metadata, unauthenticated, the way Azure Stack Hub publishes it for clients that
// know a private cloud only by its Resource Manager URL (`az cloud register
// --endpoint-resource-manager URL`, ARM_CLOUD_METADATA_URL, Terraform): GET
// /metadata/endpoints?api-version=
//  - 2015-01-01: one object {galleryEndpoint, graphEndpoint, portalEndpoint,
//    authentication{loginEndpoint, audiences[]}};
//  - 2019-05-01, 2020-06-01: an array of one cloud {name, resourceManager, portal, gallery,
//    graph, graphAudience, authentication{loginEndpoint, audiences[], tenant,
//    identityProvider}, suffixes{}};
//  - 2022-09-01: that cloud as one object.
// The login endpoint is the ADFS-style authority "{base}/adfs"; the first audience is the
// server's own base URL ("{base}/"), then the ARM ones. pal serves no Microsoft Graph: the
// graph entries name "{base}/graph/", for which the token service issues no token.
// A doubled slash is tolerated ("//metadata/endpoints", which the Azure CLI sends for a URL
// that ends in '/'). A missing or other api-version is ARM's 400. Thread-safe.
class CloudMetadata {
 public:
  explicit CloudMetadata(CloudMetadataOptions options);

  // If `request` is for the metadata path, answers it and returns true.
  bool TryHandle(const HttpRequest& request, const Respond& respond) const;

 private:
  CloudMetadataOptions options_;
};

}  // namespace pal::api
