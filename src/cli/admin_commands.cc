#include "cli/admin_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/backup_commands.h"
#include "cli/credential_commands.h"
#include "cli/dataset_commands.h"
#include "core/resource_id.h"
#include "core/role_definition.h"
#include "core/text.h"
#include "core/time_format.h"
#include "identity/digest.h"
#include "identity/random.h"
#include "identity/secret_hash.h"
#include "service/principal_tenant.h"
#include "service/role_assignment_creation.h"
#include "service/scope_tenant.h"
#include "service/tenant_creation.h"
#include "store/data_directory_store.h"
#include "store/sql_store.h"

namespace pal::cli {
namespace {

int PrintError(const Error& error) {
  std::fprintf(stderr, "(%s) %s\n", error.code.c_str(), error.message.c_str());
  return 1;
}

int Print(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

// Opens the store of an existing data directory (admin commands never create one by accident
// somewhere unexpected: the directory must exist).
Result<std::unique_ptr<store::Store>> OpenAdminStore(const std::string& data_dir,
                                                     const Clock& clock) {
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    return Error::NotFound("DataDirectoryNotFound",
                           fmt::format("'{}' is not a data directory (create it with 'pal serve "
                                       "--data {}' or mkdir).",
                                       data_dir, data_dir));
  }
  PAL_ASSIGN_OR_RETURN(auto dir, store::ReadDataDirectoryStore(data_dir));
  return store::OpenDataDirectoryStore(dir, store::StoreOpenOptions{}, clock);
}

Result<Guid> ParseGuidOption(const std::string& text, std::string_view option) {
  auto guid = Guid::Parse(text);
  if (!guid) {
    return Error::InvalidArgument("InvalidArgument",
                                  fmt::format("{} '{}' is not a GUID.", option, text));
  }
  return *guid;
}

Result<void> RequireName(const std::string& name) {
  if (name.empty() || name.size() > 256) {
    return Error::InvalidArgument("InvalidArgument", "--name must have 1 to 256 characters.");
  }
  return {};
}

nlohmann::json TenantJson(const Tenant& t) {
  return {{"tenantId", t.id.ToString()},
          {"name", t.name},
          {"createdTime", FormatIso8601(t.created_at)}};
}

nlohmann::json PrincipalJson(const Principal& p) {
  nlohmann::json j = {{"tenantId", p.tenant_id.ToString()},
                      {"objectId", p.object_id.ToString()},
                      {"kind", PrincipalKindName(p.kind)},
                      {"name", p.name},
                      {"createdTime", FormatIso8601(p.created_at)}};
  if (p.app_id) j["appId"] = p.app_id->ToString();
  j["secretExpiresOn"] =
      p.secret_expires_at ? nlohmann::json(FormatIso8601(*p.secret_expires_at)) : nlohmann::json();
  return j;
}

nlohmann::json PartnerJson(const Partner& p) {
  nlohmann::json j = {{"partnerId", p.partner_id},
                      {"name", p.name},
                      {"kind", PartnerIdKindName(p.kind)},
                      {"status", PartnerStatusName(p.status)},
                      {"createdTime", FormatIso8601(p.created_at)}};
  j["globalId"] = p.global_id ? nlohmann::json(*p.global_id) : nlohmann::json(nullptr);
  j["organizationId"] = PartnerOrganisationId(p);
  j["homeTenantId"] =
      p.home_tenant_id ? nlohmann::json(p.home_tenant_id->ToString()) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json PartnerRoleJson(const PartnerRoleAssignment& a,
                               const std::optional<Principal>& principal) {
  return {{"organizationId", a.organisation_id},
          {"tenantId", a.principal.tenant_id.ToString()},
          {"principalId", a.principal.object_id.ToString()},
          {"principalName", principal ? nlohmann::json(principal->name) : nlohmann::json()},
          {"role", PartnerRoleName(a.role)},
          {"grantedTime", FormatIso8601(a.granted_at)},
          {"grantedBy", a.granted_by.object_id.ToString()}};
}

// The registry entry that names organisation `id` (its global account, or a location without
// one), or any entry of the organisation `id` belongs to.
Result<Partner> FindOrganisation(store::Store& store, const std::string& id) {
  PAL_ASSIGN_OR_RETURN(auto partner, store.partners().FindPartner(id));
  if (!partner) {
    return Error::NotFound("PartnerNotFound",
                           fmt::format("Partner ID '{}' is not in the registry.", id));
  }
  const std::string organisation = PartnerOrganisationId(*partner);
  if (organisation == id) return *partner;
  PAL_ASSIGN_OR_RETURN(auto named, store.partners().FindPartner(organisation));
  if (named) return *named;
  Partner entry = *partner;
  entry.partner_id = organisation;  // a location whose global account is not registered
  return entry;
}

// When a new secret expires: --secret-expires-in-days (0 = never), else 180 days for service
// principals (Entra's recommended lifetime) and never for users' passwords.
std::optional<Timestamp> SecretExpiry(PrincipalKind kind, std::optional<int> days, Timestamp now) {
  const int lifetime = days.value_or(kind == PrincipalKind::kServicePrincipal ? 180 : 0);
  if (lifetime <= 0) return std::nullopt;
  return now + static_cast<Timestamp>(lifetime) * 86'400 * kMicrosPerSecond;
}

// The administrator assigns a role as the assignee's own tenant would: above subscriptions (the
// root, a management group) in the assignee's tenant, else in the subscription's; the scope
// must exist there. Azure's limits hold as for the API.
Result<RoleAssignment> CreateRoleAssignmentForAssignee(store::Store& store, const ResourceId& scope,
                                                       const Guid& role_id, const Guid& object_id) {
  PAL_ASSIGN_OR_RETURN(auto home, service::TenantOfPrincipal(store.directory(), object_id));
  if (!home) {
    return Error::InvalidArgument(
        "PrincipalNotFound",
        fmt::format("Principal {} is not in any tenant; a role is assigned to a principal of a "
                    "tenant's directory.",
                    object_id.ToString()));
  }
  PAL_ASSIGN_OR_RETURN(auto tenant, service::OwningTenantOf(store.scopes(), scope, *home));
  PAL_TRY(service::CheckScopeExistsInTenant(store.scopes(), scope, tenant));
  return service::CreateRoleAssignment(store, {.name = identity::NewGuid(),
                                               .scope = scope,
                                               .role_definition_id = role_id,
                                               .principal_id = object_id,
                                               .acting_tenant = *home,
                                               .principal_type = std::nullopt,
                                               .description = std::nullopt,
                                               .condition = std::nullopt,
                                               .condition_version = std::nullopt,
                                               .actor = {}});
}

void WarnSecretShownOnce() {
  std::fprintf(stderr, "Save the secret now: only its hash is stored, it cannot be shown again.\n");
}

}  // namespace

int RunAdminTenantCreate(const std::string& data_dir, const std::string& tenant_id,
                         const std::string& name, OutputFormat output) {
  SystemClock clock;
  auto id = ParseGuidOption(tenant_id, "--tenant-id");
  if (!id.ok()) return PrintError(id.error());
  if (auto valid = RequireName(name); !valid.ok()) return PrintError(valid.error());
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  Tenant tenant{*id, name, clock.Now()};
  if (auto created = service::CreateTenantWithRootGroup((*store)->directory(), tenant);
      !created.ok()) {
    return PrintError(created.error());
  }
  return Print(TenantJson(tenant), output);
}

int RunAdminTenantList(const std::string& data_dir, OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto tenants = (*store)->directory().ListTenants();
  if (!tenants.ok()) return PrintError(tenants.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& t : *tenants) list.push_back(TenantJson(t));
  return Print(list, output);
}

int RunAdminPrincipalCreate(const std::string& data_dir, const std::string& tenant_id,
                            const std::string& kind_text, const std::string& name,
                            std::optional<int> secret_days, bool managed_identity,
                            OutputFormat output) {
  SystemClock clock;
  auto id = ParseGuidOption(tenant_id, "--tenant-id");
  if (!id.ok()) return PrintError(id.error());
  auto kind = ParsePrincipalKind(kind_text);
  if (!kind) {
    return PrintError(Error::InvalidArgument(
        "InvalidArgument",
        fmt::format("--kind '{}' is not one of User, Guest, ServicePrincipal.", kind_text)));
  }
  if (managed_identity && (*kind != PrincipalKind::kServicePrincipal || secret_days)) {
    return PrintError(Error::InvalidArgument(
        "InvalidArgument",
        "--managed-identity makes a service principal without a secret: use "
        "it with --kind ServicePrincipal and without --secret-expires-in-days."));
  }
  if (auto valid = RequireName(name); !valid.ok()) return PrintError(valid.error());
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  // A managed identity's secret is never shown, so it can never sign in with one.
  const std::string secret = identity::NewClientSecret();
  auto hash = identity::HashSecret(secret);
  if (!hash.ok()) return PrintError(hash.error());
  Principal principal{*id,   identity::NewGuid(), *kind,       name, std::nullopt,
                      *hash, clock.Now(),         std::nullopt};
  if (*kind == PrincipalKind::kServicePrincipal) principal.app_id = identity::NewGuid();
  if (!managed_identity)
    principal.secret_expires_at = SecretExpiry(*kind, secret_days, clock.Now());
  if (auto created = (*store)->directory().CreatePrincipal(principal); !created.ok()) {
    return PrintError(created.error());
  }
  nlohmann::json out = PrincipalJson(principal);
  if (managed_identity) {
    const std::string endpoint_secret = identity::NewClientSecret();
    if (auto added = (*store)->managed_identities().AddManagedIdentity(
            {principal.tenant_id, principal.object_id}, identity::Sha256Hex(endpoint_secret));
        !added.ok()) {
      return PrintError(added.error());
    }
    out["managedIdentity"] = true;
    out["identityEndpointPath"] = "/msi/token";
    out["identityHeader"] = endpoint_secret;
    std::fprintf(stderr,
                 "Give the process that uses this identity IDENTITY_ENDPOINT=<pal's URL>/msi/token "
                 "and IDENTITY_HEADER=<identityHeader>. Save the header now: only its hash is "
                 "stored.\n");
    return Print(out, output);
  }
  out["secret"] = secret;
  WarnSecretShownOnce();
  return Print(out, output);
}

int RunAdminPrincipalList(const std::string& data_dir, const std::string& tenant_id,
                          OutputFormat output) {
  SystemClock clock;
  auto id = ParseGuidOption(tenant_id, "--tenant-id");
  if (!id.ok()) return PrintError(id.error());
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto principals = (*store)->directory().ListPrincipals(*id);
  if (!principals.ok()) return PrintError(principals.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : *principals) list.push_back(PrincipalJson(p));
  return Print(list, output);
}

int RunAdminPrincipalResetSecret(const std::string& data_dir, const std::string& tenant_id,
                                 const std::string& object_id, std::optional<int> secret_days,
                                 OutputFormat output) {
  SystemClock clock;
  auto tenant = ParseGuidOption(tenant_id, "--tenant-id");
  if (!tenant.ok()) return PrintError(tenant.error());
  auto object = ParseGuidOption(object_id, "--object-id");
  if (!object.ok()) return PrintError(object.error());
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  const std::string secret = identity::NewClientSecret();
  auto hash = identity::HashSecret(secret);
  if (!hash.ok()) return PrintError(hash.error());
  auto principal = (*store)->directory().FindPrincipal({*tenant, *object});
  if (!principal.ok()) return PrintError(principal.error());
  auto managed = (*store)->managed_identities().IsManagedIdentity({*tenant, *object});
  if (!managed.ok()) return PrintError(managed.error());
  if (*managed) {
    return PrintError(Error::InvalidArgument(
        "ManagedIdentityHasNoSecret",
        fmt::format("Principal {} is a managed identity: it signs in at the managed identity "
                    "endpoint with its IDENTITY_HEADER, never with a secret.",
                    object->ToString())));
  }
  const auto expires = SecretExpiry(
      *principal ? (*principal)->kind : PrincipalKind::kServicePrincipal, secret_days, clock.Now());
  // A service principal imported from a data set without app_id has no client id to sign in
  // with: it gets one now, with the secret.
  std::optional<Guid> app_id = *principal ? (*principal)->app_id : std::nullopt;
  const bool assign_app_id =
      *principal && (*principal)->kind == PrincipalKind::kServicePrincipal && !app_id;
  if (assign_app_id) app_id = identity::NewGuid();
  auto set = assign_app_id
                 ? (*store)->directory().SetPrincipalSecretHashAndAppId({*tenant, *object}, *hash,
                                                                        expires, *app_id)
                 : (*store)->directory().SetPrincipalSecretHash({*tenant, *object}, *hash, expires);
  if (!set.ok()) return PrintError(set.error());
  WarnSecretShownOnce();
  nlohmann::json out = {{"tenantId", tenant->ToString()}, {"objectId", object->ToString()}};
  if (app_id) out["appId"] = app_id->ToString();
  if (assign_app_id) out["appIdAssigned"] = true;
  out["secret"] = secret;
  out["secretExpiresOn"] = expires ? nlohmann::json(FormatIso8601(*expires)) : nlohmann::json();
  return Print(out, output);
}

int RunAdminPartnerAdd(const std::string& data_dir, const std::string& partner_id,
                       const std::string& name, const std::string& kind_text,
                       const std::string& global_id, const std::string& home_tenant_id,
                       OutputFormat output) {
  SystemClock clock;
  if (auto syntax = ValidatePartnerIdSyntax(partner_id); !syntax.ok()) {
    return PrintError(syntax.error());
  }
  if (auto valid = RequireName(name); !valid.ok()) return PrintError(valid.error());
  auto kind = ParsePartnerIdKind(kind_text);
  if (!kind) {
    return PrintError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("--kind '{}' is not one of location, global.", kind_text)));
  }
  Partner partner{partner_id,  name,        *kind, std::nullopt, PartnerStatus::kActive,
                  clock.Now(), std::nullopt};
  if (!global_id.empty()) {
    if (auto syntax = ValidatePartnerIdSyntax(global_id); !syntax.ok()) {
      return PrintError(syntax.error());
    }
    if (*kind == PartnerIdKind::kGlobal) {
      return PrintError(Error::InvalidArgument(
          "InvalidArgument", "--global-id belongs to location ids; a global id has none."));
    }
    partner.global_id = global_id;
  }
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  if (!home_tenant_id.empty()) {
    auto tenant = ParseGuidOption(home_tenant_id, "--tenant-id");
    if (!tenant.ok()) return PrintError(tenant.error());
    auto found = (*store)->directory().FindTenant(*tenant);
    if (!found.ok()) return PrintError(found.error());
    if (!*found) {
      return PrintError(Error::NotFound(
          "TenantNotFound", fmt::format("Tenant '{}' does not exist.", home_tenant_id)));
    }
    partner.home_tenant_id = *tenant;
  }
  // A location belongs to its global account's organisation, and so to its home tenant.
  if (partner.global_id) {
    auto global = (*store)->partners().FindPartner(*partner.global_id);
    if (!global.ok()) return PrintError(global.error());
    if (*global && (*global)->home_tenant_id) {
      if (partner.home_tenant_id && *partner.home_tenant_id != *(*global)->home_tenant_id) {
        return PrintError(Error::InvalidArgument(
            "PartnerTenantMismatch",
            fmt::format("Location {} belongs to organisation {}, whose home tenant is {}; leave "
                        "--tenant-id out or "
                        "give that tenant.",
                        partner_id, *partner.global_id, (*global)->home_tenant_id->ToString())));
      }
      partner.home_tenant_id = (*global)->home_tenant_id;
    }
  }
  if (auto added = (*store)->partners().AddPartner(partner); !added.ok())
    return PrintError(added.error());
  return Print(PartnerJson(partner), output);
}

