#pragma once

#include <optional>
#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// Offline administration of a data directory; safe while `pal serve` uses it (SQLite WAL with
// a busy timeout). Each returns the exit code and prints "(Code) Message" on failure.
int RunAdminTenantCreate(const std::string& data_dir, const std::string& tenant_id,
                         const std::string& name, OutputFormat output);
int RunAdminTenantList(const std::string& data_dir, OutputFormat output);
// A new secret expires after `secret_days` (0 = never; default 180 days for service
// principals, never for users). With `managed_identity` (service principals only) the principal
// gets no usable secret but an endpoint secret for the managed identity endpoint
// (api/managed_identity_endpoint.h), printed once as "identityHeader".
int RunAdminPrincipalCreate(const std::string& data_dir, const std::string& tenant_id,
                            const std::string& kind, const std::string& name,
                            std::optional<int> secret_days, bool managed_identity,
                            OutputFormat output);
int RunAdminPrincipalList(const std::string& data_dir, const std::string& tenant_id,
                          OutputFormat output);
int RunAdminPrincipalResetSecret(const std::string& data_dir, const std::string& tenant_id,
                                 const std::string& object_id, std::optional<int> secret_days,
                                 OutputFormat output);
// `home_tenant_id` (may be empty): the tenant of the organisation's people; a location inherits
// its global account's.
int RunAdminPartnerAdd(const std::string& data_dir, const std::string& partner_id,
                       const std::string& name, const std::string& kind,
                       const std::string& global_id, const std::string& home_tenant_id,
                       OutputFormat output);
// Sets the home tenant of the organisation `partner_id` belongs to (every entry of it); roles held
// by principals of another tenant end.
int RunAdminPartnerUpdate(const std::string& data_dir, const std::string& partner_id,
                          const std::string& home_tenant_id, OutputFormat output);
// pal admin partner role add|remove|list: who holds the Partner Center roles of the organisation
// `partner_id` belongs to; `principal_id` is an object id in its home tenant.
enum class PartnerRoleVerb { kAdd, kRemove, kList };
int RunAdminPartnerRole(PartnerRoleVerb verb, const std::string& data_dir,
                        const std::string& partner_id, const std::string& principal_id,
                        const std::string& role, OutputFormat output);
int RunAdminPartnerList(const std::string& data_dir, OutputFormat output);
// A subscription of a tenant, under a management group (default: the tenant root group).
int RunAdminSubscriptionCreate(const std::string& data_dir, const std::string& subscription_id,
                               const std::string& tenant_id, const std::string& name,
                               const std::string& offer, const std::string& parent_group,
                               OutputFormat output);
// Grants `role` (name or GUID) at `scope` to the principal `assignee` (object id) of the scope's
// tenant, as the administrator: how a customer's first Owner comes to be.
// Renames a subscription or changes its state (Enabled, Warned, PastDue, Disabled, Deleted),
// kept in the subscription history.
int RunAdminSubscriptionUpdate(const std::string& data_dir, const std::string& subscription_id,
                               const std::string& name, const std::string& state,
                               OutputFormat output);
// Moves an EnterpriseAgreement subscription to AzurePlan; its partner of record ends.
int RunAdminSubscriptionMigrate(const std::string& data_dir, const std::string& subscription_id,
                                const std::string& to, OutputFormat output);
// Every DPOR assignment, oldest first, with who set and ended it and why.
int RunAdminPartnerOfRecordHistory(const std::string& data_dir, OutputFormat output);
// One registry entry, with its retirement time and (for a global id) its location ids.
int RunAdminPartnerShow(const std::string& data_dir, const std::string& partner_id,
                        OutputFormat output);
// Retires a partner id: new links and DPORs to it are refused, and attribution through it
// ends at this instant.
int RunAdminPartnerRetire(const std::string& data_dir, const std::string& partner_id,
                          OutputFormat output);
// Registers a resource group (`/subscriptions/{s}/resourceGroups/{name}`) or a resource
// (`.../providers/{ns}/{type}/{name}[/...]`, its resource group created if missing) so that it
// can be a scope of role assignments.
int RunAdminResourceCreate(const std::string& data_dir, const std::string& id_text,
                           const std::string& location, OutputFormat output);

int RunAdminRoleAssignmentCreate(const std::string& data_dir, const std::string& scope,
                                 const std::string& role, const std::string& assignee,
                                 OutputFormat output);
// Every link change ever made, oldest first.
int RunAdminLinkHistory(const std::string& data_dir, OutputFormat output);

// Registers `pal admin` and its commands, those of dataset_commands.h and backup_commands.h
// included.
void RegisterAdminCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
