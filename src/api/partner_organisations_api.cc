#include "api/partner_organisations_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/insights_api.h"
#include "api/json_body.h"
#include "api/resource_type_not_found.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kOrganisationsPath = "/providers/Pal.Insights/organizations";

nlohmann::json RolesJson(const std::vector<PartnerRole>& roles) {
  nlohmann::json out = nlohmann::json::array();
  for (PartnerRole role : roles) out.push_back(PartnerRoleName(role));
  return out;
}

nlohmann::json OrganisationJson(const CallerOrganisation& o) {
  return {{"id", fmt::format("{}/{}", kOrganisationsPath, o.organisation_id)},
          {"name", o.organisation_id},
          {"type", "Pal.Insights/organizations"},
          {"properties",
           {{"displayName", o.name},
            {"homeTenantId", o.home_tenant_id.ToString()},
            {"partnerIds", o.partner_ids},
            {"roles", RolesJson(o.roles)},
            {"revenueVisible", o.access.read_revenue},
            {"manageRoles", o.access.manage_roles}}}};
}

nlohmann::json MemberJson(const CallerOrganisation& o, const Principal& principal,
                          const std::vector<PartnerRole>& roles) {
  const std::string id = principal.object_id.ToString();
  return {{"id", fmt::format("{}/{}/members/{}", kOrganisationsPath, o.organisation_id, id)},
          {"name", id},
          {"type", "Pal.Insights/organizations/members"},
          {"properties",
           {{"principalId", id},
            {"principalName", principal.name},
            {"principalType", PrincipalKindName(principal.kind)},
            {"roles", RolesJson(roles)}}}};
}

// The roles of one principal in `roles` (one organisation's list).
std::vector<PartnerRole> RolesOf(const std::vector<PartnerRoleAssignment>& roles,
                                 const Guid& object_id) {
  std::vector<PartnerRole> out;
  for (const auto& r : roles) {
    if (r.principal.object_id == object_id) out.push_back(r.role);
  }
  return out;
}

size_t AdminCount(const std::vector<PartnerRoleAssignment>& roles) {
  return static_cast<size_t>(std::count_if(
      roles.begin(), roles.end(), [](const auto& r) { return r.role == PartnerRole::kAdmin; }));
}

// The roles a PUT body asks for: {"properties": {"roles": ["ReportViewer", ...]}}.
Result<std::vector<PartnerRole>> RolesFromBody(std::string_view body) {
  PAL_ASSIGN_OR_RETURN(auto json, ParseObjectBody(body));
  const nlohmann::json& properties = PropertiesOf(json);
  const auto roles = properties.find("roles");
  if (roles == properties.end() || !roles->is_array()) {
    return Error::InvalidArgument(
        "InvalidRequestContent",
        fmt::format("properties.roles must be an array of role names ({}).", PartnerRoleNames()));
  }
  std::vector<PartnerRole> out;
  for (const auto& r : *roles) {
    const auto role = r.is_string() ? ParsePartnerRole(r.get<std::string>()) : std::nullopt;
    if (!role) {
      return Error::InvalidArgument(
          "InvalidPartnerRole",
          fmt::format("'{}' is not a partner role; the roles are {}.",
                      r.is_string() ? r.get<std::string>() : r.dump(), PartnerRoleNames()));
    }
    if (std::find(out.begin(), out.end(), *role) == out.end()) out.push_back(*role);
  }
  if (out.empty()) {
    return Error::InvalidArgument(
        "InvalidRequestContent",
        "properties.roles is empty; DELETE the member to take all its roles away.");
  }
  std::sort(out.begin(), out.end());
  return out;
}

Error RoleNotFound(const Guid& object_id, const CallerOrganisation& organisation) {
  return Error::NotFound("PartnerRoleNotFound",
                         fmt::format("Principal {} holds no role of partner organisation {}.",
                                     object_id.ToString(), organisation.organisation_id));
}

}  // namespace