int RunAdminPartnerUpdate(const std::string& data_dir, const std::string& partner_id,
                          const std::string& home_tenant_id, OutputFormat output) {
  SystemClock clock;
  auto tenant = ParseGuidOption(home_tenant_id, "--tenant-id");
  if (!tenant.ok()) return PrintError(tenant.error());
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto organisation = FindOrganisation(**store, partner_id);
  if (!organisation.ok()) return PrintError(organisation.error());
  if (auto set = (*store)->partner_roles().SetPartnerHomeTenant(organisation->partner_id, *tenant);
      !set.ok()) {
    return PrintError(set.error());
  }
  return RunAdminPartnerShow(data_dir, partner_id, output);
}

int RunAdminPartnerRole(PartnerRoleVerb verb, const std::string& data_dir,
                        const std::string& partner_id, const std::string& principal_id,
                        const std::string& role_text, OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto organisation = FindOrganisation(**store, partner_id);
  if (!organisation.ok()) return PrintError(organisation.error());
  const std::string id = PartnerOrganisationId(*organisation);
  if (verb == PartnerRoleVerb::kList) {
    auto roles = (*store)->partner_roles().ListPartnerRoles(id);
    if (!roles.ok()) return PrintError(roles.error());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : *roles) {
      auto principal = (*store)->directory().FindPrincipal(r.principal);
      if (!principal.ok()) return PrintError(principal.error());
      list.push_back(PartnerRoleJson(r, *principal));
    }
    return Print(list, output);
  }
  auto object_id = ParseGuidOption(principal_id, "--assignee");
  if (!object_id.ok()) return PrintError(object_id.error());
  const auto role = ParsePartnerRole(role_text);
  if (!role) {
    return PrintError(Error::InvalidArgument(
        "InvalidPartnerRole",
        fmt::format("--role '{}' is not one of {}.", role_text, PartnerRoleNames())));
  }
  if (!organisation->home_tenant_id) {
    Principal nobody;
    return PrintError(CheckPartnerRoleHolder(*organisation, nobody).error());
  }
  const PrincipalKey key{*organisation->home_tenant_id, *object_id};
  auto principal = (*store)->directory().FindPrincipal(key);
  if (!principal.ok()) return PrintError(principal.error());
  if (!*principal) {
    return PrintError(Error::NotFound(
        "PrincipalNotFound",
        fmt::format("There is no principal '{}' in {}'s home tenant {}.", principal_id,
                    organisation->name, organisation->home_tenant_id->ToString())));
  }
  PartnerRoleAssignment assignment;
  assignment.organisation_id = id;
  assignment.principal = key;
  assignment.role = *role;
  if (verb == PartnerRoleVerb::kRemove) {
    if (auto removed = (*store)->partner_roles().RemovePartnerRole(id, key, *role); !removed.ok())
      return PrintError(removed.error());
    return Print(PartnerRoleJson(assignment, *principal), output);
  }
  if (auto allowed = CheckPartnerRoleHolder(*organisation, **principal); !allowed.ok()) {
    return PrintError(allowed.error());
  }
  if (auto added = (*store)->partner_roles().AddPartnerRole(assignment); !added.ok())
    return PrintError(added.error());
  auto roles = (*store)->partner_roles().ListPartnerRoles(id);
  if (!roles.ok()) return PrintError(roles.error());
  for (const auto& r : *roles) {
    if (r.principal == key && r.role == *role) return Print(PartnerRoleJson(r, *principal), output);
  }
  return Print(PartnerRoleJson(assignment, *principal), output);
}

