#include "api/blocking_arm_api.h"

#include <memory>

namespace pal::api {

void BlockingArmApi::Handle(const HttpRequest& request, const identity::CallerIdentity& caller,
                            Respond respond) {
  auto shared_request = std::make_shared<HttpRequest>(request);
  run_blocking_([this, shared_request, caller, respond = std::move(respond)]() {
    respond(Answer(*shared_request, caller));
  });
}

}  // namespace pal::api
