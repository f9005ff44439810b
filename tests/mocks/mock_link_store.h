#pragma once

#include <gmock/gmock.h>

#include "store/link_store.h"

namespace pal::testing {

class MockLinkStore : public store::LinkStore {
 public:
  MOCK_METHOD(std::optional<ManagementPartnerLink>, FindLink, (const PrincipalKey&), (override));
  MOCK_METHOD(void, WriteLink,
              (const PrincipalKey&, const PrincipalKey&, const LinkCommand&, LinkWriteDone),
              (override));
  MOCK_METHOD(Result<std::vector<LinkHistoryEntry>>, ListLinkHistory,
              (const std::optional<PrincipalKey>&), (override));
};

}  // namespace pal::testing