int RunAdminPartnerList(const std::string& data_dir, OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto partners = (*store)->partners().ListPartners();
  if (!partners.ok()) return PrintError(partners.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : *partners) list.push_back(PartnerJson(p));
  return Print(list, output);
}

int RunAdminPartnerShow(const std::string& data_dir, const std::string& partner_id,
                        OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto partner = (*store)->partners().FindPartner(partner_id);
  if (!partner.ok()) return PrintError(partner.error());
  if (!*partner) {
    return PrintError(Error::NotFound(
        "PartnerNotFound", fmt::format("Partner ID '{}' is not in the registry.", partner_id)));
  }
  nlohmann::json out = PartnerJson(**partner);
  auto retired = (*store)->partners().FindPartnerRetirement(partner_id);
  if (!retired.ok()) return PrintError(retired.error());
  out["retiredTime"] = *retired ? nlohmann::json(FormatIso8601(**retired)) : nlohmann::json();
  if ((*partner)->kind == PartnerIdKind::kGlobal) {  // the organisation's location ids
    auto all = (*store)->partners().ListPartners();
    if (!all.ok()) return PrintError(all.error());
    nlohmann::json locations = nlohmann::json::array();
    for (const auto& p : *all) {
      if (p.global_id == partner_id) locations.push_back(p.partner_id);
    }
    out["locationIds"] = locations;
  }
  return Print(out, output);
}

