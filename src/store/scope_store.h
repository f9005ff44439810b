#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/management_group.h"
#include "core/management_partner_link.h"
#include "core/result.h"
#include "core/subscription.h"

namespace pal::store {

// The scope hierarchy above resource groups: management groups and subscriptions.
// Thread-safe; reads see writes made by other processes.
class ScopeStore {
 public:
  virtual ~ScopeStore() = default;

  // Create* fail with kConflict if the key exists and kNotFound if the tenant, parent group
  // or subscription does not.
  virtual Result<void> CreateSubscription(const Subscription& subscription) = 0;
  virtual Result<std::vector<Subscription>> ListSubscriptions(const Guid& tenant_id) = 0;
  virtual Result<std::optional<Subscription>> FindSubscription(const Guid& subscription_id) = 0;
  // Changes a subscription's display name and state (the other fields are kept), recording
  // the change in the subscription history with `actor`; kNotFound if it does not exist.
  virtual Result<void> UpdateSubscription(const Subscription& subscription,
                                          const PrincipalKey& actor) = 0;
  // Moves an EnterpriseAgreement subscription to the AzurePlan agreement: its partner of
  // record ends ("migrated"; it does not transfer), links are untouched, both recorded with
  // `actor`. kInvalidArgument NotAnEnterpriseAgreementSubscription otherwise.
  virtual Result<void> MigrateSubscriptionToAzurePlan(const Guid& subscription_id,
                                                      const PrincipalKey& actor) = 0;
  // Puts a subscription under another group of its tenant, recording the move in the
  // subscription history with `actor`; kNotFound if either is missing.
  virtual Result<void> MoveSubscription(const Guid& subscription_id,
                                        const std::string& parent_group_id,
                                        const PrincipalKey& actor) = 0;

  virtual Result<void> CreateManagementGroup(const ManagementGroup& group) = 0;
  virtual Result<std::vector<ManagementGroup>> ListManagementGroups(const Guid& tenant_id) = 0;
  // Changes a group's display name and parent (same tenant); kNotFound if either is missing.
  // Cycles are the caller's to prevent.
  virtual Result<void> UpdateManagementGroup(const ManagementGroup& group) = 0;
  // Removes a childless group and the role assignments at it (history closed with `actor`);
  // kConflict "ManagementGroupHasChildren", kNotFound.
  virtual Result<void> DeleteManagementGroup(const Guid& tenant_id, const std::string& group_id,
                                             const PrincipalKey& actor) = 0;
};

}  // namespace pal::store
