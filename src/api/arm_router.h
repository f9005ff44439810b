#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "api/http_message.h"
#include "api/service_metrics.h"
#include "api/token_service.h"
#include "core/result.h"
#include "identity/token_verifier.h"

namespace pal::api {

// One ARM request as an operation sees it: the request, its verified caller and the values of
// the route pattern's parameters.
struct ArmCall {
  const HttpRequest& request;
  const identity::CallerIdentity& caller;
  // (name, value) of each {parameter} of the pattern, in pattern order. A one-segment
  // parameter is percent-decoded (kept as sent when it does not decode); a greedy {name*} is the
  // raw path it covered, with its leading '/' ("/subscriptions/s/resourceGroups/g").
  std::vector<std::pair<std::string_view, std::string>> params;

  // The value of {name}; empty if the pattern has none (a programming error, asserted).
  const std::string& Param(std::string_view name) const;
};

// A blocking operation (it reads or writes the store): run on the blocking pool, its result
// made into the response (an error into the ARM error envelope).
using ArmOperation = std::function<Result<HttpResponse>(const ArmCall&)>;
// An operation that answers by itself, on any thread, through `respond` (a PAL link write
// completes when its group commit does). The ArmCall lives only during the call: copy what is
// needed later.
using AsyncArmOperation = std::function<void(const ArmCall&, Respond respond)>;

// The ARM routes of the service: each resource (a path pattern) with its operations by method.
// Dispatch answers what every provider answered alike, once: 404 for a path no pattern matches,
// 405 with Allow for a method the resource lacks, 400 for a missing or unsupported api-version,
// and the ARM error envelope for an operation's error. Register every route before serving;
// Dispatch is then thread-safe.
//
// A pattern is '/'-separated segments: literals (compared ignoring ASCII case, as ARM does),
// {name} (any one non-empty segment) and at most one greedy {name*} (one or more segments, as
// few as let the rest match), e.g.
//   /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}
//   {scope*}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}
// Empty segments of a path (doubled or trailing slashes) are ignored. Resources are tried in
// the order they were added; the first that matches the path serves it.
class ArmRouter {
 public:
  class Resource {
   public:
    // Adds the operation for `method` ("GET", "PUT", ...).
    Resource& On(std::string_view method, ArmOperation operation);
    Resource& OnAsync(std::string_view method, AsyncArmOperation operation);
    // An operation that never blocks (it reads memory, e.g. the link index): run on the calling
    // network thread, sparing the hop to the blocking pool.
    Resource& OnInPlace(std::string_view method, ArmOperation operation);

   private:
    friend class ArmRouter;
    struct Operation {
      std::string method;
      std::variant<ArmOperation, AsyncArmOperation> run;
    };
    std::vector<std::string> segments;
    RouteFamily family = RouteFamily::kOther;
    std::string api_versions;
    std::string method_not_allowed_message;
    std::vector<Operation> operations;
  };

  explicit ArmRouter(BlockingRunner run_blocking) : run_blocking_(std::move(run_blocking)) {}
  ArmRouter(const ArmRouter&) = delete;
  ArmRouter& operator=(const ArmRouter&) = delete;

  // A resource at `pattern` of metrics family `family`, whose operations accept the
  // comma-separated `api_versions` (empty: the router checks none, for a resource that answers
  // every version alike, such as a provider's 404 for a resource type it lacks); a method it
  // lacks gets 405 with `method_not_allowed_message`. The reference stays valid while the
  // router lives.
  Resource& Add(std::string_view pattern, RouteFamily family, std::string_view api_versions,
                std::string method_not_allowed_message);

  // The family of the resource that serves `path`, if one does (for metrics and logs, before
  // the caller is known).
  std::optional<RouteFamily> FamilyOf(std::string_view path) const;

  // Answers an authenticated ARM request through `respond`, exactly once.
  void Dispatch(const HttpRequest& request, const identity::CallerIdentity& caller,
                Respond respond) const;

 private:
  const Resource* Match(std::string_view path, ArmCall* call) const;

  BlockingRunner run_blocking_;
  std::vector<std::unique_ptr<Resource>> resources_;
};

}  // namespace pal::api
