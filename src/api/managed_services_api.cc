#include "api/managed_services_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/resource_type_not_found.h"
#include "core/role_definition.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kNamespace = "/providers/Microsoft.ManagedServices";

std::string DefinitionId(const ResourceId& scope, const Guid& id) {
  return fmt::format("{}/providers/Microsoft.ManagedServices/registrationDefinitions/{}",
                     scope.ToString(), id.ToString());
}
std::string AssignmentId(const ResourceId& scope, const Guid& id) {
  return fmt::format("{}/providers/Microsoft.ManagedServices/registrationAssignments/{}",
                     scope.ToString(), id.ToString());
}

nlohmann::json DefinitionJson(const RegistrationDefinition& d) {
  nlohmann::json authorizations = nlohmann::json::array();
  for (const auto& a : d.authorizations) {
    nlohmann::json authorization = {{"principalId", a.principal_id.ToString()},
                                    {"principalIdDisplayName", a.principal_display_name},
                                    {"roleDefinitionId", a.role_definition_id.ToString()}};
    if (!a.delegated_role_definition_ids.empty()) {
      nlohmann::json delegated = nlohmann::json::array();
      for (const auto& role : a.delegated_role_definition_ids) delegated.push_back(role.ToString());
      authorization["delegatedRoleDefinitionIds"] = delegated;
    }
    authorizations.push_back(authorization);
  }
  return {{"id", DefinitionId(d.scope, d.id)},
          {"type", "Microsoft.ManagedServices/registrationDefinitions"},
          {"name", d.id.ToString()},
          {"properties",
           {{"registrationDefinitionName", d.name},
            {"description", d.description},
            {"managedByTenantId", d.managed_by_tenant_id.ToString()},
            {"manageeTenantId", d.customer_tenant_id.ToString()},
            {"authorizations", authorizations},
            {"provisioningState", "Succeeded"}}}};
}

Error Invalid(std::string message) {
  return Error::InvalidArgument("InvalidRegistrationDefinitionCreateRequest", std::move(message));
}

Error DefinitionNotFound(const Guid& id) {
  return Error::NotFound(
      "RegistrationDefinitionNotFound",
      fmt::format("The registration definition '{}' could not be found.", id.ToString()));
}

// The scope of a route: its {scope*}, or "" for the namespace at the root (no scope).
std::string_view ScopeOf(const ArmCall& call) {
  for (const auto& [name, value] : call.params) {
    if (name == "scope") return value;
  }
  return "";
}

// The id of an item route, nullptr for a list.
const std::string* IdOf(const ArmCall& call) {
  for (const auto& [name, value] : call.params) {
    if (name == "id") return &value;
  }
  return nullptr;
}

// Lists take $filter=managedByTenantId eq '{tenant}' (Azure's one documented filter): the
// tenant, or nullopt without a filter.
Result<std::optional<Guid>> ManagedByFilter(const HttpRequest& request) {
  auto filter = request.QueryParam("$filter");
  if (!filter || filter->empty()) return std::optional<Guid>();
  const std::string text(Trim(*filter));
  const std::string prefix = "managedbytenantid eq '";
  std::optional<Guid> tenant;
  if (!StartsWithIgnoreCase(text, prefix) || text.back() != '\'' ||
      !(tenant = Guid::Parse(text.substr(prefix.size(), text.size() - prefix.size() - 1)))) {
    return Error::InvalidArgument("InvalidFilter",
                                  fmt::format("The $filter '{}' is not supported; use "
                                              "managedByTenantId eq '{{tenant id}}'.",
                                              *filter));
  }
  return tenant;
}

