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
#include "service/role_assignment_creation.h"
#include "service/scope_tenant.h"

namespace pal::api {
namespace {

constexpr std::string_view kReadAction = "Microsoft.Authorization/roleAssignments/read";
constexpr std::string_view kWriteAction = "Microsoft.Authorization/roleAssignments/write";
constexpr std::string_view kDeleteAction = "Microsoft.Authorization/roleAssignments/delete";
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
    PAL_ASSIGN_OR_RETURN(auto value, OptionalString(*properties, names[i]));
    fields[i] = value;
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

// The scope of a call: its {scope*} percent-decoded, "/" on the routes at the root. 400
// InvalidScope for an extension resource.
Result<ResourceId> ScopeOf(const ArmCall& call) {
  std::optional<std::string> text = "/";
  for (const auto& [key, value] : call.params) {
    if (key == "scope") text = PercentDecode(value);
  }
  PAL_ASSIGN_OR_RETURN(auto scope, ResourceId::Parse(text.value_or("")));
  if (!scope.IsScope()) {
    return Error::InvalidArgument(
        "InvalidScope", fmt::format("The scope '{}' is not valid for role assignments: it names "
                                    "an extension resource, not a scope.",
                                    scope.ToString()));
  }
  return scope;
}

// The {roleAssignmentName} of a call: a GUID, else 400 InvalidRoleAssignmentId.
Result<Guid> NameOf(const ArmCall& call) {
  const std::string& text = call.Param("roleAssignmentName");
  auto name = Guid::Parse(text);
  if (!name || text.find('/') != std::string::npos) {
    return Error::InvalidArgument("InvalidRoleAssignmentId",
                                  fmt::format("The role assignment ID '{}' is not valid. The role "
                                              "assignment ID must be a GUID.",
                                              text));
  }
  return *name;
}

// 400 InvalidCreateRoleAssignmentRequest when the body names another scope than the path.
Result<void> CheckBodyScope(const AssignmentRequest& body, const ResourceId& scope,
                            const Guid& name) {
  if (!body.scope) return {};
  auto body_scope = ResourceId::Parse(*body.scope);
  if (body_scope.ok() && *body_scope == scope) return {};
  return Error::InvalidArgument(
      "InvalidCreateRoleAssignmentRequest",
      fmt::format("The request to create role assignment '{}' is not valid. Role assignment "
                  "scope '{}' must match the scope specified on the URI '{}'.",
                  name.ToString(), *body.scope, scope.ToString()));
}

// Azure's answer to a DELETE with nothing to delete: 204 without a body.
HttpResponse NothingDeleted(const HttpRequest& request) {
  HttpResponse none;
  none.status = 204;
  AddArmHeaders(none, request);
  return none;
}

Error NotFound(const Guid& name) {
  return Error::NotFound("RoleAssignmentNotFound",
                         fmt::format("The role assignment '{}' is not found.", name.ToString()));
}

}  // namespace

RoleAssignmentsApi::RoleAssignmentsApi(store::Store& store, service::ScopeAuthorizer& authorizer,
                                       const Clock& clock, size_t page_size)
    : store_(store),
      authorizer_(authorizer),
      clock_(clock),
      page_size_(page_size == 0 ? 1 : page_size) {}

void RoleAssignmentsApi::AddRoutes(ArmRouter& router) {
  const auto operation = [this](auto member) {
    return [this, member](const ArmCall& call) { return (this->*member)(call); };
  };
  for (std::string_view scope : {"", "{scope*}"}) {
    const std::string collection =
        fmt::format("{}/providers/Microsoft.Authorization/roleAssignments", scope);
    router
        .Add(collection, RouteFamily::kRoleAssignments, kAuthorizationApiVersion,
             "Role assignments are listed here; create, read and delete one at "
             ".../roleAssignments/{roleAssignmentName}.")
        .On("GET", operation(&RoleAssignmentsApi::List));
    router
        .Add(collection + "/{roleAssignmentName}", RouteFamily::kRoleAssignments,
             kAuthorizationApiVersion,
             "A role assignment can be created (PUT), read (GET) or deleted (DELETE); it cannot "
             "be patched.")
        .On("GET", operation(&RoleAssignmentsApi::Get))
        .On("PUT", operation(&RoleAssignmentsApi::Put))
        .On("DELETE", operation(&RoleAssignmentsApi::Delete));
  }
}

Result<std::optional<RoleAssignment>> RoleAssignmentsApi::FindAtScope(
    const ResourceId& scope, const Guid& name, const identity::CallerIdentity& caller) {
  PAL_ASSIGN_OR_RETURN(auto tenant,
                       service::OwningTenantOf(store_.scopes(), scope, caller.tenant_id));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.role_assignments().FindRoleAssignment(name));
  // An assignment is addressed at its own scope, in its own tenant, only.
  if (!existing || !(existing->scope == scope) || !(existing->principal.tenant_id == tenant)) {
    return std::optional<RoleAssignment>();
  }
  return existing;
}

