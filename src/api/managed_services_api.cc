#include "api/managed_services_api.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/url_encoding.h"
#include "core/delegation.h"
#include "core/role_definition.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kDefinitions = "registrationdefinitions";
constexpr std::string_view kAssignments = "registrationassignments";

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

nlohmann::json AssignmentJson(const RegistrationAssignment& a,
                              const std::optional<RegistrationDefinition>& expand) {
  nlohmann::json properties = {
      {"registrationDefinitionId",
       expand ? DefinitionId(expand->scope, a.definition_id) : a.definition_id.ToString()},
      {"provisioningState", "Succeeded"}};
  if (expand) properties["registrationDefinition"] = DefinitionJson(*expand);
  return {{"id", AssignmentId(a.scope, a.id)},
          {"type", "Microsoft.ManagedServices/registrationAssignments"},
          {"name", a.id.ToString()},
          {"properties", properties}};
}

Error Invalid(std::string message) {
  return Error::InvalidArgument("InvalidRegistrationDefinitionCreateRequest", std::move(message));
}

HttpResponse NoContent(const HttpRequest& request) {
  HttpResponse none;
  none.status = 204;
  AddArmHeaders(none, request);
  return none;
}

}  // namespace

HttpResponse ManagedServicesApi::Answer(const HttpRequest& request,
                                        const identity::CallerIdentity& caller) {
  const std::string lower = ToLowerAscii(request.path);
  const size_t marker = lower.find(kManagedServicesMarker);
  auto scope = ResourceId::Parse(request.path.substr(0, marker));
  const auto rest =
      PathSegments(std::string_view(request.path).substr(marker + kManagedServicesMarker.size()));
  const bool definitions = !rest.empty() && EqualsIgnoreCase(rest[0], kDefinitions);
  const bool assignments = !rest.empty() && EqualsIgnoreCase(rest[0], kAssignments);
  if ((!definitions && !assignments) || rest.size() > 2) {
    return ArmError(
        Error::NotFound("InvalidResourceType",
                        fmt::format("The resource type could not be found in the "
                                    "namespace 'Microsoft.ManagedServices' for path '{}'.",
                                    request.path)),
        request);
  }
  const bool collection = rest.size() == 1;
  if (collection && request.method != "GET") {
    return MethodNotAllowed(request, "GET", "Registrations are listed here; create one by id.");
  }
  if (!collection && request.method != "GET" && request.method != "PUT" &&
      request.method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "A registration is created, read or deleted.");
  }
  if (auto version = CheckApiVersion(request, kManagedServicesApiVersions); !version.ok()) {
    return ArmError(version.error(), request);
  }
  if (!scope.ok() || !scope->subscription_id() || scope->level() == ScopeLevel::kResource ||
      !scope->IsScope()) {
    return ArmError(
        Error::InvalidArgument(
            "InvalidScope",
            "Azure Lighthouse registrations live at a subscription or a resource group."),
        request);
  }
  std::optional<Guid> id;
  if (!collection) {
    id = Guid::Parse(rest[1]);
    if (!id) {
      return ArmError(
          Error::InvalidArgument(
              definitions ? "InvalidRegistrationDefinitionId" : "InvalidRegistrationAssignmentId",
              fmt::format("The registration {} id '{}' must be a GUID.",
                          definitions ? "definition" : "assignment", rest[1])),
          request);
    }
  }
  const std::string noun = definitions ? "registrationDefinitions" : "registrationAssignments";
  const std::string target = id ? fmt::format("{}/providers/Microsoft.ManagedServices/{}/{}",
                                              scope->ToString(), noun, id->ToString())
                                : scope->ToString();
  const std::string action = fmt::format("Microsoft.ManagedServices/{}/{}", noun,
                                         request.method == "GET"      ? "read"
                                         : request.method == "DELETE" ? "delete"
                                                                      : "write");
  if (auto allowed = authorizer_.Authorize(caller, action, *scope, target); !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  if (request.method != "GET") {
    // Onboarding grants roles in the customer's tenant: Azure requires Owner there.
    if (auto owner = authorizer_.Authorize(caller, kRoleAssignmentsWrite, *scope, target);
        !owner.ok()) {
      return ArmError(owner.error(), request);
    }
  }
  if (auto exists = authorizer_.CheckScopeExists(*scope); !exists.ok()) {
    return ArmError(exists.error(), request);
  }
  auto subscription = store_.scopes().FindSubscription(*Guid::Parse(*scope->subscription_id()));
  if (!subscription.ok()) return ArmError(subscription.error(), request);
  const Guid customer = (*subscription)->tenant_id;
  const PrincipalKey actor{caller.tenant_id, caller.object_id};
  // Lists take $filter=managedByTenantId eq '{tenant}' (Azure's one documented filter).
  std::optional<Guid> managed_by_filter;
  if (auto filter = request.QueryParam("$filter"); collection && filter && !filter->empty()) {
    const std::string text(Trim(*filter));
    const std::string prefix = "managedbytenantid eq '";
    if (!StartsWithIgnoreCase(text, prefix) || text.back() != '\'' ||
        !(managed_by_filter =
              Guid::Parse(text.substr(prefix.size(), text.size() - prefix.size() - 1)))) {
      return ArmError(Error::InvalidArgument("InvalidFilter",
                                             fmt::format("The $filter '{}' is not supported; use "
                                                         "managedByTenantId eq '{{tenant id}}'.",
                                                         *filter)),
                      request);
    }
  }
  auto managed_by_matches = [&](const Guid& tenant) {
    return !managed_by_filter || *managed_by_filter == tenant;
  };

  if (definitions) {
    if (collection) {
      auto all = store_.managed_services().ListRegistrationDefinitions(customer);
      if (!all.ok()) return ArmError(all.error(), request);
      nlohmann::json value = nlohmann::json::array();
      for (const auto& d : *all) {
        if (scope->Contains(d.scope) && managed_by_matches(d.managed_by_tenant_id)) {
          value.push_back(DefinitionJson(d));
        }
      }
      return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
    }
    // Looked up in the customer's tenant only: another customer's definition of the same id is
    // another resource, so this one is missing (GET 404, DELETE 204) or free (PUT 201).
    auto existing = store_.managed_services().FindRegistrationDefinition(customer, *id);
    if (!existing.ok()) return ArmError(existing.error(), request);
    const bool here = existing->has_value();
    if (request.method == "GET") {
      if (!here) {
        return ArmError(
            Error::NotFound("RegistrationDefinitionNotFound",
                            fmt::format("The registration definition '{}' could not be found.",
                                        id->ToString())),
            request);
      }
      return ArmJson(200, DefinitionJson(**existing).dump(), request);
    }
    if (request.method == "DELETE") {
      if (!here) return NoContent(request);
      if (auto deleted = store_.managed_services().DeleteRegistrationDefinition(customer, *id);
          !deleted.ok()) {
        return ArmError(deleted.error(), request);
      }
      HttpResponse done;
      done.status = 200;
      AddArmHeaders(done, request);
      return done;
    }
    // PUT
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("properties") ||
        !body["properties"].is_object()) {
      return ArmError(Error::InvalidArgument("InvalidRequestContent",
                                             "The request content must be a JSON object with "
                                             "'properties'."),
                      request);
    }
    const auto& p = body["properties"];
    RegistrationDefinition d{*id,
                             *scope,
                             customer,
                             p.value("registrationDefinitionName", ""),
                             p.value("description", ""),
                             Guid(),
                             {},
                             clock_.Now(),
                             actor};
    if (d.name.empty())
      return ArmError(Invalid("'registrationDefinitionName' is required."), request);
    auto managing = Guid::Parse(p.value("managedByTenantId", ""));
    if (!managing)
      return ArmError(Invalid("'managedByTenantId' must be a tenant id (a GUID)."), request);
    if (*managing == customer) {
      return ArmError(Invalid("The managing tenant cannot be the customer's own tenant."), request);
    }
    auto managing_tenant = store_.directory().FindTenant(*managing);
    if (!managing_tenant.ok()) return ArmError(managing_tenant.error(), request);
    if (!*managing_tenant) {
      return ArmError(
          Invalid(fmt::format("The managing tenant '{}' does not exist.", managing->ToString())),
          request);
    }
    d.managed_by_tenant_id = *managing;
    if (!p.contains("authorizations") || !p["authorizations"].is_array()) {
      return ArmError(Invalid("'authorizations' must be an array."), request);
    }
    for (const auto& a : p["authorizations"]) {
      auto principal = Guid::Parse(a.is_object() ? a.value("principalId", "") : "");
      const std::string role_text = a.is_object() ? a.value("roleDefinitionId", "") : "";
      auto role = Guid::ParseLastSegment(role_text);
      if (!principal || !role) {
        return ArmError(
            Invalid("Each authorization needs a 'principalId' and a 'roleDefinitionId' (GUIDs)."),
            request);
      }
      std::vector<Guid> delegated;
      if (a.contains("delegatedRoleDefinitionIds") && !a["delegatedRoleDefinitionIds"].is_null()) {
        const auto& list = a["delegatedRoleDefinitionIds"];
        if (!list.is_array()) {
          return ArmError(
              Invalid("'delegatedRoleDefinitionIds' must be an array of role definition ids."),
              request);
        }
        for (const auto& item : list) {
          auto delegated_role =
              Guid::ParseLastSegment(item.is_string() ? item.get<std::string>() : "");
          if (!delegated_role) {
            return ArmError(
                Invalid("Each of 'delegatedRoleDefinitionIds' is a role definition id (a GUID)."),
                request);
          }
          delegated.push_back(*delegated_role);
        }
      }
      auto found = store_.directory().FindPrincipal({*managing, *principal});
      if (!found.ok()) return ArmError(found.error(), request);
      if (!*found) {
        return ArmError(
            Invalid(fmt::format("The principal '{}' does not exist in the managing tenant '{}'.",
                                principal->ToString(), managing->ToString())),
            request);
      }
      d.authorizations.push_back({*principal, a.value("principalIdDisplayName", (*found)->name),
                                  *role, std::move(delegated)});
    }
    if (auto valid = ValidateDelegationAuthorizations(*id, d.authorizations); !valid.ok()) {
      return ArmError(valid.error(), request);
    }
    if (*existing) {
      // pal does not rewrite a definition in place: its grants would change under live
      // assignments. The same definition again is a success.
      const auto& e = **existing;
      bool same = e.name == d.name && e.managed_by_tenant_id == d.managed_by_tenant_id &&
                  e.authorizations.size() == d.authorizations.size();
      for (size_t i = 0; same && i < d.authorizations.size(); ++i) {
        same = e.authorizations[i].principal_id == d.authorizations[i].principal_id &&
               e.authorizations[i].role_definition_id == d.authorizations[i].role_definition_id &&
               e.authorizations[i].delegated_role_definition_ids ==
                   d.authorizations[i].delegated_role_definition_ids;
      }
      if (!same) {
        return ArmError(
            Error::Conflict("RegistrationDefinitionExists",
                            fmt::format("The registration definition '{}' already exists "
                                        "with other content; delete it (and its "
                                        "assignments) to change it.",
                                        id->ToString())),
            request);
      }
      return ArmJson(200, DefinitionJson(e).dump(), request);
    }
    if (auto created = store_.managed_services().CreateRegistrationDefinition(d); !created.ok()) {
      return ArmError(created.error(), request);
    }
    return ArmJson(201, DefinitionJson(d).dump(), request);
  }

  // Assignments.
  const bool expand =
      EqualsIgnoreCase(request.QueryParam("$expandRegistrationDefinition").value_or(""), "true");
  auto definition_of =
      [&](const RegistrationAssignment& a) -> std::optional<RegistrationDefinition> {
    if (!expand) return std::nullopt;
    auto d =
        store_.managed_services().FindRegistrationDefinition(a.customer_tenant_id, a.definition_id);
    return d.ok() ? *d : std::nullopt;
  };
  if (collection) {
    auto all = store_.managed_services().ListRegistrationAssignments(customer);
    if (!all.ok()) return ArmError(all.error(), request);
    nlohmann::json value = nlohmann::json::array();
    for (const auto& a : *all) {
      if (!scope->Contains(a.scope)) continue;
      if (managed_by_filter) {
        auto d = store_.managed_services().FindRegistrationDefinition(a.customer_tenant_id,
                                                                      a.definition_id);
        if (!d.ok()) return ArmError(d.error(), request);
        if (!*d || !managed_by_matches((*d)->managed_by_tenant_id)) continue;
      }
      value.push_back(AssignmentJson(a, definition_of(a)));
    }
    return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
  }
  // As for definitions: the customer's own assignment of this id, or none.
  auto existing = store_.managed_services().FindRegistrationAssignment(customer, *id);
  if (!existing.ok()) return ArmError(existing.error(), request);
  const bool here = *existing && (*existing)->scope == *scope;
  if (request.method == "GET") {
    if (!here) {
      return ArmError(
          Error::NotFound(
              "RegistrationAssignmentNotFound",
              fmt::format("The registration assignment '{}' could not be found.", id->ToString())),
          request);
    }
    return ArmJson(200, AssignmentJson(**existing, definition_of(**existing)).dump(), request);
  }
  if (request.method == "DELETE") {
    if (!here) return NoContent(request);
    if (auto deleted = store_.managed_services().DeleteRegistrationAssignment(customer, *id, actor);
        !deleted.ok()) {
      return ArmError(deleted.error(), request);
    }
    HttpResponse done;
    done.status = 200;
    AddArmHeaders(done, request);
    return done;
  }
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  const std::string definition_text =
      body.is_object() && body.contains("properties") && body["properties"].is_object()
          ? body["properties"].value("registrationDefinitionId", "")
          : "";
  auto definition_id = Guid::ParseLastSegment(definition_text);
  if (!definition_id) {
    return ArmError(Error::InvalidArgument("InvalidRequestContent",
                                           "'properties.registrationDefinitionId' must name a "
                                           "registration definition."),
                    request);
  }
  auto definition = store_.managed_services().FindRegistrationDefinition(customer, *definition_id);
  if (!definition.ok()) return ArmError(definition.error(), request);
  if (!*definition) {
    return ArmError(
        Error::NotFound("RegistrationDefinitionNotFound",
                        fmt::format("The registration definition '{}' could not be found.",
                                    definition_id->ToString())),
        request);
  }
  if (*existing) {
    if (here && (*existing)->definition_id == *definition_id) {
      return ArmJson(200, AssignmentJson(**existing, definition_of(**existing)).dump(), request);
    }
    return ArmError(Error::Conflict("RegistrationAssignmentExists",
                                    fmt::format("The registration assignment '{}' already exists.",
                                                id->ToString())),
                    request);
  }
  // The store stamps created_at.
  auto created = store_.managed_services().CreateRegistrationAssignment(
      {*id, *scope, customer, *definition_id, Timestamp{}, actor});
  if (!created.ok()) return ArmError(created.error(), request);
  return ArmJson(201, AssignmentJson(*created, definition_of(*created)).dump(), request);
}

}  // namespace pal::api
