#pragma once

#include "store/credential_store.h"
#include "store/dataset_store.h"
#include "store/directory_store.h"
#include "store/link_store.h"
#include "store/managed_identity_store.h"
#include "store/managed_services_store.h"
#include "store/partner_of_record_store.h"
#include "store/partner_role_store.h"
#include "store/partner_store.h"
#include "store/power_platform_environment_store.h"
#include "store/power_platform_resource_store.h"
#include "store/resource_group_store.h"
#include "store/role_assignment_store.h"
#include "store/scope_store.h"

namespace pal::store {

// Everything pal keeps, one area at a time; each area lives as long as the store. All areas
// are thread-safe.
//
// Directory and registry areas go straight to the database and see writes made by other
// processes (e.g. `pal admin` while `pal serve` runs). Link reads are answered from an index
// in memory that only this process's link writer changes; link writes are durable before
// their completion runs. Every time a history records (a grant's start as well as its end)
// comes from the store's clock.
class Store {
 public:
  virtual ~Store() = default;

  virtual DirectoryStore& directory() = 0;
  virtual ManagedIdentityStore& managed_identities() = 0;
  virtual PartnerStore& partners() = 0;
  virtual PartnerRoleStore& partner_roles() = 0;
  virtual ScopeStore& scopes() = 0;
  virtual ResourceGroupStore& resource_groups() = 0;
  virtual RoleAssignmentStore& role_assignments() = 0;
  virtual ManagedServicesStore& managed_services() = 0;
  virtual PartnerOfRecordStore& partners_of_record() = 0;
  virtual PowerPlatformEnvironmentStore& power_platform_environments() = 0;
  virtual PowerPlatformResourceStore& power_platform_resources() = 0;
  virtual LinkStore& links() = 0;
  virtual DatasetStore& dataset() = 0;
  // Service principals' certificates and federated credentials.
  virtual CredentialStore& credentials() = 0;
};

}  // namespace pal::store