Result<RoleAssignmentsApi::Delegation> RoleAssignmentsApi::AuthorizeChange(
    const identity::CallerIdentity& caller, std::string_view action, const ResourceId& scope,
    std::string_view target) {
  // A principal of a managing tenant (Lighthouse) assigns roles only by its delegations' rules.
  PAL_ASSIGN_OR_RETURN(auto delegated, authorizer_.DelegatedGrantsAt(caller, scope));
  if (delegated) {
    if (!DelegationMayAssign(*delegated, scope)) {
      return service::ScopeAuthorizer::DeniedAt(caller, action, target);
    }
  } else {
    PAL_TRY(authorizer_.Authorize(caller, action, scope, target));
  }
  return delegated;
}

Result<HttpResponse> RoleAssignmentsApi::Put(const ArmCall& call) {
  const identity::CallerIdentity& caller = call.caller;
  PAL_ASSIGN_OR_RETURN(auto scope, ScopeOf(call));
  PAL_ASSIGN_OR_RETURN(auto name, NameOf(call));
  const std::string target = AssignmentId(scope, name);
  PAL_ASSIGN_OR_RETURN(auto delegated, AuthorizeChange(caller, kWriteAction, scope, target));
  PAL_TRY(authorizer_.CheckScopeExists(scope));
  PAL_ASSIGN_OR_RETURN(auto body, ParseAssignmentRequest(call.request.body));
  PAL_TRY(CheckBodyScope(body, scope, name));
  PAL_TRY(service::RequireBuiltInRole(body.role_definition_id));
  PAL_ASSIGN_OR_RETURN(auto tenant,
                       service::OwningTenantOf(store_.scopes(), scope, caller.tenant_id));
  const PrincipalKey actor{caller.tenant_id, caller.object_id};

  PAL_ASSIGN_OR_RETURN(auto existing, store_.role_assignments().FindRoleAssignment(name));
  if (existing) {
    RoleAssignment requested;
    requested.name = name;
    requested.scope = scope;
    requested.role_definition_id = body.role_definition_id;
    requested.principal = {tenant, body.principal_id};
    requested.description = body.description;
    requested.condition = body.condition;
    requested.condition_version = body.condition_version;
    requested.updated_by = actor;
    return Update(call, *existing, delegated, requested);
  }

  const service::NewRoleAssignment request{.name = name,
                                           .scope = scope,
                                           .role_definition_id = body.role_definition_id,
                                           .principal_id = body.principal_id,
                                           .acting_tenant = caller.tenant_id,
                                           .principal_type = body.principal_type,
                                           .description = body.description,
                                           .condition = body.condition,
                                           .condition_version = body.condition_version,
                                           .actor = actor};
  // A delegate assigns only the roles its delegation lists, to managed identities.
  const auto admit = [&](const Principal& assignee) -> Result<std::optional<Guid>> {
    if (!delegated) return std::optional<Guid>();
    auto through =
        DelegationForRoleAssignment(*delegated, scope, body.role_definition_id, assignee.kind);
    if (!through.ok()) {
      return service::ScopeAuthorizer::DeniedAt(caller, kWriteAction, target,
                                                through.error().message);
    }
    return std::optional<Guid>(*through);
  };
  PAL_ASSIGN_OR_RETURN(auto created, service::CreateRoleAssignment(store_, request, admit));
  return ArmJson(201, AssignmentJson(created).dump(), call.request);
}

Result<HttpResponse> RoleAssignmentsApi::Update(const ArmCall& call, RoleAssignment current,
                                                const Delegation& delegated,
                                                const RoleAssignment& requested) {
  if (delegated &&
      !MayManageDelegatedRoleAssignment(*delegated, requested.scope, current.delegation_id)) {
    return service::ScopeAuthorizer::DeniedAt(
        call.caller, kWriteAction, AssignmentId(requested.scope, requested.name),
        "A delegate changes only the role assignments it created through a delegation in force "
        "here.");
  }
  if (!(current.scope == requested.scope) || !(current.principal == requested.principal) ||
      !(current.role_definition_id == requested.role_definition_id)) {
    return Error::InvalidArgument("RoleAssignmentUpdateNotPermitted",
                                  "Tenant ID, application ID, principal ID, and scope are not "
                                  "allowed to be updated.");
  }
  if (current.description != requested.description || current.condition != requested.condition ||
      current.condition_version != requested.condition_version) {
    current.description = requested.description;
    current.condition = requested.condition;
    current.condition_version = requested.condition_version;
    current.updated_at = clock_.Now();
    current.updated_by = requested.updated_by;
    PAL_TRY(store_.role_assignments().UpdateRoleAssignment(current));
  }
  return ArmJson(200, AssignmentJson(current).dump(), call.request);
}

