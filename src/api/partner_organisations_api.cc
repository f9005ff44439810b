// The partner organisations part of InsightsApi: the caller's organisations, and the Admin's
// management of who holds the organisation's Partner Center roles (docs/api.md).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/insights_api.h"
#include "api/power_platform_json.h"
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
  auto json = ParseObjectBody(body);
  if (!json.ok()) return json.error();
  const nlohmann::json& properties = PropertiesOf(*json);
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

}  // namespace

HttpResponse InsightsApi::Organisations(const HttpRequest& request,
                                        const identity::CallerIdentity& caller,
                                        const std::vector<std::string_view>& segments) {
  if (segments.empty()) {
    if (request.method != "GET")
      return MethodNotAllowed(request, "GET", "Your organisations are read with GET.");
    auto organisations = CallerOrganisations(store_, caller);
    if (!organisations.ok()) return ArmError(organisations.error(), request);
    nlohmann::json value = nlohmann::json::array();
    for (const auto& o : *organisations) value.push_back(OrganisationJson(o));
    return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
  }
  if (segments.size() > 3 || (segments.size() >= 2 && !EqualsIgnoreCase(segments[1], "members"))) {
    return ArmError(
        Error::NotFound("InvalidResourceType",
                        fmt::format("No Pal.Insights resource is served at '{}'.", request.path)),
        request);
  }
  // Another organisation answers as one that does not exist.
  auto organisation =
      ResolveCallerOrganisation(store_, caller, std::string(segments[0]),
                                "only its own people see and manage an organisation");
  if (!organisation.ok()) return ArmError(organisation.error(), request);
  if (segments.size() == 1) {
    if (request.method != "GET")
      return MethodNotAllowed(request, "GET", "An organisation is read with GET.");
    return ArmJson(200, OrganisationJson(*organisation).dump(), request);
  }
  if (!organisation->access.manage_roles) {
    return ArmError(
        Error::Forbidden(
            "PartnerAdminRequired",
            fmt::format("Only an Admin of partner organisation {} sees and manages who holds "
                        "its roles.",
                        organisation->organisation_id)),
        request);
  }
  if (segments.size() == 2) {
    if (request.method != "GET")
      return MethodNotAllowed(request, "GET", "The member list is read with GET.");
    return Members(request, *organisation);
  }
  return Member(request, caller, *organisation, segments[2]);
}

HttpResponse InsightsApi::Members(const HttpRequest& request,
                                  const CallerOrganisation& organisation) {
  auto roles = store_.partner_roles().ListPartnerRoles(organisation.organisation_id);
  if (!roles.ok()) return ArmError(roles.error(), request);
  nlohmann::json value = nlohmann::json::array();
  std::vector<Guid> seen;
  for (const auto& r : *roles) {
    if (std::find(seen.begin(), seen.end(), r.principal.object_id) != seen.end()) continue;
    seen.push_back(r.principal.object_id);
    auto principal = store_.directory().FindPrincipal(r.principal);
    if (!principal.ok()) return ArmError(principal.error(), request);
    if (!*principal) continue;
    value.push_back(MemberJson(organisation, **principal, RolesOf(*roles, r.principal.object_id)));
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

HttpResponse InsightsApi::Member(const HttpRequest& request, const identity::CallerIdentity& caller,
                                 const CallerOrganisation& organisation,
                                 std::string_view object_text) {
  const bool get = request.method == "GET", put = request.method == "PUT",
             del = request.method == "DELETE";
  if (!get && !put && !del) {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "A member is read, set (PUT) or removed (DELETE).");
  }
  const auto object_id = Guid::Parse(object_text);
  const Error not_found = Error::NotFound(
      "PrincipalNotFound",
      fmt::format("There is no principal '{}' in the home tenant {} of partner organisation {}.",
                  object_text, organisation.home_tenant_id.ToString(),
                  organisation.organisation_id));
  if (!object_id) return ArmError(not_found, request);
  const PrincipalKey key{organisation.home_tenant_id, *object_id};
  auto principal = store_.directory().FindPrincipal(key);
  if (!principal.ok()) return ArmError(principal.error(), request);
  if (!*principal) return ArmError(not_found, request);
  auto all = store_.partner_roles().ListPartnerRoles(organisation.organisation_id);
  if (!all.ok()) return ArmError(all.error(), request);
  const std::vector<PartnerRole> held = RolesOf(*all, *object_id);
  if (get) {
    if (held.empty()) {
      return ArmError(
          Error::NotFound("PartnerRoleNotFound",
                          fmt::format("Principal {} holds no role of partner organisation {}.",
                                      object_id->ToString(), organisation.organisation_id)),
          request);
    }
    return ArmJson(200, MemberJson(organisation, **principal, held).dump(), request);
  }
  std::vector<PartnerRole> wanted;
  if (put) {
    auto roles = RolesFromBody(request.body);
    if (!roles.ok()) return ArmError(roles.error(), request);
    wanted = std::move(*roles);
    Partner entry;
    entry.partner_id = organisation.organisation_id;
    entry.name = organisation.name;
    entry.home_tenant_id = organisation.home_tenant_id;
    if (auto allowed = CheckPartnerRoleHolder(entry, **principal); !allowed.ok()) {
      return ArmError(allowed.error(), request);
    }
  } else if (held.empty()) {
    return ArmError(
        Error::NotFound("PartnerRoleNotFound",
                        fmt::format("Principal {} holds no role of partner organisation {}.",
                                    object_id->ToString(), organisation.organisation_id)),
        request);
  }
  const bool loses_admin =
      std::find(held.begin(), held.end(), PartnerRole::kAdmin) != held.end() &&
      std::find(wanted.begin(), wanted.end(), PartnerRole::kAdmin) == wanted.end();
  if (loses_admin && AdminCount(*all) == 1) {
    return ArmError(
        Error::Conflict(
            "LastPartnerAdmin",
            fmt::format("Principal {} is the only Admin of partner organisation {}; make "
                        "someone else Admin first.",
                        object_id->ToString(), organisation.organisation_id)),
        request);
  }
  const PrincipalKey actor{caller.tenant_id, caller.object_id};
  for (PartnerRole role : wanted) {
    if (std::find(held.begin(), held.end(), role) != held.end()) continue;
    PartnerRoleAssignment assignment;
    assignment.organisation_id = organisation.organisation_id;
    assignment.principal = key;
    assignment.role = role;
    assignment.granted_by = actor;
    if (auto added = store_.partner_roles().AddPartnerRole(assignment); !added.ok())
      return ArmError(added.error(), request);
  }
  for (PartnerRole role : held) {
    if (std::find(wanted.begin(), wanted.end(), role) != wanted.end()) continue;
    if (auto removed =
            store_.partner_roles().RemovePartnerRole(organisation.organisation_id, key, role);
        !removed.ok()) {
      return ArmError(removed.error(), request);
    }
  }
  if (del) return ArmJson(200, MemberJson(organisation, **principal, held).dump(), request);
  return ArmJson(held.empty() ? 201 : 200, MemberJson(organisation, **principal, wanted).dump(),
                 request);
}

}  // namespace pal::api