int RunAdminPartnerRetire(const std::string& data_dir, const std::string& partner_id,
                          OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  if (auto retired = (*store)->partners().RetirePartner(partner_id); !retired.ok()) {
    return PrintError(retired.error());
  }
  return RunAdminPartnerShow(data_dir, partner_id, output);
}

int RunAdminSubscriptionCreate(const std::string& data_dir, const std::string& subscription_id,
                               const std::string& tenant_id, const std::string& name,
                               const std::string& offer, const std::string& parent_group,
                               OutputFormat output) {
  SystemClock clock;
  auto id = ParseGuidOption(subscription_id, "--subscription-id");
  if (!id.ok()) return PrintError(id.error());
  auto tenant = ParseGuidOption(tenant_id, "--tenant-id");
  if (!tenant.ok()) return PrintError(tenant.error());
  if (auto valid = RequireName(name); !valid.ok()) return PrintError(valid.error());
  const auto parsed_offer = ParseSubscriptionOffer(offer);
  if (!parsed_offer) {
    return PrintError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("--offer '{}' is not one of EnterpriseAgreement, "
                                       "AzurePlan, CSP, PayAsYouGo.",
                                       offer)));
  }
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  const std::string parent = parent_group.empty() ? tenant->ToString() : parent_group;
  auto groups = (*store)->scopes().ListManagementGroups(*tenant);
  if (!groups.ok()) return PrintError(groups.error());
  bool known = false;
  for (const auto& g : *groups) known = known || ToLowerAscii(g.group_id) == ToLowerAscii(parent);
  if (!known) {
    return PrintError(Error::NotFound(
        "ManagementGroupNotFound",
        fmt::format("Management group '{}' does not exist in tenant '{}'.", parent, tenant_id)));
  }
  Subscription s{*id,         *tenant, name, *parsed_offer, SubscriptionState::kEnabled,
                 clock.Now(), parent};
  if (auto created = (*store)->scopes().CreateSubscription(s); !created.ok()) {
    return PrintError(created.error());
  }
  return Print({{"subscriptionId", id->ToString()},
                {"tenantId", tenant->ToString()},
                {"displayName", name},
                {"offer", offer},
                {"state", "Enabled"},
                {"managementGroup", parent}},
               output);
}

