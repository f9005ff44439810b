#pragma once

#include "api/http_message.h"
#include "api/token_service.h"
#include "identity/token_verifier.h"

namespace pal::api {

// An ARM resource provider whose answers read or write the store, which blocks (a write waits
// for its fsync): Handle answers on the blocking pool, off the network threads. Subclasses
// implement Answer, which must be thread-safe.
class BlockingArmApi {
 public:
  virtual ~BlockingArmApi() = default;

  void Handle(const HttpRequest& request, const identity::CallerIdentity& caller, Respond respond);

 protected:
  explicit BlockingArmApi(BlockingRunner run_blocking) : run_blocking_(std::move(run_blocking)) {}

  virtual HttpResponse Answer(const HttpRequest& request,
                              const identity::CallerIdentity& caller) = 0;

 private:
  BlockingRunner run_blocking_;
};

}  // namespace pal::api