// Whether a PUT of an existing definition asks for exactly what it holds: every property a GET
// shows, the description and the principals' display names included.
bool SameDefinition(const RegistrationDefinition& a, const RegistrationDefinition& b) {
  if (a.name != b.name || a.description != b.description ||
      a.managed_by_tenant_id != b.managed_by_tenant_id ||
      a.authorizations.size() != b.authorizations.size()) {
    return false;
  }
  for (size_t i = 0; i < a.authorizations.size(); ++i) {
    const auto& x = a.authorizations[i];
    const auto& y = b.authorizations[i];
    if (x.principal_id != y.principal_id || x.role_definition_id != y.role_definition_id ||
        x.principal_display_name != y.principal_display_name ||
        x.delegated_role_definition_ids != y.delegated_role_definition_ids) {
      return false;
    }
  }
  return true;
}

HttpResponse List(const nlohmann::json& value, const HttpRequest& request) {
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

}  // namespace

void ManagedServicesApi::AddRoutes(ArmRouter& router) {
  constexpr RouteFamily kFamily = RouteFamily::kManagedServices;
  const auto bind = [this](auto operation) {
    return [this, operation](const ArmCall& call) { return (this->*operation)(call); };
  };
  // With a scope, and at the root (no scope), which every operation refuses as InvalidScope.
  for (const std::string scope : {"{scope*}", ""}) {
    const std::string at = scope + std::string(kNamespace);
    router
        .Add(at + "/registrationDefinitions", kFamily, kManagedServicesApiVersions,
             "Registrations are listed here; create one by id.")
        .On("GET", bind(&ManagedServicesApi::ListDefinitions));
    router
        .Add(at + "/registrationDefinitions/{id}", kFamily, kManagedServicesApiVersions,
             "A registration is created, read or deleted.")
        .On("GET", bind(&ManagedServicesApi::GetDefinition))
        .On("PUT", bind(&ManagedServicesApi::PutDefinition))
        .On("DELETE", bind(&ManagedServicesApi::DeleteDefinition));
    router
        .Add(at + "/registrationAssignments", kFamily, kManagedServicesApiVersions,
             "Registrations are listed here; create one by id.")
        .On("GET", bind(&ManagedServicesApi::ListAssignments));
    router
        .Add(at + "/registrationAssignments/{id}", kFamily, kManagedServicesApiVersions,
             "A registration is created, read or deleted.")
        .On("GET", bind(&ManagedServicesApi::GetAssignment))
        .On("PUT", bind(&ManagedServicesApi::PutAssignment))
        .On("DELETE", bind(&ManagedServicesApi::DeleteAssignment));
  }
  const auto unknown_type = [](const ArmCall& call) {
    return Error::NotFound("InvalidResourceType",
                           fmt::format("The resource type could not be found in the "
                                       "namespace 'Microsoft.ManagedServices' for path '{}'.",
                                       call.request.path));
  };
  for (const std::string scope : {"{scope*}", ""}) {
    const std::string at = scope + std::string(kNamespace);
    AddResourceTypeNotFound(router, at + "/{type}", kFamily, "", unknown_type);
    AddResourceTypeNotFound(router, at + "/{type}/{name}", kFamily, "", unknown_type);
  }
}

Result<ManagedServicesApi::Target> ManagedServicesApi::Admit(const ArmCall& call, Kind kind) {
  const bool definitions = kind == Kind::kDefinitions;
  auto scope = ResourceId::Parse(std::string(ScopeOf(call)));
  if (!scope.ok() || !scope->subscription_id() || scope->level() == ScopeLevel::kResource ||
      !scope->IsScope()) {
    return Error::InvalidArgument(
        "InvalidScope",
        "Azure Lighthouse registrations live at a subscription or a resource group.");
  }
  Target target{*scope, std::nullopt, Guid()};
  if (const std::string* id = IdOf(call)) {
    target.id = Guid::Parse(*id);
    if (!target.id) {
      return Error::InvalidArgument(
          definitions ? "InvalidRegistrationDefinitionId" : "InvalidRegistrationAssignmentId",
          fmt::format("The registration {} id '{}' must be a GUID.",
                      definitions ? "definition" : "assignment", *id));
    }
  }
  const std::string_view noun = definitions ? "registrationDefinitions" : "registrationAssignments";
  const std::string resource = target.id
                                   ? fmt::format("{}/providers/Microsoft.ManagedServices/{}/{}",
                                                 scope->ToString(), noun, target.id->ToString())
                                   : scope->ToString();
  const std::string& method = call.request.method;
  const std::string action = fmt::format("Microsoft.ManagedServices/{}/{}", noun,
                                         method == "GET"      ? "read"
                                         : method == "DELETE" ? "delete"
                                                              : "write");
  PAL_TRY(authorizer_.Authorize(call.caller, action, *scope, resource));
  // Onboarding grants roles in the customer's tenant: Azure requires Owner there.
  if (method != "GET") {
    PAL_TRY(authorizer_.Authorize(call.caller, kRoleAssignmentsWrite, *scope, resource));
  }
  PAL_TRY(authorizer_.CheckScopeExists(*scope));
  PAL_ASSIGN_OR_RETURN(auto subscription,
                       store_.scopes().FindSubscription(*Guid::Parse(*scope->subscription_id())));
  if (!subscription) return Error::Internal("The scope's subscription was not found.");
  target.customer = subscription->tenant_id;
  return target;
}