int RunAdminSubscriptionUpdate(const std::string& data_dir, const std::string& subscription_id,
                               const std::string& name, const std::string& state,
                               OutputFormat output) {
  SystemClock clock;
  auto id = ParseGuidOption(subscription_id, "--subscription-id");
  if (!id.ok()) return PrintError(id.error());
  const auto parsed_state = ParseSubscriptionState(state);
  if (!state.empty() && !parsed_state) {
    return PrintError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("--state '{}' is not one of Enabled, Warned, PastDue, "
                                       "Disabled, Deleted.",
                                       state)));
  }
  if (name.empty() && state.empty()) {
    return PrintError(Error::InvalidArgument("InvalidArgument", "Give --name and/or --state."));
  }
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto current = (*store)->scopes().FindSubscription(*id);
  if (!current.ok()) return PrintError(current.error());
  if (!*current) {
    return PrintError(
        Error::NotFound("SubscriptionNotFound",
                        fmt::format("The subscription '{}' could not be found.", subscription_id)));
  }
  Subscription s = **current;
  if (!name.empty()) s.display_name = name;
  if (parsed_state) s.state = *parsed_state;
  if (auto updated = (*store)->scopes().UpdateSubscription(s, PrincipalKey{}); !updated.ok()) {
    return PrintError(updated.error());
  }
  return Print({{"subscriptionId", s.subscription_id.ToString()},
                {"tenantId", s.tenant_id.ToString()},
                {"displayName", s.display_name},
                {"offer", SubscriptionOfferName(s.offer)},
                {"state", SubscriptionStateName(s.state)},
                {"managementGroup", s.parent_group_id.value_or("")}},
               output);
}

int RunAdminSubscriptionMigrate(const std::string& data_dir, const std::string& subscription_id,
                                const std::string& to, OutputFormat output) {
  SystemClock clock;
  auto id = ParseGuidOption(subscription_id, "--subscription-id");
  if (!id.ok()) return PrintError(id.error());
  if (to != "AzurePlan") {
    return PrintError(Error::InvalidArgument(
        "InvalidArgument", fmt::format("--to '{}': EnterpriseAgreement subscriptions migrate to "
                                       "AzurePlan only.",
                                       to)));
  }
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto before = (*store)->partners_of_record().FindPartnerOfRecord(*id);
  if (!before.ok()) return PrintError(before.error());
  if (auto migrated = (*store)->scopes().MigrateSubscriptionToAzurePlan(*id, PrincipalKey{});
      !migrated.ok()) {
    return PrintError(migrated.error());
  }
  return Print({{"subscriptionId", id->ToString()},
                {"offer", SubscriptionOfferName(SubscriptionOffer::kAzurePlan)},
                {"endedPartnerOfRecord",
                 *before ? nlohmann::json((*before)->partner_id) : nlohmann::json()}},
               output);
}

int RunAdminPartnerOfRecordHistory(const std::string& data_dir, OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto history = (*store)->partners_of_record().ListPartnerOfRecordHistory();
  if (!history.ok()) return PrintError(history.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : *history) {
    rows.push_back({{"subscriptionId", p.subscription_id.ToString()},
                    {"partnerId", p.partner_id},
                    {"assignedAt", FormatIso8601(p.assigned_at)},
                    {"assignedBy", p.assigned_by.object_id.ToString()},
                    {"removedAt", p.removed_at ? nlohmann::json(FormatIso8601(*p.removed_at))
                                               : nlohmann::json()},
                    {"removedBy", p.removed_by ? nlohmann::json(p.removed_by->object_id.ToString())
                                               : nlohmann::json()},
                    {"endReason", p.end_reason}});
  }
  return Print(rows, output);
}

int RunAdminResourceCreate(const std::string& data_dir, const std::string& id_text,
                           const std::string& location, OutputFormat output) {
  SystemClock clock;
  auto id = ResourceId::Parse(id_text);
  if (!id.ok()) return PrintError(id.error());
  if (!id->resource_group() || !id->IsScope()) {
    return PrintError(Error::InvalidArgument(
        "InvalidResourceId",
        fmt::format("--id '{}' must name a resource group or a resource in one.", id_text)));
  }
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  const Guid subscription_id = *Guid::Parse(*id->subscription_id());
  auto subscription = (*store)->scopes().FindSubscription(subscription_id);
  if (!subscription.ok()) return PrintError(subscription.error());
  if (!*subscription) {
    return PrintError(Error::NotFound(
        "SubscriptionNotFound",
        fmt::format("The subscription '{}' could not be found.", subscription_id.ToString())));
  }
  auto groups = (*store)->resource_groups().ListResourceGroups(subscription_id);
  if (!groups.ok()) return PrintError(groups.error());
  const bool group_exists = std::any_of(groups->begin(), groups->end(), [&](const auto& g) {
    return EqualsIgnoreCase(g.name, *id->resource_group());
  });
  const bool is_group = id->level() == ScopeLevel::kResourceGroup;
  if (is_group && group_exists) {
    return PrintError(
        Error::Conflict("ResourceGroupExists",
                        fmt::format("Resource group '{}' already exists.", *id->resource_group())));
  }
  if (!group_exists) {
    ResourceGroup group{subscription_id, *id->resource_group(), location, clock.Now()};
    if (auto created = (*store)->resource_groups().CreateResourceGroup(group); !created.ok()) {
      return PrintError(created.error());
    }
  }
  if (!is_group) {
    if (auto created =
            (*store)->resource_groups().CreateResource({*id, subscription_id, clock.Now()});
        !created.ok()) {
      return PrintError(created.error());
    }
  }
  return Print({{"id", id->ToString()},
                {"subscriptionId", subscription_id.ToString()},
                {"resourceGroup", *id->resource_group()},
                {"location", location}},
               output);
}

