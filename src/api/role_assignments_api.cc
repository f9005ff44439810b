#include "api/role_assignments_api.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/role_definitions_api.h"
#include "api/url_encoding.h"
#include "core/delegation.h"
#include "core/role_assignment_filter.h"
#include "core/role_definition.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {
namespace {

constexpr std::string_view kReadAction = "Microsoft.Authorization/roleAssignments/read";
constexpr std::string_view kWriteAction = "Microsoft.Authorization/roleAssignments/write";
constexpr std::string_view kDeleteAction = "Microsoft.Authorization/roleAssignments/delete";
constexpr size_t kSubscriptionLimit = 4000;    // Azure's per-subscription limit
constexpr size_t kManagementGroupLimit = 500;  // and per management group

// Azure's limits: fails with RoleAssignmentLimitExceeded when `scope` (of tenant
// `tenant_id`) already holds 4000 role assignments in its subscription, or 500 at its
// management group.
Result<void> CheckRoleAssignmentLimit(store::RoleAssignmentStore& assignments,
                                      const ResourceId& scope, const Guid& tenant_id) {
  if (scope.level() != ScopeLevel::kManagementGroup && !scope.subscription_id()) return {};
  auto sub = Guid::Parse(scope.subscription_id().value_or(""));
  size_t count = 0;
  if (sub) {
    PAL_ASSIGN_OR_RETURN(auto in_subscription, assignments.ListRoleAssignments(*sub));
    count = in_subscription.size();
  } else {
    PAL_ASSIGN_OR_RETURN(auto in_tenant, assignments.ListRoleAssignmentsInTenant(tenant_id));
    for (const auto& a : in_tenant) count += a.scope == scope ? 1 : 0;
  }
  const size_t limit = sub ? kSubscriptionLimit : kManagementGroupLimit;
  if (count < limit) return {};
  return Error::InvalidArgument(
      "RoleAssignmentLimitExceeded",
      fmt::format("No more role assignments can be created at scope '{}': "
                  "the limit of {} has been reached.",
                  sub ? "/subscriptions/" + sub->ToString() : scope.ToString(), limit));
}

std::string AssignmentId(const ResourceId& scope, const Guid& name) {
  const std::string prefix = scope.level() == ScopeLevel::kRoot ? std::string() : scope.ToString();
  return fmt::format("{}/providers/Microsoft.Authorization/roleAssignments/{}", prefix,
                     name.ToString());
}

std::string RoleDefinitionIdFor(const ResourceId& scope, const Guid& role) {
  // Azure answers the subscription-qualified form at or below a subscription.
  const std::string prefix =
      scope.subscription_id() ? "/subscriptions/" + *scope.subscription_id() : std::string();
  return fmt::format("{}/providers/Microsoft.Authorization/roleDefinitions/{}", prefix,
                     role.ToString());
}

nlohmann::json AssignmentJson(const RoleAssignment& a) {
  // Azure sends null for unset optional strings; the spec types them as strings, so unset
  // ones are left out (the SDK reads both as undefined).
  nlohmann::json properties = {
      {"roleDefinitionId", RoleDefinitionIdFor(a.scope, a.role_definition_id)},
      {"principalId", a.principal.object_id.ToString()},
      {"principalType", a.principal_type},
      {"scope", a.scope.ToString()},
      {"createdOn", FormatIso8601(a.created_at)},
      {"updatedOn", FormatIso8601(a.updated_at)},
      {"createdBy", a.created_by.object_id.ToString()},
      {"updatedBy", a.updated_by.object_id.ToString()},
  };
  if (a.description) properties["description"] = *a.description;
  if (a.condition) properties["condition"] = *a.condition;
  if (a.condition_version) properties["conditionVersion"] = *a.condition_version;
  return {{"id", AssignmentId(a.scope, a.name)},
          {"name", a.name.ToString()},
          {"type", "Microsoft.Authorization/roleAssignments"},
          {"properties", properties}};
}

// The GUID at the end of a role definition id, or a bare GUID.
std::optional<Guid> RoleDefinitionGuid(std::string_view text) {
  const size_t slash = text.rfind('/');
  if (slash != std::string_view::npos) {
    const std::string lower = ToLowerAscii(text.substr(0, slash));
    const std::string_view suffix = "/providers/microsoft.authorization/roledefinitions";
    if (lower.size() < suffix.size() ||
        lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return std::nullopt;
    }
    text = text.substr(slash + 1);
  }
  return Guid::Parse(text);
}

// Azure's principalType for a principal of the directory.
std::string_view PrincipalTypeOf(const Principal& principal) {
  return principal.kind == PrincipalKind::kServicePrincipal ? "ServicePrincipal" : "User";
}

// The fields a PUT body may set.
struct AssignmentRequest {
  Guid role_definition_id;
  Guid principal_id;
  std::optional<std::string> principal_type;
  std::optional<std::string> scope;
  std::optional<std::string> description;
  std::optional<std::string> condition;
  std::optional<std::string> condition_version;
};

Result<std::optional<std::string>> OptionalString(const nlohmann::json& properties,
                                                  const char* name) {
  auto it = properties.find(name);
  if (it == properties.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return Error::InvalidArgument(
        "InvalidRequestContent",
        fmt::format("The request content was invalid: 'properties.{}' must be a string.", name));
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<AssignmentRequest> ParseAssignmentRequest(std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content was invalid and could not be "
                                  "deserialized: the body must be a JSON object.");
  }
  auto properties = json.find("properties");
  if (properties == json.end() || !properties->is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content was invalid: the required object "
                                  "'properties' is missing.");
  }
  AssignmentRequest request;
  std::optional<std::string> fields[7];
  const char* names[7] = {"roleDefinitionId", "principalId", "principalType",   "scope",
                          "description",      "condition",   "conditionVersion"};
  for (int i = 0; i < 7; ++i) {
    auto value = OptionalString(*properties, names[i]);
    if (!value.ok()) return value.error();
    fields[i] = *value;
  }
  for (int i = 0; i < 2; ++i) {
    if (!fields[i] || fields[i]->empty()) {
      return Error::InvalidArgument(
          "InvalidRequestContent",
          fmt::format("The request content was invalid: the required property 'properties.{}' "
                      "is missing.",
                      names[i]));
    }
  }
  auto role = RoleDefinitionGuid(*fields[0]);
  if (!role) {
    return Error::InvalidArgument(
        "InvalidRoleDefinitionId",
        fmt::format("The role definition ID '{}' is not valid.", *fields[0]));
  }
  auto principal = Guid::Parse(*fields[1]);
  if (!principal) {
    return Error::InvalidArgument(
        "InvalidPrincipalId",
        fmt::format("The Principal ID '{}' is not valid. Principal ID must be a GUID.",
                    *fields[1]));
  }
  request.role_definition_id = *role;
  request.principal_id = *principal;
  request.principal_type = fields[2];
  request.scope = fields[3];
  request.description = fields[4];
  request.condition = fields[5];
  request.condition_version = fields[6];
  if (request.condition && !request.condition_version) request.condition_version = "2.0";
  if (request.condition_version && *request.condition_version != "2.0") {
    return Error::InvalidArgument(
        "InvalidConditionVersion",
        fmt::format("The condition version '{}' is not supported. The only supported version "
                    "is '2.0'.",
                    *request.condition_version));
  }
  return request;
}

