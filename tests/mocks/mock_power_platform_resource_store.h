#pragma once

#include <gmock/gmock.h>

#include "store/power_platform_resource_store.h"

namespace pal::testing {

class MockPowerPlatformResourceStore : public store::PowerPlatformResourceStore {
 public:
  MOCK_METHOD(Result<PowerPlatformResourceRecord>, CreatePowerPlatformResource,
              (const PowerPlatformResourceRecord&, const PrincipalKey&, std::string_view),
              (override));
  MOCK_METHOD(Result<std::optional<PowerPlatformResourceRecord>>, FindPowerPlatformResource,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<PowerPlatformResourceRecord>>, ListPowerPlatformResources,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<void>, RenamePowerPlatformResource,
              (const Guid&, const std::string&, const std::string&), (override));
  MOCK_METHOD(Result<void>, DeletePowerPlatformResource,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, SetPowerPlatformOwner,
              (const Guid&, const std::string&, const Guid&, const PrincipalKey&, std::string_view),
              (override));
  MOCK_METHOD(Result<void>, AddPowerPlatformCoOwner,
              (const Guid&, const std::string&, const Guid&, const PrincipalKey&, std::string_view),
              (override));
  MOCK_METHOD(Result<void>, RemovePowerPlatformCoOwner,
              (const Guid&, const std::string&, const Guid&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::vector<OwnershipHistoryEntry>>, ListOwnershipHistory,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<SolutionImport>, ImportSolution,
              (const std::string&, const Solution&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<size_t>, AddPowerPlatformActivity, (const std::vector<PowerPlatformActivity>&),
              (override));
  MOCK_METHOD(Result<size_t>, SetUnifiedProfiles, (const std::vector<CustomerInsightsProfiles>&),
              (override));
  MOCK_METHOD(Result<PowerPlatformUsage>, ExportPowerPlatform, (), (override));
};

}  // namespace pal::testing
