#include "api/arm_router.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <exception>
#include <memory>

#include "api/arm_response.h"
#include "api/url_encoding.h"
#include "core/text.h"

namespace pal::api {
namespace {

bool IsParameter(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}
bool IsGreedy(std::string_view segment) {
  return IsParameter(segment) && segment[segment.size() - 2] == '*';
}
std::string_view ParameterName(std::string_view segment) {
  return segment.substr(1, segment.size() - (IsGreedy(segment) ? 3 : 2));
}

}  // namespace

const std::string& ArmCall::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  assert(false && "the route pattern has no such parameter");
  static const std::string kNone;
  return kNone;
}

ArmRouter::Resource& ArmRouter::Resource::On(std::string_view method, ArmOperation operation) {
  operations.push_back({std::string(method), std::move(operation)});
  return *this;
}

ArmRouter::Resource& ArmRouter::Resource::OnAsync(std::string_view method,
                                                  AsyncArmOperation operation) {
  operations.push_back({std::string(method), std::move(operation)});
  return *this;
}

ArmRouter::Resource& ArmRouter::Resource::OnInPlace(std::string_view method,
                                                    ArmOperation operation) {
  return OnAsync(method, [operation = std::move(operation)](const ArmCall& call, Respond respond) {
    Result<HttpResponse> answer = operation(call);
    respond(answer.ok() ? std::move(answer).value() : ArmError(answer.error(), call.request));
  });
}

ArmRouter::Resource& ArmRouter::Add(std::string_view pattern, RouteFamily family,
                                    std::string_view api_versions,
                                    std::string method_not_allowed_message) {
  auto resource = std::make_unique<Resource>();
  for (std::string_view segment : PathSegments(pattern)) resource->segments.emplace_back(segment);
  assert(std::count_if(resource->segments.begin(), resource->segments.end(),
                       [](const std::string& s) { return IsGreedy(s); }) <= 1);
  resource->family = family;
  resource->api_versions = std::string(api_versions);
  resource->method_not_allowed_message = std::move(method_not_allowed_message);
  resources_.push_back(std::move(resource));
  return *resources_.back();
}

const ArmRouter::Resource* ArmRouter::Match(std::string_view path, ArmCall* call) const {
  const std::vector<std::string_view> path_segments = PathSegments(path);
  for (const auto& resource : resources_) {
    const std::vector<std::string>& pattern = resource->segments;
    auto greedy = std::find_if(pattern.begin(), pattern.end(),
                               [](const std::string& s) { return IsGreedy(s); });
    // Segments of the path the greedy parameter covers: all those the others leave, at least 1.
    std::size_t covered = 0;
    if (greedy == pattern.end()) {
      if (path_segments.size() != pattern.size()) continue;
    } else {
      if (path_segments.size() < pattern.size()) continue;
      covered = path_segments.size() - (pattern.size() - 1);
    }
    bool matched = true;
    std::size_t at = 0;  // the path segment the pattern segment `i` starts at
    for (std::size_t i = 0; i < pattern.size() && matched; ++i) {
      const std::string& segment = pattern[i];
      if (IsGreedy(segment)) {
        at += covered;
        continue;
      }
      matched = IsParameter(segment) || EqualsIgnoreCase(segment, path_segments[at]);
      ++at;
    }
    if (!matched) continue;
    if (call) {
      at = 0;
      for (const std::string& segment : pattern) {
        if (IsGreedy(segment)) {
          std::string scope;
          for (std::size_t j = at; j < at + covered; ++j) {
            scope += '/';
            scope += path_segments[j];
          }
          call->params.emplace_back(ParameterName(segment), std::move(scope));
          at += covered;
          continue;
        }
        if (IsParameter(segment)) {
          const std::string_view raw = path_segments[at];
          call->params.emplace_back(ParameterName(segment),
                                    PercentDecode(raw).value_or(std::string(raw)));
        }
        ++at;
      }
    }
    return resource.get();
  }
  return nullptr;
}

std::optional<RouteFamily> ArmRouter::FamilyOf(std::string_view path) const {
  const Resource* resource = Match(path, nullptr);
  if (!resource) return std::nullopt;
  return resource->family;
}

void ArmRouter::Dispatch(const HttpRequest& request, const identity::CallerIdentity& caller,
                         Respond respond) const {
  ArmCall probe{request, caller, {}};
  const Resource* resource = Match(request.path, &probe);
  if (!resource) {
    return respond(ArmError(
        Error::NotFound("NotFound", fmt::format("No API is served at '{}'. See docs/api.md for "
                                                "the supported paths.",
                                                request.path)),
        request));
  }
  const Resource::Operation* operation = nullptr;
  std::string allowed;
  for (const auto& candidate : resource->operations) {
    if (candidate.method == request.method) operation = &candidate;
    if (!allowed.empty()) allowed += ", ";
    allowed += candidate.method;
  }
  if (!operation) {
    return respond(MethodNotAllowed(request, allowed, resource->method_not_allowed_message));
  }
  if (!resource->api_versions.empty()) {
    if (auto version = CheckApiVersion(request, resource->api_versions); !version.ok()) {
      return respond(ArmError(version.error(), request));
    }
  }
  if (const auto* async = std::get_if<AsyncArmOperation>(&operation->run)) {
    return (*async)(probe, std::move(respond));
  }
  // Blocking: the request, caller and parameters are copied for the pool's thread.
  auto shared_request = std::make_shared<HttpRequest>(request);
  run_blocking_([operation = &std::get<ArmOperation>(operation->run), shared_request, caller,
                 params = std::move(probe.params), respond = std::move(respond)]() mutable {
    const ArmCall call{*shared_request, caller, std::move(params)};
    // The pool's threads have no handler above this: what third-party code throws (JSON,
    // allocation) is answered here, or it would end the process.
    Result<HttpResponse> answer = Error::Internal("The server could not process the request.");
    try {
      answer = (*operation)(call);
    } catch (const std::exception& e) {
      answer =
          Error::Internal(fmt::format("The server could not process the request: {}", e.what()));
    }
    respond(answer.ok() ? std::move(answer).value() : ArmError(answer.error(), *shared_request));
  });
}

}  // namespace pal::api
