#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/guid.h"
#include "core/principal.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "core/subscription.h"

namespace pal {

// The pal data set, version 1 (docs/dataset.md): the state tables a store holds, as
// the CSV files `pal admin export` writes and `pal admin import` reads. Each row remembers the
// line it came from so problems can name it.

struct DatasetPartner {
  std::string partner_id;
  std::string partner_name;
  size_t line = 0;
  // The optional column home_tenant_id: the tenant of the partner organisation's people.
  std::optional<Guid> home_tenant_id = std::nullopt;
};

struct DatasetTenant {
  Guid tenant_id;
  std::string display_name;
  size_t line = 0;
};

struct DatasetPrincipal {
  Guid tenant_id;
  Guid object_id;
  PrincipalKind kind = PrincipalKind::kUser;
  std::string display_name;
  size_t line = 0;
  // The optional column app_id: a service principal's application (client) id, the one it
  // signs in with; empty for users and guests, and for a service principal that gets one from
  // `pal admin principal reset-secret`.
  std::optional<Guid> app_id = std::nullopt;
};

struct DatasetManagementGroup {
  Guid tenant_id;
  std::string group_id;
  std::optional<std::string> parent_group_id;  // empty for the tenant root group
  size_t line = 0;
};

struct DatasetSubscription {
  Guid tenant_id;
  Guid subscription_id;
  std::string display_name;
  SubscriptionOffer offer = SubscriptionOffer::kAzurePlan;
  SubscriptionState state = SubscriptionState::kEnabled;
  std::optional<std::string> management_group_id;  // empty: the tenant root group
  size_t line = 0;
};

struct DatasetRoleAssignment {
  Guid assignment_id;
  ResourceId scope;
  Guid role_definition_id;
  Guid principal_id;
  Timestamp created_at = 0;
  std::optional<Timestamp> deleted_at;
  Guid principal_tenant_id;  // resolved: the tenant owning the scope (and the principal)
  size_t line = 0;
};

struct DatasetLink {
  Guid tenant_id;
  Guid object_id;
  std::string partner_id;
  Timestamp linked_at = 0;
  std::optional<Timestamp> unlinked_at;
  size_t line = 0;
};

// One Azure Lighthouse grant: a principal of the managing tenant holds a role on a customer
// subscription or resource group. Rows of one delegation_id in one customer tenant (the tenant
// owning the scope) are one registration assignment; another customer's rows of the same id
// are another.
struct DatasetDelegation {
  Guid delegation_id;
  ResourceId scope;
  Guid managing_tenant_id;
  Guid principal_id;
  Guid role_definition_id;
  Timestamp created_at = 0;
  std::optional<Timestamp> deleted_at;
  Guid customer_tenant_id;  // resolved: the tenant owning the scope
  size_t line = 0;
};

// The partner of record of a subscription over [assigned_at, removed_at).
struct DatasetPartnerOfRecord {
  Guid subscription_id;
  std::string partner_id;
  Timestamp assigned_at = 0;
  std::optional<Timestamp> removed_at;
  size_t line = 0;
};

struct Dataset {
  std::vector<DatasetPartner> partners;
  std::vector<DatasetTenant> tenants;
  std::vector<DatasetPrincipal> principals;
  std::vector<DatasetManagementGroup> management_groups;
  std::vector<DatasetSubscription> subscriptions;
  std::vector<DatasetRoleAssignment> role_assignments;
  std::vector<DatasetLink> links;
  std::vector<DatasetDelegation> delegations;
  std::vector<DatasetPartnerOfRecord> partners_of_record;
};

// The files of the data set pal reads and writes, in dependency order.
const std::vector<std::string>& DatasetFileNames();

// Parses the files (name -> contents; a missing file is an empty table) and checks the data
// set is consistent: keys unique, every reference resolves (principals' and subscriptions'
// tenants, groups' parents, assignments' scopes and principals, links' principals and
// partners), intervals end after they start and the link intervals of one principal do not
// overlap. Error InvalidDataset whose message lists up to `max_problems` lines of the form
// "file:line: problem".
Result<Dataset> ParseDataset(const std::map<std::string, std::string>& files,
                             size_t max_problems = 20);

// For each subscription (same order as dataset.subscriptions), the lower-case ids of its
// management group — the tenant root group when it names none — and of every group above it,
// innermost first (rule A4's group containment).
std::vector<std::vector<std::string>> SubscriptionGroupChains(const Dataset& dataset);

// The files of a data set (header and rows; rows in the order given).
std::map<std::string, std::string> WriteDataset(const Dataset& dataset);

// "2026-10-04T13:05:00Z"; a fraction of a second only when there is one.
std::string FormatDatasetTime(Timestamp t);

}  // namespace pal