// Whether one of a delegate's grants at `scope` is User Access Administrator: the only
// delegated role that assigns roles (to managed identities, DelegationForRoleAssignment).
bool DelegationMayAssign(const std::vector<DelegatedGrant>& grants, const ResourceId& scope) {
  for (const auto& grant : grants) {
    if (grant.scope.Contains(scope) &&
        grant.role_definition_id.ToString() == kUserAccessAdministratorRoleId) {
      return true;
    }
  }
  return false;
}

Error NotFound(const Guid& name) {
  return Error::NotFound("RoleAssignmentNotFound",
                         fmt::format("The role assignment '{}' is not found.", name.ToString()));
}

}  // namespace

RoleAssignmentsApi::RoleAssignmentsApi(store::Store& store, service::ScopeAuthorizer& authorizer,
                                       const Clock& clock, BlockingRunner run_blocking,
                                       size_t page_size)
    : BlockingArmApi(std::move(run_blocking)),
      store_(store),
      authorizer_(authorizer),
      clock_(clock),
      page_size_(page_size == 0 ? 1 : page_size) {}

HttpResponse RoleAssignmentsApi::Answer(const HttpRequest& request,
                                        const identity::CallerIdentity& caller) {
  const std::string lower = ToLowerAscii(request.path);
  const size_t marker = lower.rfind(kRoleAssignmentsMarker);
  const std::string_view path = request.path;
  const std::string_view scope_text = path.substr(0, marker);
  const std::string_view rest = path.substr(marker + kRoleAssignmentsMarker.size());
  const bool collection = rest.empty() || rest == "/";
  if (collection && request.method != "GET") {
    return MethodNotAllowed(request, "GET",
                            "Role assignments are listed here; create, read and delete one at "
                            ".../roleAssignments/{roleAssignmentName}.");
  }
  if (!collection && request.method != "GET" && request.method != "PUT" &&
      request.method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "A role assignment can be created (PUT), read (GET) or deleted "
                            "(DELETE); it cannot be patched.");
  }
  if (auto version = CheckApiVersion(request, kAuthorizationApiVersion); !version.ok()) {
    return ArmError(version.error(), request);
  }
  auto decoded_scope = PercentDecode(scope_text);
  auto scope = ResourceId::Parse(scope_text.empty() ? "/" : decoded_scope.value_or(""));
  if (!scope.ok()) return ArmError(scope.error(), request);
  if (!scope->IsScope()) {
    return ArmError(Error::InvalidArgument(
                        "InvalidScope",
                        fmt::format("The scope '{}' is not valid for role assignments: it names "
                                    "an extension resource, not a scope.",
                                    scope->ToString())),
                    request);
  }
  if (collection) return List(request, caller, *scope);

  const std::string name_text = PercentDecode(rest.substr(1)).value_or(std::string(rest.substr(1)));
  auto name = Guid::Parse(name_text);
  if (!name || name_text.find('/') != std::string::npos) {
    return ArmError(
        Error::InvalidArgument("InvalidRoleAssignmentId",
                               fmt::format("The role assignment ID '{}' is not valid. The role "
                                           "assignment ID must be a GUID.",
                                           name_text)),
        request);
  }
  if (request.method == "PUT") return Put(request, caller, *scope, *name);
  if (request.method == "DELETE") return Delete(request, caller, *scope, *name);
  return Get(request, caller, *scope, *name);
}