void PartnerOrganisationsApi::AddRoutes(ArmRouter& router) {
  constexpr RouteFamily kFamily = RouteFamily::kInsights;
  constexpr std::string_view kVersion = kInsightsApiVersion;
  const auto bind = [this](auto operation) {
    return [this, operation](const ArmCall& call) { return (this->*operation)(call); };
  };
  const std::string organisation = std::string(kOrganisationsPath) + "/{organisation}";
  router.Add(kOrganisationsPath, kFamily, kVersion, "Your organisations are read with GET.")
      .On("GET", bind(&PartnerOrganisationsApi::ListOrganisations));
  router.Add(organisation, kFamily, kVersion, "An organisation is read with GET.")
      .On("GET", bind(&PartnerOrganisationsApi::GetOrganisation));
  router.Add(organisation + "/members", kFamily, kVersion, "The member list is read with GET.")
      .On("GET", bind(&PartnerOrganisationsApi::ListMembers));
  router
      .Add(organisation + "/members/{member}", kFamily, kVersion,
           "A member is read, set (PUT) or removed (DELETE).")
      .On("GET", bind(&PartnerOrganisationsApi::GetMember))
      .On("PUT", bind(&PartnerOrganisationsApi::PutMember))
      .On("DELETE", bind(&PartnerOrganisationsApi::DeleteMember));
  AddResourceTypeNotFound(
      router, std::string(kOrganisationsPath) + "/{rest*}", kFamily, kVersion,
      [](const ArmCall& call) {
        return Error::NotFound(
            "InvalidResourceType",
            fmt::format("No Pal.Insights resource is served at '{}'.", call.request.path));
      });
}

Result<HttpResponse> PartnerOrganisationsApi::ListOrganisations(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto organisations, CallerOrganisations(store_, call.caller));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& o : organisations) value.push_back(OrganisationJson(o));
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<CallerOrganisation> PartnerOrganisationsApi::OrganisationOf(const ArmCall& call) {
  // Another organisation answers as one that does not exist.
  return ResolveCallerOrganisation(store_, call.caller, call.Param("organisation"),
                                   "only its own people see and manage an organisation");
}

Result<CallerOrganisation> PartnerOrganisationsApi::AdminOrganisationOf(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto organisation, OrganisationOf(call));
  if (!organisation.access.manage_roles) {
    return Error::Forbidden(
        "PartnerAdminRequired",
        fmt::format("Only an Admin of partner organisation {} sees and manages who holds "
                    "its roles.",
                    organisation.organisation_id));
  }
  return organisation;
}

Result<HttpResponse> PartnerOrganisationsApi::GetOrganisation(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto organisation, OrganisationOf(call));
  return ArmJson(200, OrganisationJson(organisation).dump(), call.request);
}

Result<HttpResponse> PartnerOrganisationsApi::ListMembers(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto organisation, AdminOrganisationOf(call));
  PAL_ASSIGN_OR_RETURN(auto roles,
                       store_.partner_roles().ListPartnerRoles(organisation.organisation_id));
  nlohmann::json value = nlohmann::json::array();
  std::vector<Guid> seen;
  for (const auto& r : roles) {
    if (std::find(seen.begin(), seen.end(), r.principal.object_id) != seen.end()) continue;
    seen.push_back(r.principal.object_id);
    PAL_ASSIGN_OR_RETURN(auto principal, store_.directory().FindPrincipal(r.principal));
    if (!principal) continue;
    value.push_back(MemberJson(organisation, *principal, RolesOf(roles, r.principal.object_id)));
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<Principal> PartnerOrganisationsApi::MemberOf(const ArmCall& call,
                                                    const CallerOrganisation& organisation) {
  const std::string& object_text = call.Param("member");
  const Error not_found = Error::NotFound(
      "PrincipalNotFound",
      fmt::format("There is no principal '{}' in the home tenant {} of partner organisation {}.",
                  object_text, organisation.home_tenant_id.ToString(),
                  organisation.organisation_id));
  const auto object_id = Guid::Parse(object_text);
  if (!object_id) return not_found;
  PAL_ASSIGN_OR_RETURN(auto principal,
                       store_.directory().FindPrincipal({organisation.home_tenant_id, *object_id}));
  if (!principal) return not_found;
  return *principal;
}

Result<PartnerOrganisationsApi::MemberRoles> PartnerOrganisationsApi::MemberRolesOf(
    const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto organisation, AdminOrganisationOf(call));
  PAL_ASSIGN_OR_RETURN(auto principal, MemberOf(call, organisation));
  PAL_ASSIGN_OR_RETURN(auto all,
                       store_.partner_roles().ListPartnerRoles(organisation.organisation_id));
  const std::vector<PartnerRole> held = RolesOf(all, principal.object_id);
  return MemberRoles{std::move(organisation), std::move(principal), std::move(all), held};
}

