#pragma once

#include <gmock/gmock.h>

#include "identity/token_verifier.h"

namespace pal::testing {

class MockTokenVerifier : public identity::TokenVerifier {
 public:
  MOCK_METHOD(Result<identity::CallerIdentity>, Verify, (std::string_view), (const, override));
};

}  // namespace pal::testing
