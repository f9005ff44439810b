#pragma once

#include <optional>
#include <vector>

#include "core/delegation.h"
#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/result.h"

namespace pal::store {

// Azure Lighthouse: registration definitions and assignments, and the grants they delegate.
// Thread-safe; reads see writes made by other processes.
//
// Registration definitions and assignments are keyed by the customer tenant and their id: two
// customers may use the same id, and nothing done under one customer's id finds or touches the
// other's. An assignment's definition is the one of its own customer tenant. Create* fail with
// kConflict (…Exists: the id in that customer tenant; an assignment of the same definition at
// the same scope), Delete* with kNotFound; a definition in use by an assignment cannot be
// deleted (kConflict RegistrationDefinitionInUse). Creating and deleting an assignment appends
// to / closes the delegation history with `actor`.
class ManagedServicesStore {
 public:
  virtual ~ManagedServicesStore() = default;

  virtual Result<void> CreateRegistrationDefinition(const RegistrationDefinition& definition) = 0;
  virtual Result<std::optional<RegistrationDefinition>> FindRegistrationDefinition(
      const Guid& customer_tenant_id, const Guid& id) = 0;
  virtual Result<std::vector<RegistrationDefinition>> ListRegistrationDefinitions(
      const Guid& customer_tenant_id) = 0;
  virtual Result<void> DeleteRegistrationDefinition(const Guid& customer_tenant_id,
                                                    const Guid& id) = 0;
  // Stamps created_at with the store's clock (the delegation history starts then) and returns
  // the assignment as stored.
  virtual Result<RegistrationAssignment> CreateRegistrationAssignment(
      const RegistrationAssignment& assignment) = 0;
  virtual Result<std::optional<RegistrationAssignment>> FindRegistrationAssignment(
      const Guid& customer_tenant_id, const Guid& id) = 0;
  virtual Result<std::vector<RegistrationAssignment>> ListRegistrationAssignments(
      const Guid& customer_tenant_id) = 0;
  virtual Result<std::vector<DelegatedGrant>> ListDelegatedGrants(
      const PrincipalKey& principal) = 0;
  virtual Result<void> DeleteRegistrationAssignment(const Guid& customer_tenant_id, const Guid& id,
                                                    const PrincipalKey& actor) = 0;
};

}  // namespace pal::store
