#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::api {

// The partner a caller acts for: the one its own active PAL link names. Error 403
// PartnerLinkRequired otherwise, whose message ends with `what_it_shows` ("the customer list
// shows the subscriptions where that partner is the partner of record").
Result<std::string> CallerPartnerId(store::Store& store, const identity::CallerIdentity& caller,
                                    std::string_view what_it_shows);

}  // namespace pal::api
