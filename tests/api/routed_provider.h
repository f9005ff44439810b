#pragma once

// Serves one provider's ARM routes the way PalService does once the caller is verified:
// through an ArmRouter whose blocking operations run on the calling thread. Provider tests
// call it with a method, path and query and get the answer, 404/405/api-version included.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "identity/token_verifier.h"

namespace pal::api::testing {

class RoutedProvider {
 public:
  RoutedProvider() : router_([](std::function<void()> work) { work(); }) {}

  // Where the provider under test adds its routes (`api.AddRoutes(routed.router())`).
  ArmRouter& router() { return router_; }

  // The answer to `method path?query` with `body` from `caller`; waits for an asynchronous
  // operation's answer (up to 10 s, then a 599 with no body).
  HttpResponse Call(const identity::CallerIdentity& caller, std::string method, std::string path,
                    std::string query = "", std::string body = "") const {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.body = std::move(body);
    if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    return Send(caller, std::move(request));
  }

  // The answer to `request` as it is (headers included) from `caller`; waits as Call does.
  HttpResponse Send(const identity::CallerIdentity& caller, HttpRequest request) const {
    auto answer = std::make_shared<std::promise<HttpResponse>>();
    std::future<HttpResponse> answered = answer->get_future();
    router_.Dispatch(request, caller,
                     [answer](HttpResponse r) { answer->set_value(std::move(r)); });
    if (answered.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      HttpResponse timed_out;
      timed_out.status = 599;
      return timed_out;
    }
    return answered.get();
  }

 private:
  ArmRouter router_;
};

}  // namespace pal::api::testing