Result<HttpResponse> ManagedServicesApi::ListDefinitions(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kDefinitions));
  PAL_ASSIGN_OR_RETURN(const auto managed_by, ManagedByFilter(call.request));
  PAL_ASSIGN_OR_RETURN(auto all,
                       store_.managed_services().ListRegistrationDefinitions(target.customer));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& d : all) {
    if (!target.scope.Contains(d.scope)) continue;
    if (managed_by && *managed_by != d.managed_by_tenant_id) continue;
    value.push_back(DefinitionJson(d));
  }
  return List(value, call.request);
}

// Definitions and assignments are looked up in the customer's tenant only: another customer's
// registration of the same id is another resource, so this one is missing (GET 404, DELETE 204)
// or free (PUT 201).
Result<HttpResponse> ManagedServicesApi::GetDefinition(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kDefinitions));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.managed_services().FindRegistrationDefinition(
                                          target.customer, *target.id));
  if (!existing) return DefinitionNotFound(*target.id);
  return ArmJson(200, DefinitionJson(*existing).dump(), call.request);
}

Result<HttpResponse> ManagedServicesApi::DeleteDefinition(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kDefinitions));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.managed_services().FindRegistrationDefinition(
                                          target.customer, *target.id));
  if (!existing) return EmptyArmResponse(204, call.request);
  PAL_TRY(store_.managed_services().DeleteRegistrationDefinition(target.customer, *target.id));
  return EmptyArmResponse(200, call.request);
}

Result<HttpResponse> ManagedServicesApi::PutDefinition(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kDefinitions));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.managed_services().FindRegistrationDefinition(
                                          target.customer, *target.id));
  PAL_ASSIGN_OR_RETURN(const RegistrationDefinition wanted, DefinitionFromBody(call, target));
  if (existing) {
    // pal does not rewrite a definition in place: its grants would change under live
    // assignments. The same definition again is a success.
    if (!SameDefinition(*existing, wanted)) {
      return Error::Conflict("RegistrationDefinitionExists",
                             fmt::format("The registration definition '{}' already exists "
                                         "with other content; delete it (and its "
                                         "assignments) to change it.",
                                         target.id->ToString()));
    }
    return ArmJson(200, DefinitionJson(*existing).dump(), call.request);
  }
  PAL_TRY(store_.managed_services().CreateRegistrationDefinition(wanted));
  return ArmJson(201, DefinitionJson(wanted).dump(), call.request);
}

