#include "api/partner_organisations_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/partner_organisations_fixture.h"
#include "api/routed_provider.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

using namespace testing;  // the fixture's ids

const std::string kOrganisation = "/providers/Pal.Insights/organizations/4960815";

class PartnerOrganisationsApiTest : public testing::PartnerOrganisationsFixture {
 protected:
  HttpResponse Call(const Guid& tenant, const Guid& who, std::string method,
                    const std::string& path, std::string body = "",
                    const std::string& query = "api-version=2026-12-01") {
    if (!api_) {
      api_.emplace(*store_);
      api_->AddRoutes(routed_.router());
    }
    return routed_.Call(Caller(tenant, who), std::move(method), path, query, std::move(body));
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  std::vector<PartnerRole> StoredRoles(const Guid& tenant, const Guid& who) {
    auto all = store_->partner_roles().ListPartnerRoles("4960815");
    EXPECT_TRUE(all.ok());
    std::vector<PartnerRole> roles;
    for (const auto& r : all.ok() ? *all : std::vector<PartnerRoleAssignment>{}) {
      if (r.principal.tenant_id == tenant && r.principal.object_id == who) roles.push_back(r.role);
    }
    return roles;
  }

  std::optional<PartnerOrganisationsApi> api_;
  RoutedProvider routed_;
};

TEST_F(PartnerOrganisationsApiTest, AnAdminManagesWhoHoldsTheOrganisationsRoles) {
  auto listed = Call(kMekorma, kMia, "GET", "/providers/Pal.Insights/organizations");
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto value = nlohmann::json::parse(listed.body)["value"];
  ASSERT_EQ(value.size(), 1u);
  EXPECT_EQ(value[0]["name"], "4960815");
  EXPECT_EQ(value[0]["properties"]["roles"], nlohmann::json::array({"ReportViewer"}));
  EXPECT_EQ(Call(kMekorma, kMia, "GET", kOrganisation).status, 200);
  EXPECT_EQ(Code(Call(kMekorma, kMia, "GET", kOrganisation + "/members")), "PartnerAdminRequired");

  ASSERT_TRUE(store_->partner_roles()
                  .AddPartnerRole(Role("4960815", kMekorma, kBoth, PartnerRole::kAdmin))
                  .ok());
  const std::string mia = kOrganisation + "/members/" + kMia.ToString();
  auto promoted = Call(kMekorma, kBoth, "PUT", mia, R"({"properties":{"roles":["Admin"]}})");
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(StoredRoles(kMekorma, kMia), std::vector<PartnerRole>{PartnerRole::kAdmin});
  EXPECT_EQ(
      nlohmann::json::parse(Call(kMekorma, kBoth, "GET", kOrganisation + "/members").body)["value"]
          .size(),
      2u);
  EXPECT_EQ(Call(kMekorma, kMia, "GET", mia).status, 200);
  EXPECT_EQ(Call(kMekorma, kMia, "DELETE", kOrganisation + "/members/" + kBoth.ToString()).status,
            200);
  EXPECT_TRUE(StoredRoles(kMekorma, kBoth).empty());
  EXPECT_EQ(Code(Call(kMekorma, kMia, "DELETE", mia)), "LastPartnerAdmin");
  EXPECT_EQ(StoredRoles(kMekorma, kMia), std::vector<PartnerRole>{PartnerRole::kAdmin});
}

TEST_F(PartnerOrganisationsApiTest, AnotherTenantsCallerGetsNothingAndChangesNothing) {
  const std::string mia = kOrganisation + "/members/" + kMia.ToString();
  for (const auto& [method, path] :
       {std::pair{"GET", kOrganisation}, {"GET", mia}, {"DELETE", mia}}) {
    EXPECT_EQ(Code(Call(kContoso, kCarol, method, path)), "PartnerRoleRequired") << method << path;
  }
  EXPECT_EQ(Code(Call(kContoso, kCarol, "PUT", mia, R"({"roles":["Admin"]})")),
            "PartnerRoleRequired");
  EXPECT_TRUE(
      nlohmann::json::parse(
          Call(kContoso, kCarol, "GET", "/providers/Pal.Insights/organizations").body)["value"]
          .empty());
  EXPECT_EQ(StoredRoles(kMekorma, kMia), std::vector<PartnerRole>{PartnerRole::kReportViewer});
}

TEST_F(PartnerOrganisationsApiTest, RefusesMalformedRoleBodies) {
  ASSERT_TRUE(store_->partner_roles()
                  .AddPartnerRole(Role("4960815", kMekorma, kBoth, PartnerRole::kAdmin))
                  .ok());
  const std::string mia = kOrganisation + "/members/" + kMia.ToString();
  EXPECT_EQ(Code(Call(kMekorma, kBoth, "PUT", mia, "not json")), "InvalidRequestContent");
  EXPECT_EQ(Code(Call(kMekorma, kBoth, "PUT", mia, R"({"roles":"Admin"})")),
            "InvalidRequestContent");
  EXPECT_EQ(Code(Call(kMekorma, kBoth, "PUT", mia, R"({"roles":["Boss"]})")), "InvalidPartnerRole");
  EXPECT_EQ(Code(Call(kMekorma, kBoth, "PUT", mia, R"({"roles":[]})")), "InvalidRequestContent");
  EXPECT_EQ(Code(Call(kMekorma, kBoth, "PUT", kOrganisation + "/members/not-a-guid",
                      R"({"roles":["Admin"]})")),
            "PrincipalNotFound");
  EXPECT_EQ(StoredRoles(kMekorma, kMia), std::vector<PartnerRole>{PartnerRole::kReportViewer});
}

TEST_F(PartnerOrganisationsApiTest, AnswersPathsMethodsAndVersionsAsArmDoes) {
  EXPECT_EQ(Call(kMekorma, kMia, "PUT", kOrganisation).status, 405);
  EXPECT_EQ(Call(kMekorma, kMia, "POST", "/providers/Pal.Insights/organizations").status, 405);
  EXPECT_EQ(Code(Call(kMekorma, kMia, "GET", kOrganisation, "", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Call(kMekorma, kMia, "GET", kOrganisation + "/widgets")), "InvalidResourceType");
  EXPECT_EQ(Code(Call(kMekorma, kMia, "GET", kOrganisation + "/members/a/b")),
            "InvalidResourceType");
  EXPECT_EQ(Call(kMekorma, kMia, "GET", "/PROVIDERS/pal.insights/ORGANIZATIONS/4960815/").status,
            200);
  EXPECT_EQ(routed_.router().FamilyOf("/providers/Pal.Insights/attribution"), std::nullopt)
      << "the rest of Pal.Insights is not here";
}

}  // namespace
}  // namespace pal::api