Result<HttpResponse> RoleAssignmentsApi::Get(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto scope, ScopeOf(call));
  PAL_ASSIGN_OR_RETURN(auto name, NameOf(call));
  PAL_TRY(authorizer_.Authorize(call.caller, kReadAction, scope, AssignmentId(scope, name)));
  PAL_ASSIGN_OR_RETURN(auto existing, FindAtScope(scope, name, call.caller));
  if (!existing) return NotFound(name);
  return ArmJson(200, AssignmentJson(*existing).dump(), call.request);
}

Result<HttpResponse> RoleAssignmentsApi::Delete(const ArmCall& call) {
  const identity::CallerIdentity& caller = call.caller;
  PAL_ASSIGN_OR_RETURN(auto scope, ScopeOf(call));
  PAL_ASSIGN_OR_RETURN(auto name, NameOf(call));
  const std::string target = AssignmentId(scope, name);
  PAL_ASSIGN_OR_RETURN(auto delegated, AuthorizeChange(caller, kDeleteAction, scope, target));
  PAL_ASSIGN_OR_RETURN(auto existing, FindAtScope(scope, name, caller));
  if (existing && delegated &&
      !MayManageDelegatedRoleAssignment(*delegated, scope, existing->delegation_id)) {
    // The customer's own assignments (its Owners among them) are never a delegate's to remove.
    return service::ScopeAuthorizer::DeniedAt(
        caller, kDeleteAction, target,
        "A delegate removes only the role assignments it created through a delegation in force "
        "here.");
  }
  if (!existing) return NothingDeleted(call.request);
  auto deleted =
      store_.role_assignments().DeleteRoleAssignment(name, {caller.tenant_id, caller.object_id});
  if (!deleted.ok()) {
    // Deleted concurrently: nothing is left to delete.
    if (deleted.error().kind == ErrorKind::kNotFound) return NothingDeleted(call.request);
    return deleted.error();
  }
  return ArmJson(200, AssignmentJson(*existing).dump(), call.request);
}

Result<std::vector<RoleAssignment>> RoleAssignmentsApi::Selected(
    const identity::CallerIdentity& caller, const ResourceId& scope,
    const RoleAssignmentFilter& filter) {
  PAL_ASSIGN_OR_RETURN(auto tenant,
                       service::OwningTenantOf(store_.scopes(), scope, caller.tenant_id));
  PAL_ASSIGN_OR_RETURN(auto assignments,
                       store_.role_assignments().ListRoleAssignmentsInTenant(tenant));
  PAL_ASSIGN_OR_RETURN(auto groups, store_.scopes().ListManagementGroups(tenant));
  PAL_ASSIGN_OR_RETURN(auto subscriptions, store_.scopes().ListSubscriptions(tenant));
  ScopeHierarchy hierarchy;
  for (const auto& group : groups) hierarchy.AddManagementGroup(group.group_id, group.parent_id);
  for (const auto& subscription : subscriptions) {
    if (subscription.parent_group_id) {
      hierarchy.AddSubscription(subscription.subscription_id, *subscription.parent_group_id);
    }
  }
  std::vector<RoleAssignment> selected;
  for (const RoleAssignment* a :
       SelectRoleAssignments(tenant, scope, filter, assignments, hierarchy)) {
    selected.push_back(*a);
  }
  return selected;
}

Result<HttpResponse> RoleAssignmentsApi::List(const ArmCall& call) {
  const HttpRequest& request = call.request;
  PAL_ASSIGN_OR_RETURN(auto scope, ScopeOf(call));
  PAL_ASSIGN_OR_RETURN(auto filter,
                       RoleAssignmentFilter::Parse(request.QueryParam("$filter").value_or("")));
  PAL_TRY(authorizer_.Authorize(call.caller, kReadAction, scope));
  PAL_TRY(authorizer_.CheckScopeExists(scope));
  PAL_ASSIGN_OR_RETURN(auto selected, Selected(call.caller, scope, filter));

  // Pages of page_size_, continued with $skipToken (an offset) in an absolute nextLink.
  size_t offset = 0;
  if (auto token = request.QueryParam("$skipToken"); token && !token->empty()) {
    const auto parsed = ParseUnsigned(*token);
    if (!parsed) {
      return Error::InvalidArgument("InvalidSkipToken",
                                    fmt::format("The $skipToken '{}' is not valid.", *token));
    }
    offset = static_cast<size_t>(*parsed);
  }
  nlohmann::json value = nlohmann::json::array();
  for (size_t i = offset; i < selected.size() && i < offset + page_size_; ++i) {
    value.push_back(AssignmentJson(selected[i]));
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