Result<RegistrationDefinition> ManagedServicesApi::DefinitionFromBody(const ArmCall& call,
                                                                      const Target& target) {
  auto body = nlohmann::json::parse(call.request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("properties") ||
      !body["properties"].is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content must be a JSON object with 'properties'.");
  }
  const auto& p = body["properties"];
  RegistrationDefinition d{*target.id,
                           target.scope,
                           target.customer,
                           p.value("registrationDefinitionName", ""),
                           p.value("description", ""),
                           Guid(),
                           {},
                           clock_.Now(),
                           {call.caller.tenant_id, call.caller.object_id}};
  if (d.name.empty()) return Invalid("'registrationDefinitionName' is required.");
  auto managing = Guid::Parse(p.value("managedByTenantId", ""));
  if (!managing) return Invalid("'managedByTenantId' must be a tenant id (a GUID).");
  if (*managing == target.customer) {
    return Invalid("The managing tenant cannot be the customer's own tenant.");
  }
  PAL_ASSIGN_OR_RETURN(auto managing_tenant, store_.directory().FindTenant(*managing));
  if (!managing_tenant) {
    return Invalid(fmt::format("The managing tenant '{}' does not exist.", managing->ToString()));
  }
  d.managed_by_tenant_id = *managing;
  if (!p.contains("authorizations") || !p["authorizations"].is_array()) {
    return Invalid("'authorizations' must be an array.");
  }
  for (const auto& a : p["authorizations"]) {
    PAL_ASSIGN_OR_RETURN(auto authorization, AuthorizationFromJson(a, *managing));
    d.authorizations.push_back(std::move(authorization));
  }
  PAL_TRY(ValidateDelegationAuthorizations(*target.id, d.authorizations));
  return d;
}

Result<DelegationAuthorization> ManagedServicesApi::AuthorizationFromJson(
    const nlohmann::json& a, const Guid& managing_tenant) {
  auto principal = Guid::Parse(a.is_object() ? a.value("principalId", "") : "");
  auto role = Guid::ParseLastSegment(a.is_object() ? a.value("roleDefinitionId", "") : "");
  if (!principal || !role) {
    return Invalid("Each authorization needs a 'principalId' and a 'roleDefinitionId' (GUIDs).");
  }
  std::vector<Guid> delegated;
  if (a.contains("delegatedRoleDefinitionIds") && !a["delegatedRoleDefinitionIds"].is_null()) {
    const auto& list = a["delegatedRoleDefinitionIds"];
    if (!list.is_array()) {
      return Invalid("'delegatedRoleDefinitionIds' must be an array of role definition ids.");
    }
    for (const auto& item : list) {
      auto delegated_role = Guid::ParseLastSegment(item.is_string() ? item.get<std::string>() : "");
      if (!delegated_role) {
        return Invalid("Each of 'delegatedRoleDefinitionIds' is a role definition id (a GUID).");
      }
      delegated.push_back(*delegated_role);
    }
  }
  PAL_ASSIGN_OR_RETURN(auto found, store_.directory().FindPrincipal({managing_tenant, *principal}));
  if (!found) {
    return Invalid(fmt::format("The principal '{}' does not exist in the managing tenant '{}'.",
                               principal->ToString(), managing_tenant.ToString()));
  }
  return DelegationAuthorization{*principal, a.value("principalIdDisplayName", found->name), *role,
                                 std::move(delegated)};
}

nlohmann::json ManagedServicesApi::AssignmentJson(const ArmCall& call,
                                                  const RegistrationAssignment& a) {
  std::optional<RegistrationDefinition> expand;
  if (EqualsIgnoreCase(call.request.QueryParam("$expandRegistrationDefinition").value_or(""),
                       "true")) {
    auto d =
        store_.managed_services().FindRegistrationDefinition(a.customer_tenant_id, a.definition_id);
    if (d.ok()) expand = *d;
  }
  // Azure names the definition by its full resource id, under the scope it was created at (a
  // subscription); one deleted since is named under the assignment's subscription.
  std::optional<RegistrationDefinition> definition = expand;
  if (!definition) {
    auto found =
        store_.managed_services().FindRegistrationDefinition(a.customer_tenant_id, a.definition_id);
    if (found.ok()) definition = *found;
  }
  const std::string definition_id =
      definition ? DefinitionId(definition->scope, a.definition_id)
                 : fmt::format(
                       "/subscriptions/{}/providers/Microsoft.ManagedServices/"
                       "registrationDefinitions/{}",
                       a.scope.subscription_id().value_or(""), a.definition_id.ToString());
  nlohmann::json properties = {{"registrationDefinitionId", definition_id},
                               {"provisioningState", "Succeeded"}};
  if (expand) properties["registrationDefinition"] = DefinitionJson(*expand);
  return {{"id", AssignmentId(a.scope, a.id)},
          {"type", "Microsoft.ManagedServices/registrationAssignments"},
          {"name", a.id.ToString()},
          {"properties", properties}};
}