Result<std::optional<RoleAssignment>> RoleAssignmentsApi::FindAtScope(
    const ResourceId& scope, const Guid& name, const identity::CallerIdentity& caller) {
  auto tenant = ScopeTenant(scope, caller);
  if (!tenant.ok()) return tenant.error();
  auto existing = store_.role_assignments().FindRoleAssignment(name);
  if (!existing.ok()) return existing.error();
  // An assignment is addressed at its own scope, in its own tenant, only.
  if (!*existing || !((*existing)->scope == scope) ||
      !((*existing)->principal.tenant_id == *tenant)) {
    return std::optional<RoleAssignment>();
  }
  return existing;
}

Result<Guid> RoleAssignmentsApi::ScopeTenant(const ResourceId& scope,
                                             const identity::CallerIdentity& caller) {
  if (auto id = Guid::Parse(scope.subscription_id().value_or(""))) {
    auto subscription = store_.scopes().FindSubscription(*id);
    if (!subscription.ok()) return subscription.error();
    if (*subscription) return (*subscription)->tenant_id;
  }
  return caller.tenant_id;
}

HttpResponse RoleAssignmentsApi::Put(const HttpRequest& request,
                                     const identity::CallerIdentity& caller,
                                     const ResourceId& scope, const Guid& name) {
  const std::string target = AssignmentId(scope, name);
  // A principal of a managing tenant (Lighthouse) assigns roles only by its delegations' rules.
  auto delegated = authorizer_.DelegatedGrantsAt(caller, scope);
  if (!delegated.ok()) return ArmError(delegated.error(), request);
  if (*delegated) {
    if (!DelegationMayAssign(**delegated, scope)) {
      return ArmError(service::ScopeAuthorizer::DeniedAt(caller, kWriteAction, target), request);
    }
  } else if (auto allowed = authorizer_.Authorize(caller, kWriteAction, scope, target);
             !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  if (auto exists = authorizer_.CheckScopeExists(scope); !exists.ok()) {
    return ArmError(exists.error(), request);
  }
  auto body = ParseAssignmentRequest(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  if (body->scope) {
    auto body_scope = ResourceId::Parse(*body->scope);
    if (!body_scope.ok() || !(*body_scope == scope)) {
      return ArmError(Error::InvalidArgument(
                          "InvalidCreateRoleAssignmentRequest",
                          fmt::format("The request to create role assignment '{}' is not valid. "
                                      "Role assignment scope '{}' must match the scope "
                                      "specified on the URI '{}'.",
                                      name.ToString(), *body->scope, scope.ToString())),
                      request);
    }
  }
  if (!FindBuiltInRoleById(body->role_definition_id)) {
    return ArmError(Error::InvalidArgument(
                        "RoleDefinitionDoesNotExist",
                        fmt::format("The specified role definition with ID '{}' does not exist.",
                                    body->role_definition_id.ToString())),
                    request);
  }
  auto tenant = ScopeTenant(scope, caller);
  if (!tenant.ok()) return ArmError(tenant.error(), request);
  const PrincipalKey principal_key{*tenant, body->principal_id};
  const PrincipalKey actor{caller.tenant_id, caller.object_id};
  const Timestamp now = clock_.Now();

  auto existing = store_.role_assignments().FindRoleAssignment(name);
  if (!existing.ok()) return ArmError(existing.error(), request);
  if (*existing) {
    RoleAssignment current = **existing;
    if (*delegated &&
        !MayManageDelegatedRoleAssignment(**delegated, scope, current.delegation_id)) {
      return ArmError(service::ScopeAuthorizer::DeniedAt(
                          caller, kWriteAction, target,
                          "A delegate changes only the role assignments it created through a "
                          "delegation in force here."),
                      request);
    }
    if (!(current.scope == scope) || !(current.principal == principal_key) ||
        !(current.role_definition_id == body->role_definition_id)) {
      return ArmError(Error::InvalidArgument("RoleAssignmentUpdateNotPermitted",
                                             "Tenant ID, application ID, principal ID, and scope "
                                             "are not allowed to be updated."),
                      request);
    }
    if (current.description != body->description || current.condition != body->condition ||
        current.condition_version != body->condition_version) {
      current.description = body->description;
      current.condition = body->condition;
      current.condition_version = body->condition_version;
      current.updated_at = now;
      current.updated_by = actor;
      if (auto updated = store_.role_assignments().UpdateRoleAssignment(current); !updated.ok()) {
        return ArmError(updated.error(), request);
      }
    }
    return ArmJson(200, AssignmentJson(current).dump(), request);
  }

  auto principal = store_.directory().FindPrincipal(principal_key);
  if (!principal.ok()) return ArmError(principal.error(), request);
  if (!*principal) {
    std::string compact = body->principal_id.ToString();
    std::erase(compact, '-');
    return ArmError(
        Error::InvalidArgument(
            "PrincipalNotFound",
            fmt::format("Principal {} does not exist in the directory {}. Check that you have the "
                        "correct principal ID. If you are creating this principal and then "
                        "immediately assigning a role, this error might be related to a "
                        "replication delay. In this case, set the role assignment principalType "
                        "property to a value, such as ServicePrincipal, User, or Group.  See "
                        "https://aka.ms/docs-principaltype",
                        compact, tenant->ToString())),
        request);
  }
  const std::string_view actual_type = PrincipalTypeOf(**principal);
  if (body->principal_type && !EqualsIgnoreCase(*body->principal_type, actual_type)) {
    return ArmError(
        Error::InvalidArgument(
            "UnmatchedPrincipalType",
            fmt::format("The PrincipalId '{}' has type '{}' , which is different from "
                        "specified PrincipalType '{}'.",
                        body->principal_id.ToString(), actual_type, *body->principal_type)),
        request);
  }

  std::optional<Guid> delegation;
  if (*delegated) {
    auto through = DelegationForRoleAssignment(**delegated, scope, body->role_definition_id,
                                               (*principal)->kind);
    if (!through.ok()) {
      return ArmError(
          service::ScopeAuthorizer::DeniedAt(caller, kWriteAction, target, through.error().message),
          request);
    }
    delegation = *through;
  }

  if (auto within = CheckRoleAssignmentLimit(store_.role_assignments(), scope, *tenant);
      !within.ok()) {
    return ArmError(within.error(), request);
  }

  RoleAssignment assignment;
  assignment.name = name;
  assignment.scope = scope;
  assignment.role_definition_id = body->role_definition_id;
  assignment.principal = principal_key;
  assignment.principal_type = std::string(actual_type);
  assignment.created_by = actor;  // the store stamps the times
  assignment.description = body->description;
  assignment.condition = body->condition;
  assignment.condition_version = body->condition_version;
  assignment.delegation_id = delegation;
  auto created = store_.role_assignments().CreateRoleAssignment(assignment);
  if (!created.ok()) return ArmError(created.error(), request);
  return ArmJson(201, AssignmentJson(*created).dump(), request);
}

HttpResponse RoleAssignmentsApi::Get(const HttpRequest& request,
                                     const identity::CallerIdentity& caller,
                                     const ResourceId& scope, const Guid& name) {
  if (auto allowed = authorizer_.Authorize(caller, kReadAction, scope, AssignmentId(scope, name));
      !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  auto existing = FindAtScope(scope, name, caller);
  if (!existing.ok()) return ArmError(existing.error(), request);
  if (!*existing) return ArmError(NotFound(name), request);
  return ArmJson(200, AssignmentJson(**existing).dump(), request);
}

HttpResponse RoleAssignmentsApi::Delete(const HttpRequest& request,
                                        const identity::CallerIdentity& caller,
                                        const ResourceId& scope, const Guid& name) {
  const std::string target = AssignmentId(scope, name);
  auto delegated = authorizer_.DelegatedGrantsAt(caller, scope);
  if (!delegated.ok()) return ArmError(delegated.error(), request);
  if (*delegated) {
    if (!DelegationMayAssign(**delegated, scope)) {
      return ArmError(service::ScopeAuthorizer::DeniedAt(caller, kDeleteAction, target), request);
    }
  } else if (auto allowed = authorizer_.Authorize(caller, kDeleteAction, scope, target);
             !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  auto existing = FindAtScope(scope, name, caller);
  if (!existing.ok()) return ArmError(existing.error(), request);
  if (*existing && *delegated &&
      !MayManageDelegatedRoleAssignment(**delegated, scope, (*existing)->delegation_id)) {
    // The customer's own assignments (its Owners among them) are never a delegate's to remove.
    return ArmError(service::ScopeAuthorizer::DeniedAt(
                        caller, kDeleteAction, target,
                        "A delegate removes only the role assignments it created through a "
                        "delegation in force here."),
                    request);
  }
  if (!*existing) {
    HttpResponse none;  // Azure: 204 with no body when there is nothing to delete
    none.status = 204;
    AddArmHeaders(none, request);
    return none;
  }
  auto deleted =
      store_.role_assignments().DeleteRoleAssignment(name, {caller.tenant_id, caller.object_id});
  if (!deleted.ok()) {
    if (deleted.error().kind == ErrorKind::kNotFound) {  // deleted concurrently
      HttpResponse none;
      none.status = 204;
      AddArmHeaders(none, request);
      return none;
    }
    return ArmError(deleted.error(), request);
  }
  return ArmJson(200, AssignmentJson(**existing).dump(), request);
}

HttpResponse RoleAssignmentsApi::List(const HttpRequest& request,
                                      const identity::CallerIdentity& caller,
                                      const ResourceId& scope) {
  auto filter = RoleAssignmentFilter::Parse(request.QueryParam("$filter").value_or(""));
  if (!filter.ok()) return ArmError(filter.error(), request);
  if (auto allowed = authorizer_.Authorize(caller, kReadAction, scope); !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  if (auto exists = authorizer_.CheckScopeExists(scope); !exists.ok()) {
    return ArmError(exists.error(), request);
  }
  auto tenant = ScopeTenant(scope, caller);
  if (!tenant.ok()) return ArmError(tenant.error(), request);
  auto assignments = store_.role_assignments().ListRoleAssignmentsInTenant(*tenant);
  if (!assignments.ok()) return ArmError(assignments.error(), request);
  auto groups = store_.scopes().ListManagementGroups(*tenant);
  if (!groups.ok()) return ArmError(groups.error(), request);
  auto subscriptions = store_.scopes().ListSubscriptions(*tenant);
  if (!subscriptions.ok()) return ArmError(subscriptions.error(), request);
  ScopeHierarchy hierarchy;
  for (const auto& group : *groups) hierarchy.AddManagementGroup(group.group_id, group.parent_id);
  for (const auto& subscription : *subscriptions) {
    if (subscription.parent_group_id) {
      hierarchy.AddSubscription(subscription.subscription_id, *subscription.parent_group_id);
    }
  }
  const auto selected = SelectRoleAssignments(*tenant, scope, *filter, *assignments, hierarchy);

  // Pages of page_size_, continued with $skipToken (an offset) in an absolute nextLink.
  size_t offset = 0;
  if (auto token = request.QueryParam("$skipToken"); token && !token->empty()) {
    const auto parsed = ParseUnsigned(*token);
    if (!parsed) {
      return ArmError(
          Error::InvalidArgument("InvalidSkipToken",
                                 fmt::format("The $skipToken '{}' is not valid.", *token)),
          request);
    }
    offset = static_cast<size_t>(*parsed);
  }
  nlohmann::json value = nlohmann::json::array();
  for (size_t i = offset; i < selected.size() && i < offset + page_size_; ++i) {
    value.push_back(AssignmentJson(*selected[i]));
  }
  nlohmann::json body = {{"value", value}};
  if (offset + page_size_ < selected.size()) {
    std::string next = fmt::format("{}{}?api-version={}", request.base_url, request.path,
                                   kAuthorizationApiVersion);
    if (auto text = request.QueryParam("$filter"); text && !text->empty()) {
      next += "&$filter=" + PercentEncode(*text);
    }
    next += fmt::format("&$skipToken={}", offset + page_size_);
    body["nextLink"] = next;
  }
  return ArmJson(200, body.dump(), request);
}

}  // namespace pal::api