int RunAdminRoleAssignmentCreate(const std::string& data_dir, const std::string& scope_text,
                                 const std::string& role_text, const std::string& assignee,
                                 OutputFormat output) {
  SystemClock clock;
  auto scope = ResourceId::Parse(scope_text);
  if (!scope.ok()) return PrintError(scope.error());
  const RoleDefinition* role = FindBuiltInRoleByName(role_text);
  if (auto guid = Guid::Parse(role_text); !role && guid) role = FindBuiltInRoleById(*guid);
  if (!role) {
    return PrintError(Error::NotFound(
        "RoleDefinitionDoesNotExist",
        fmt::format("There is no built-in role '{}'. GET /providers/Microsoft.Authorization/"
                    "roleDefinitions lists them.",
                    role_text)));
  }
  auto object_id = ParseGuidOption(assignee, "--assignee");
  if (!object_id.ok()) return PrintError(object_id.error());
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto created = CreateRoleAssignmentForAssignee(**store, *scope, role->id, *object_id);
  if (!created.ok()) return PrintError(created.error());
  return Print(
      {{"id",
        fmt::format("{}/providers/Microsoft.Authorization/roleAssignments/{}",
                    scope->ToString() == "/" ? "" : scope->ToString(), created->name.ToString())},
       {"name", created->name.ToString()},
       {"principalId", object_id->ToString()},
       {"principalType", created->principal_type},
       {"roleDefinitionName", role->role_name},
       {"roleDefinitionId",
        fmt::format("/providers/Microsoft.Authorization/roleDefinitions/{}", role->id.ToString())},
       {"scope", scope->ToString()},
       {"tenantId", created->principal.tenant_id.ToString()}},
      output);
}

int RunAdminLinkHistory(const std::string& data_dir, OutputFormat output) {
  SystemClock clock;
  auto store = OpenAdminStore(data_dir, clock);
  if (!store.ok()) return PrintError(store.error());
  auto history = (*store)->links().ListLinkHistory(std::nullopt);
  if (!history.ok()) return PrintError(history.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : *history) {
    list.push_back({
        {"sequence", e.sequence},
        {"tenantId", e.owner.tenant_id.ToString()},
        {"objectId", e.owner.object_id.ToString()},
        {"version", e.version},
        {"action", LinkActionName(e.action)},
        {"actorTenantId", e.actor.tenant_id.ToString()},
        {"actorObjectId", e.actor.object_id.ToString()},
        {"oldPartnerId", e.old_partner_id ? nlohmann::json(*e.old_partner_id) : nullptr},
        {"newPartnerId", e.new_partner_id},
        {"oldState", e.old_state ? nlohmann::json(LinkStateName(*e.old_state)) : nullptr},
        {"newState", LinkStateName(e.new_state)},
        {"validFrom", FormatIso8601(e.valid_from)},
        {"validTo", e.valid_to ? nlohmann::json(FormatIso8601(*e.valid_to)) : nullptr},
    });
  }
  return Print(list, output);
}

