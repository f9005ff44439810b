#pragma once

#include <gmock/gmock.h>

#include "store/power_platform_environment_store.h"

namespace pal::testing {

class MockPowerPlatformEnvironmentStore : public store::PowerPlatformEnvironmentStore {
 public:
  MOCK_METHOD(Result<void>, CreateEnvironment, (const PowerPlatformEnvironment&), (override));
  MOCK_METHOD(Result<std::optional<PowerPlatformEnvironment>>, FindEnvironment,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<PowerPlatformEnvironment>>, ListEnvironments, (const Guid&),
              (override));
  MOCK_METHOD(Result<void>, UpdateEnvironment, (const PowerPlatformEnvironment&), (override));
  MOCK_METHOD(Result<void>, DeleteEnvironment, (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<void>, SetEnvironmentMember, (const EnvironmentMember&), (override));
  MOCK_METHOD(Result<void>, RemoveEnvironmentMember, (const Guid&, const std::string&, const Guid&),
              (override));
  MOCK_METHOD(Result<std::vector<EnvironmentMember>>, ListEnvironmentMembers,
              (const Guid&, const std::string&), (override));
};

}  // namespace pal::testing