Result<HttpResponse> ManagedServicesApi::ListAssignments(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kAssignments));
  PAL_ASSIGN_OR_RETURN(const auto managed_by, ManagedByFilter(call.request));
  PAL_ASSIGN_OR_RETURN(auto all,
                       store_.managed_services().ListRegistrationAssignments(target.customer));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& a : all) {
    if (!target.scope.Contains(a.scope)) continue;
    if (managed_by) {
      PAL_ASSIGN_OR_RETURN(auto d, store_.managed_services().FindRegistrationDefinition(
                                       a.customer_tenant_id, a.definition_id));
      if (!d || *managed_by != d->managed_by_tenant_id) continue;
    }
    value.push_back(AssignmentJson(call, a));
  }
  return List(value, call.request);
}

Result<HttpResponse> ManagedServicesApi::GetAssignment(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kAssignments));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.managed_services().FindRegistrationAssignment(
                                          target.customer, *target.id));
  if (!existing || existing->scope != target.scope) {
    return Error::NotFound(
        "RegistrationAssignmentNotFound",
        fmt::format("The registration assignment '{}' could not be found.", target.id->ToString()));
  }
  return ArmJson(200, AssignmentJson(call, *existing).dump(), call.request);
}

Result<HttpResponse> ManagedServicesApi::DeleteAssignment(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kAssignments));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.managed_services().FindRegistrationAssignment(
                                          target.customer, *target.id));
  if (!existing || existing->scope != target.scope) return EmptyArmResponse(204, call.request);
  PAL_TRY(store_.managed_services().DeleteRegistrationAssignment(
      target.customer, *target.id, {call.caller.tenant_id, call.caller.object_id}));
  return EmptyArmResponse(200, call.request);
}

Result<HttpResponse> ManagedServicesApi::PutAssignment(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Target target, Admit(call, Kind::kAssignments));
  PAL_ASSIGN_OR_RETURN(auto existing, store_.managed_services().FindRegistrationAssignment(
                                          target.customer, *target.id));
  auto body = nlohmann::json::parse(call.request.body, nullptr, false);
  const std::string definition_text =
      body.is_object() && body.contains("properties") && body["properties"].is_object()
          ? body["properties"].value("registrationDefinitionId", "")
          : "";
  auto definition_id = Guid::ParseLastSegment(definition_text);
  if (!definition_id) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "'properties.registrationDefinitionId' must name a "
                                  "registration definition.");
  }
  PAL_ASSIGN_OR_RETURN(auto definition, store_.managed_services().FindRegistrationDefinition(
                                            target.customer, *definition_id));
  if (!definition) return DefinitionNotFound(*definition_id);
  if (existing) {
    if (existing->scope == target.scope && existing->definition_id == *definition_id) {
      return ArmJson(200, AssignmentJson(call, *existing).dump(), call.request);
    }
    return Error::Conflict(
        "RegistrationAssignmentExists",
        fmt::format("The registration assignment '{}' already exists.", target.id->ToString()));
  }
  // The store stamps created_at.
  PAL_ASSIGN_OR_RETURN(auto created, store_.managed_services().CreateRegistrationAssignment(
                                         {*target.id,
                                          target.scope,
                                          target.customer,
                                          *definition_id,
                                          Timestamp{},
                                          {call.caller.tenant_id, call.caller.object_id}}));
  return ArmJson(201, AssignmentJson(call, created).dump(), call.request);
}

}  // namespace pal::api