Result<HttpResponse> PartnerOrganisationsApi::GetMember(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(MemberRoles member, MemberRolesOf(call));
  const auto& [organisation, principal, all, held] = member;
  if (held.empty()) return RoleNotFound(principal.object_id, organisation);
  return ArmJson(200, MemberJson(organisation, principal, held).dump(), call.request);
}

Result<HttpResponse> PartnerOrganisationsApi::PutMember(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(MemberRoles member, MemberRolesOf(call));
  const auto& [organisation, principal, all, held] = member;
  PAL_ASSIGN_OR_RETURN(auto wanted, RolesFromBody(call.request.body));
  Partner entry;
  entry.partner_id = organisation.organisation_id;
  entry.name = organisation.name;
  entry.home_tenant_id = organisation.home_tenant_id;
  PAL_TRY(CheckPartnerRoleHolder(entry, principal));
  PAL_TRY(ChangeRoles(call, organisation, {organisation.home_tenant_id, principal.object_id}, all,
                      held, wanted));
  return ArmJson(held.empty() ? 201 : 200, MemberJson(organisation, principal, wanted).dump(),
                 call.request);
}

Result<HttpResponse> PartnerOrganisationsApi::DeleteMember(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(MemberRoles member, MemberRolesOf(call));
  const auto& [organisation, principal, all, held] = member;
  if (held.empty()) return RoleNotFound(principal.object_id, organisation);
  PAL_TRY(ChangeRoles(call, organisation, {organisation.home_tenant_id, principal.object_id}, all,
                      held, {}));
  return ArmJson(200, MemberJson(organisation, principal, held).dump(), call.request);
}

Result<void> PartnerOrganisationsApi::ChangeRoles(const ArmCall& call,
                                                  const CallerOrganisation& organisation,
                                                  const PrincipalKey& key,
                                                  const std::vector<PartnerRoleAssignment>& all,
                                                  const std::vector<PartnerRole>& held,
                                                  const std::vector<PartnerRole>& wanted) {
  const auto has = [](const std::vector<PartnerRole>& roles, PartnerRole role) {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  };
  if (has(held, PartnerRole::kAdmin) && !has(wanted, PartnerRole::kAdmin) && AdminCount(all) == 1) {
    return Error::Conflict(
        "LastPartnerAdmin",
        fmt::format("Principal {} is the only Admin of partner organisation {}; make "
                    "someone else Admin first.",
                    key.object_id.ToString(), organisation.organisation_id));
  }
  for (PartnerRole role : wanted) {
    if (has(held, role)) continue;
    PartnerRoleAssignment assignment;
    assignment.organisation_id = organisation.organisation_id;
    assignment.principal = key;
    assignment.role = role;
    assignment.granted_by = {call.caller.tenant_id, call.caller.object_id};
    PAL_TRY(store_.partner_roles().AddPartnerRole(assignment));
  }
  for (PartnerRole role : held) {
    if (has(wanted, role)) continue;
    PAL_TRY(store_.partner_roles().RemovePartnerRole(organisation.organisation_id, key, role));
  }
  return {};
}

}  // namespace pal::api
