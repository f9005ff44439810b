#pragma once

#include <gmock/gmock.h>

#include "store/resource_group_store.h"

namespace pal::testing {

class MockResourceGroupStore : public store::ResourceGroupStore {
 public:
  MOCK_METHOD(Result<void>, CreateResourceGroup, (const ResourceGroup&), (override));
  MOCK_METHOD(Result<std::vector<ResourceGroup>>, ListResourceGroups, (const Guid&), (override));
  MOCK_METHOD(Result<void>, UpdateResourceGroupTags,
              (const Guid&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<void>, DeleteResourceGroup,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, CreateResource, (const Resource&), (override));
  MOCK_METHOD(Result<std::optional<Resource>>, FindResource, (const ResourceId&), (override));
  MOCK_METHOD(Result<std::vector<Resource>>, ListResources, (const Guid&), (override));
};

}  // namespace pal::testing
