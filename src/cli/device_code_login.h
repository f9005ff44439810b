#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/http_client.h"
#include "core/result.h"

namespace pal::cli {

// `pal login --use-device-code`: the device authorization grant (RFC 8628) at
// "{server}/{tenant}/oauth2/v2.0/devicecode" for the Azure CLI's client id. Prints the
// server's message (open the verification page, enter the code) on stderr, then polls the
// token endpoint at the interval the server gives (longer after slow_down) until someone
// signs in on the page. Returns the token endpoint's answer, or the refusal as an Error
// ("(expired_token) ...", "(authorization_declined) ...").
Result<nlohmann::json> SignInWithDeviceCode(const std::string& server, const std::string& tenant,
                                            std::string_view client_id, std::string_view scope,
                                            const HttpClientOptions& http);

}  // namespace pal::cli
