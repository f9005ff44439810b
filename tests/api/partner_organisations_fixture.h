#pragma once

// Two partner organisations (Mekorma: global id 4960815 with location 719878 and Adatum 5127255
// in one home tenant; Northwind 1234567 in another), a customer tenant (Contoso), and Mia holding
// Mekorma's Report viewer role: what the organisation resolution and its API are tested on.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/partner_role.h"
#include "identity/token_verifier.h"
#include "store/test_store.h"

namespace pal::api::testing {

const Guid kMekorma = *Guid::Parse("3e60a000-0000-4000-8000-000000000003");
const Guid kNorthwind = *Guid::Parse("7e57a000-0000-4000-8000-000000000004");
const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kMia = *Guid::Parse("3e60a000-0000-4000-8000-0000000000b2");
const Guid kBoth = *Guid::Parse("3e60a000-0000-4000-8000-0000000000b3");
const Guid kCarol = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2");

class PartnerOrganisationsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    for (const auto& [id, name] :
         {std::pair{kMekorma, "Mekorma"}, std::pair{kNorthwind, "Northwind"},
          std::pair{kContoso, "Contoso"}}) {
      ASSERT_TRUE(store_->directory().CreateTenant({id, name, 1}).ok());
    }
    for (const auto& [tenant, id] :
         {std::pair{kMekorma, kMia}, std::pair{kMekorma, kBoth}, std::pair{kContoso, kCarol}}) {
      ASSERT_TRUE(
          store_->directory()
              .CreatePrincipal({tenant, id, PrincipalKind::kUser, id.ToString() + "@x.example",
                                std::nullopt, "!", 1, std::nullopt})
              .ok());
    }
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"4960815", "Mekorma", PartnerIdKind::kGlobal, std::nullopt,
                                 PartnerStatus::kActive, 1, kMekorma})
                    .ok());
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"719878", "Mekorma", PartnerIdKind::kLocation, "4960815",
                                 PartnerStatus::kActive, 1, kMekorma})
                    .ok());
    // A second organisation in the same home tenant, and one in another.
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"5127255", "Adatum", PartnerIdKind::kLocation, std::nullopt,
                                 PartnerStatus::kActive, 1, kMekorma})
                    .ok());
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"1234567", "Northwind", PartnerIdKind::kLocation, std::nullopt,
                                 PartnerStatus::kActive, 1, kNorthwind})
                    .ok());
    // Carol's (Contoso) PAL link to 719878: a customer-side claim.
    ASSERT_TRUE(store_->partner_roles()
                    .AddPartnerRole(Role("4960815", kMekorma, kMia, PartnerRole::kReportViewer))
                    .ok());
  }

  static PartnerRoleAssignment Role(std::string organisation, const Guid& tenant, const Guid& who,
                                    PartnerRole role) {
    PartnerRoleAssignment a;
    a.organisation_id = std::move(organisation);
    a.principal = {tenant, who};
    a.role = role;
    return a;
  }
  static identity::CallerIdentity Caller(const Guid& tenant, const Guid& who) {
    identity::CallerIdentity c;
    c.tenant_id = tenant;
    c.object_id = who;
    return c;
  }

  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
};

}  // namespace pal::api::testing