namespace {

// What the options of the pal admin commands fill in; one command runs per process.
struct AdminArguments {
  std::string tenant_id, object_id, name, kind, global_id, partner_id;
  std::optional<int> secret_days;
  bool managed_identity = false;
  std::string partner_kind = "location";
  std::string partner_role_name;
  std::string subscription_id, offer = "AzurePlan", parent_group, subscription_state;
  std::string migrate_to = "AzurePlan";
  std::string scope, role_name, assignee;
  std::string resource_id, location = "westeurope";
};

void AddTenantCommands(CLI::App& admin, CommandContext& context, AdminArguments& a) {
  auto* tenant = admin.add_subcommand("tenant", "Tenants");
  tenant->require_subcommand(1);
  auto* tenant_create = tenant->add_subcommand("create", "Create a tenant");
  context.AddDataDirectoryOptions(tenant_create);
  tenant_create->add_option("--tenant-id", a.tenant_id, "Tenant id (GUID)")->required();
  tenant_create->add_option("--name", a.name, "Display name")->required();
  context.OnChosen(tenant_create, [&context, &a] {
    return RunAdminTenantCreate(context.data_dir, a.tenant_id, a.name, context.Format());
  });
  auto* tenant_list = tenant->add_subcommand("list", "List tenants");
  context.AddDataDirectoryOptions(tenant_list);
  context.OnChosen(tenant_list,
                   [&context] { return RunAdminTenantList(context.data_dir, context.Format()); });
}

void AddPrincipalCommands(CLI::App& admin, CommandContext& context, AdminArguments& a) {
  auto* principal = admin.add_subcommand("principal", "Users, guests and service principals");
  principal->require_subcommand(1);
  auto* principal_create =
      principal->add_subcommand("create", "Create a principal; prints its secret once");
  context.AddDataDirectoryOptions(principal_create);
  principal_create->add_option("--tenant-id", a.tenant_id, "Tenant id (GUID)")->required();
  principal_create->add_option("--kind", a.kind, "User, Guest or ServicePrincipal")->required();
  principal_create->add_option("--name", a.name, "Display name (sign-in name for users)")
      ->required();
  principal_create
      ->add_option("--secret-expires-in-days", a.secret_days,
                   "Secret lifetime (0 = never; default 180 for service principals, "
                   "never for users)")
      ->check(CLI::Range(0, 3650));
  principal_create->add_flag(
      "--managed-identity", a.managed_identity,
      "A service principal whose tokens come from the managed identity endpoint (/msi/token) to "
      "the process given its IDENTITY_HEADER (printed once); it has no secret");
  context.OnChosen(principal_create, [&context, &a] {
    return RunAdminPrincipalCreate(context.data_dir, a.tenant_id, a.kind, a.name, a.secret_days,
                                   a.managed_identity, context.Format());
  });
  auto* principal_list = principal->add_subcommand("list", "List a tenant's principals");
  context.AddDataDirectoryOptions(principal_list);
  principal_list->add_option("--tenant-id", a.tenant_id, "Tenant id (GUID)")->required();
  context.OnChosen(principal_list, [&context, &a] {
    return RunAdminPrincipalList(context.data_dir, a.tenant_id, context.Format());
  });
  auto* principal_reset =
      principal->add_subcommand("reset-secret",
                                "Give a principal a new secret (and a service principal without "
                                "an app id, as imported from a data set, an app id)");
  context.AddDataDirectoryOptions(principal_reset);
  principal_reset->add_option("--tenant-id", a.tenant_id, "Tenant id (GUID)")->required();
  principal_reset->add_option("--object-id", a.object_id, "Object id (GUID)")->required();
  principal_reset
      ->add_option("--secret-expires-in-days", a.secret_days,
                   "Secret lifetime (0 = never; default as for create)")
      ->check(CLI::Range(0, 3650));
  context.OnChosen(principal_reset, [&context, &a] {
    return RunAdminPrincipalResetSecret(context.data_dir, a.tenant_id, a.object_id, a.secret_days,
                                        context.Format());
  });
}

void AddPartnerRoleCommands(CLI::App& partner, CommandContext& context, AdminArguments& a) {
  auto* partner_role =
      partner.add_subcommand("role",
                             "Partner Center roles (Admin, ReportViewer, ExecutiveReportViewer) "
                             "of an organisation's people");
  partner_role->require_subcommand(1);
  for (const auto verb :
       {PartnerRoleVerb::kAdd, PartnerRoleVerb::kRemove, PartnerRoleVerb::kList}) {
    const bool list = verb == PartnerRoleVerb::kList;
    auto* cmd = partner_role->add_subcommand(verb == PartnerRoleVerb::kAdd ? "add"
                                             : list                        ? "list"
                                                                           : "remove",
                                             verb == PartnerRoleVerb::kAdd
                                                 ? "Give a principal of the home tenant a role"
                                             : list ? "List who holds the organisation's roles"
                                                    : "Take a role away");
    context.AddDataDirectoryOptions(cmd);
    cmd->add_option("--partner-id", a.partner_id, "Partner (MPN) ID of the organisation")
        ->required();
    if (!list) {
      cmd->add_option("--assignee", a.object_id,
                      "Object id of a user or service principal of the home tenant")
          ->required();
      cmd->add_option("--role", a.partner_role_name, "Admin, ReportViewer or ExecutiveReportViewer")
          ->required();
    }
    context.OnChosen(cmd, [&context, &a, verb] {
      return RunAdminPartnerRole(verb, context.data_dir, a.partner_id, a.object_id,
                                 a.partner_role_name, context.Format());
    });
  }
}

void AddPartnerCommands(CLI::App& admin, CommandContext& context, AdminArguments& a) {
  auto* partner = admin.add_subcommand("partner", "The partner registry");
  partner->require_subcommand(1);
  auto* partner_add = partner->add_subcommand("add", "Add a partner ID");
  context.AddDataDirectoryOptions(partner_add);
  partner_add->add_option("--partner-id", a.partner_id, "Partner (MPN) ID")->required();
  partner_add->add_option("--name", a.name, "Organisation name")->required();
  partner_add->add_option("--kind", a.partner_kind, "location (default) or global");
  partner_add->add_option("--global-id", a.global_id,
                          "The global account ID a location belongs to");
  partner_add->add_option(
      "--tenant-id", a.tenant_id,
      "Home tenant of the partner organisation (its people hold its roles there)");
  context.OnChosen(partner_add, [&context, &a] {
    return RunAdminPartnerAdd(context.data_dir, a.partner_id, a.name, a.partner_kind, a.global_id,
                              a.tenant_id, context.Format());
  });
  auto* partner_update =
      partner->add_subcommand("update", "Set the home tenant of a partner organisation");
  context.AddDataDirectoryOptions(partner_update);
  partner_update->add_option("--partner-id", a.partner_id, "Partner (MPN) ID of the organisation")
      ->required();
  partner_update->add_option("--tenant-id", a.tenant_id, "Home tenant (GUID)")->required();
  context.OnChosen(partner_update, [&context, &a] {
    return RunAdminPartnerUpdate(context.data_dir, a.partner_id, a.tenant_id, context.Format());
  });
  AddPartnerRoleCommands(*partner, context, a);
  for (const bool retire : {false, true}) {
    auto* cmd = partner->add_subcommand(
        retire ? "retire" : "show",
        retire ? "Retire a partner ID (history keeps when)" : "Show a partner ID");
    context.AddDataDirectoryOptions(cmd);
    cmd->add_option("--partner-id", a.partner_id, "Partner (MPN) ID")->required();
    context.OnChosen(cmd, [&context, &a, retire] {
      return retire ? RunAdminPartnerRetire(context.data_dir, a.partner_id, context.Format())
                    : RunAdminPartnerShow(context.data_dir, a.partner_id, context.Format());
    });
  }
  auto* partner_list = partner->add_subcommand("list", "List the partner registry");
  context.AddDataDirectoryOptions(partner_list);
  context.OnChosen(partner_list,
                   [&context] { return RunAdminPartnerList(context.data_dir, context.Format()); });
}

void AddSubscriptionCommands(CLI::App& admin, CommandContext& context, AdminArguments& a) {
  auto* subscription = admin.add_subcommand("subscription", "Subscriptions");
  subscription->require_subcommand(1);
  auto* subscription_create = subscription->add_subcommand("create", "Create a subscription");
  context.AddDataDirectoryOptions(subscription_create);
  subscription_create->add_option("--subscription-id", a.subscription_id, "Subscription id (GUID)")
      ->required();
  subscription_create->add_option("--tenant-id", a.tenant_id, "Tenant id (GUID)")->required();
  subscription_create->add_option("--name", a.name, "Display name")->required();
  subscription_create->add_option("--offer", a.offer,
                                  "EnterpriseAgreement, AzurePlan (default), CSP or PayAsYouGo");
  subscription_create->add_option("--management-group", a.parent_group,
                                  "Parent management group (default: the tenant root group)");
  context.OnChosen(subscription_create, [&context, &a] {
    return RunAdminSubscriptionCreate(context.data_dir, a.subscription_id, a.tenant_id, a.name,
                                      a.offer, a.parent_group, context.Format());
  });

  auto* subscription_update =
      subscription->add_subcommand("update", "Rename a subscription or change its state");
  context.AddDataDirectoryOptions(subscription_update);
  subscription_update->add_option("--subscription-id", a.subscription_id, "Subscription id (GUID)")
      ->required();
  subscription_update->add_option("--name", a.name, "New display name");
  subscription_update->add_option("--state", a.subscription_state,
                                  "Enabled, Warned, PastDue, Disabled or Deleted");
  context.OnChosen(subscription_update, [&context, &a] {
    return RunAdminSubscriptionUpdate(context.data_dir, a.subscription_id, a.name,
                                      a.subscription_state, context.Format());
  });

  auto* subscription_migrate = subscription->add_subcommand(
      "migrate", "Move an EnterpriseAgreement subscription to AzurePlan (its DPOR ends)");
  context.AddDataDirectoryOptions(subscription_migrate);
  subscription_migrate->add_option("--subscription-id", a.subscription_id, "Subscription id (GUID)")
      ->required();
  subscription_migrate->add_option("--to", a.migrate_to, "The new agreement (AzurePlan)");
  context.OnChosen(subscription_migrate, [&context, &a] {
    return RunAdminSubscriptionMigrate(context.data_dir, a.subscription_id, a.migrate_to,
                                       context.Format());
  });
}

// pal admin role assignment create and pal admin resource create.
void AddScopeCommands(CLI::App& admin, CommandContext& context, AdminArguments& a) {
  auto* role = admin.add_subcommand("role", "Role assignments made by the administrator");
  role->require_subcommand(1);
  auto* role_assignment = role->add_subcommand("assignment", "Role assignments");
  role_assignment->require_subcommand(1);
  auto* role_assignment_create =
      role_assignment->add_subcommand("create", "Grant a role at a scope (e.g. the first Owner)");
  context.AddDataDirectoryOptions(role_assignment_create);
  role_assignment_create->add_option("--scope", a.scope, "ARM scope id")->required();
  role_assignment_create->add_option("--role", a.role_name, "Role name or id")->required();
  role_assignment_create->add_option("--assignee", a.assignee, "Principal object id")->required();
  context.OnChosen(role_assignment_create, [&context, &a] {
    return RunAdminRoleAssignmentCreate(context.data_dir, a.scope, a.role_name, a.assignee,
                                        context.Format());
  });

  auto* resource = admin.add_subcommand("resource", "Resource groups and resources (scopes)");
  resource->require_subcommand(1);
  auto* resource_create = resource->add_subcommand(
      "create", "Register a resource group or a resource id so it can be a scope");
  context.AddDataDirectoryOptions(resource_create);
  resource_create->add_option("--id", a.resource_id, "Resource group or resource id")->required();
  resource_create->add_option("--location", a.location, "Location of a new resource group");
  context.OnChosen(resource_create, [&context, &a] {
    return RunAdminResourceCreate(context.data_dir, a.resource_id, a.location, context.Format());
  });
}

// pal admin dpor history and pal admin link history.
void AddHistoryCommands(CLI::App& admin, CommandContext& context) {
  auto* partner_of_record_admin = admin.add_subcommand("dpor", "Digital Partner of Record");
  partner_of_record_admin->require_subcommand(1);
  auto* dpor_history =
      partner_of_record_admin->add_subcommand("history", "Every DPOR assignment, oldest first");
  context.AddDataDirectoryOptions(dpor_history);
  context.OnChosen(dpor_history, [&context] {
    return RunAdminPartnerOfRecordHistory(context.data_dir, context.Format());
  });

  auto* link = admin.add_subcommand("link", "PAL links");
  link->require_subcommand(1);
  auto* link_history = link->add_subcommand("history", "Every link change, oldest first");
  context.AddDataDirectoryOptions(link_history);
  context.OnChosen(link_history,
                   [&context] { return RunAdminLinkHistory(context.data_dir, context.Format()); });
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, CommandContext& context) {
  auto& arguments = context.Hold<AdminArguments>();
  auto* admin = app.add_subcommand("admin", "Offline administration of a data directory");
  admin->require_subcommand(1);
  // In the order `pal admin --help` lists them.
  AddTenantCommands(*admin, context, arguments);
  AddPrincipalCommands(*admin, context, arguments);
  RegisterPrincipalCredentialCommands(*admin->get_subcommand("principal"), context);
  AddPartnerCommands(*admin, context, arguments);
  AddSubscriptionCommands(*admin, context, arguments);
  AddScopeCommands(*admin, context, arguments);
  RegisterImportExportCommands(*admin, context);
  RegisterBackupCommands(*admin, context);
  RegisterGenerateCommand(*admin, context);
  AddHistoryCommands(*admin, context);
  RegisterIssueFederatedTokenCommand(*admin, context);
}

}  // namespace pal::cli
