#pragma once

#include <gmock/gmock.h>

#include "mocks/mock_credential_store.h"
#include "mocks/mock_dataset_store.h"
#include "mocks/mock_directory_store.h"
#include "mocks/mock_link_store.h"
#include "mocks/mock_managed_identity_store.h"
#include "mocks/mock_managed_services_store.h"
#include "mocks/mock_partner_of_record_store.h"
#include "mocks/mock_partner_role_store.h"
#include "mocks/mock_partner_store.h"
#include "mocks/mock_power_platform_environment_store.h"
#include "mocks/mock_power_platform_resource_store.h"
#include "mocks/mock_resource_group_store.h"
#include "mocks/mock_role_assignment_store.h"
#include "mocks/mock_scope_store.h"
#include "store/store.h"

namespace pal::testing {

// A Store whose every area is a (nice) mock, to set expectations on: EXPECT_CALL(store.links_mock,
// FindLink(_)).
class StoreOfMocks : public store::Store {
 public:
  ::testing::NiceMock<MockDirectoryStore> directory_mock;
  ::testing::NiceMock<MockManagedIdentityStore> managed_identities_mock;
  ::testing::NiceMock<MockPartnerStore> partners_mock;
  ::testing::NiceMock<MockPartnerRoleStore> partner_roles_mock;
  ::testing::NiceMock<MockScopeStore> scopes_mock;
  ::testing::NiceMock<MockResourceGroupStore> resource_groups_mock;
  ::testing::NiceMock<MockRoleAssignmentStore> role_assignments_mock;
  ::testing::NiceMock<MockManagedServicesStore> managed_services_mock;
  ::testing::NiceMock<MockPartnerOfRecordStore> partners_of_record_mock;
  ::testing::NiceMock<MockPowerPlatformEnvironmentStore> power_platform_environments_mock;
  ::testing::NiceMock<MockPowerPlatformResourceStore> power_platform_resources_mock;
  ::testing::NiceMock<MockLinkStore> links_mock;
  ::testing::NiceMock<MockDatasetStore> dataset_mock;
  ::testing::NiceMock<MockCredentialStore> credentials_mock;

  store::DirectoryStore& directory() override { return directory_mock; }
  store::ManagedIdentityStore& managed_identities() override { return managed_identities_mock; }
  store::PartnerStore& partners() override { return partners_mock; }
  store::PartnerRoleStore& partner_roles() override { return partner_roles_mock; }
  store::ScopeStore& scopes() override { return scopes_mock; }
  store::ResourceGroupStore& resource_groups() override { return resource_groups_mock; }
  store::RoleAssignmentStore& role_assignments() override { return role_assignments_mock; }
  store::ManagedServicesStore& managed_services() override { return managed_services_mock; }
  store::PartnerOfRecordStore& partners_of_record() override { return partners_of_record_mock; }
  store::PowerPlatformEnvironmentStore& power_platform_environments() override {
    return power_platform_environments_mock;
  }
  store::PowerPlatformResourceStore& power_platform_resources() override {
    return power_platform_resources_mock;
  }
  store::LinkStore& links() override { return links_mock; }
  store::DatasetStore& dataset() override { return dataset_mock; }
  store::CredentialStore& credentials() override { return credentials_mock; }
};

}  // namespace pal::testing
