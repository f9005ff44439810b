#include "core/delegation.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const Guid kDefinition = *Guid::Parse("de000000-0000-4000-8000-000000000001");
const Guid kPrincipal = *Guid::Parse("ab000000-0000-4000-8000-000000000002");

Result<void> With(std::string_view role) {
  return ValidateDelegationAuthorizations(kDefinition, {{kPrincipal, "ops", *Guid::Parse(role)}});
}

TEST(DelegationTest, BuiltInRolesWithoutDataActionsMayBeDelegated) {
  EXPECT_TRUE(With("b24988ac-6180-42a0-ab88-20f7382dd24c").ok());  // Contributor
  EXPECT_TRUE(With("acdd72a7-3385-48ef-bd42-f606fba81ae7").ok());  // Reader
}

TEST(DelegationTest, OwnerDataRolesUnknownRolesAndNoAuthorizationAreRefused) {
  auto owner = With("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
  ASSERT_FALSE(owner.ok());
  EXPECT_EQ(owner.error().code, "InvalidRegistrationDefinitionCreateRequest");
  EXPECT_EQ(owner.error().message,
            "The role definition '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' is restricted for "
            "registration definition 'de000000-0000-4000-8000-000000000001'. Restricted role "
            "definitions are '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'.");
  auto data = With("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");  // Storage Blob Data Reader
  ASSERT_FALSE(data.ok());
  EXPECT_NE(data.error().message.find("with data actions not allowed"), std::string::npos);
  EXPECT_FALSE(With("00000000-0000-4000-8000-000000000099").ok());
  EXPECT_FALSE(ValidateDelegationAuthorizations(kDefinition, {}).ok());
}

}  // namespace
}  // namespace pal
