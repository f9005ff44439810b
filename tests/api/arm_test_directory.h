#pragma once

// Builds the directory the ARM handler tests run against: a store of their own
// (store::TestStore: in-memory SQLite, or a fresh PostgreSQL database under PAL_TEST_POSTGRES)
// with tenants (each with its root management group), subscriptions under the root group, and
// role assignments made by the administrator.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "store/test_store.h"

namespace pal::api::testing {

inline void AddTenant(store::Store& store, const Guid& tenant, const std::string& name) {
  ASSERT_TRUE(store.directory().CreateTenant({tenant, name, 0}).ok());
  ASSERT_TRUE(
      store.scopes()
          .CreateManagementGroup({tenant.ToString(), tenant, "Tenant Root Group", std::nullopt, 0})
          .ok());
}

inline void AddSubscription(store::Store& store, const Guid& subscription, const Guid& tenant,
                            const std::string& name,
                            SubscriptionOffer offer = SubscriptionOffer::kAzurePlan,
                            SubscriptionState state = SubscriptionState::kEnabled) {
  ASSERT_TRUE(
      store.scopes()
          .CreateSubscription({subscription, tenant, name, offer, state, 0, tenant.ToString()})
          .ok());
}

// A role assignment named `name`, made by the administrator.
inline void GrantRole(store::Store& store, const Guid& name, std::string_view scope,
                      std::string_view role, const PrincipalKey& principal) {
  RoleAssignment a;
  a.name = name;
  a.scope = *ResourceId::Parse(scope);
  a.role_definition_id = *Guid::Parse(role);
  a.principal = principal;
  a.principal_type = "User";
  ASSERT_TRUE(store.role_assignments().CreateRoleAssignment(a).ok());
}

}  // namespace pal::api::testing
