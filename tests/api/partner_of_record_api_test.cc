#include "api/partner_of_record_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"

namespace pal::api {
namespace {

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kEa = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kCsp = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000102");
const Guid kOwner = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kReader = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a2");
const Guid kStranger = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1");
const std::string kRecord =
    "/subscriptions/" + kEa.ToString() + "/providers/Pal.PartnerOfRecord/partnerOfRecord/default";
constexpr char kOwnerRole[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
constexpr char kReaderRole[] = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
constexpr char kVersion[] = "api-version=2026-11-01";

class PartnerOfRecordApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kContoso, "Contoso");
    testing::AddTenant(*store_, kFabrikam, "Fabrikam");
    testing::AddSubscription(*store_, kEa, kContoso, "Prod",
                             SubscriptionOffer::kEnterpriseAgreement);
    testing::AddSubscription(*store_, kCsp, kContoso, "Dev", SubscriptionOffer::kCsp);
    uint8_t n = 0;
    for (const Guid& sub : {kEa, kCsp}) {
      const std::string scope = "/subscriptions/" + sub.ToString();
      testing::GrantRole(*store_, Guid::FromRandomBytes({++n, 1}), scope, kOwnerRole,
                         {kContoso, kOwner});
      testing::GrantRole(*store_, Guid::FromRandomBytes({++n, 2}), scope, kReaderRole,
                         {kContoso, kReader});
    }
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"719878", "Mekorma", PartnerIdKind::kLocation, std::nullopt,
                                 PartnerStatus::kActive, 1})
                    .ok());
    authorizer_.emplace(*store_);
    api_.emplace(*store_, *authorizer_);
    api_->AddRoutes(routed_.router());
  }

  HttpResponse Call(const Guid& tenant, const Guid& object, std::string method,
                    const std::string& path, std::string body = "",
                    const std::string& query = kVersion) {
    identity::CallerIdentity caller;
    caller.tenant_id = tenant;
    caller.object_id = object;
    return routed_.Call(caller, std::move(method), path, query, std::move(body));
  }
  HttpResponse AsOwner(std::string method, const std::string& path, std::string body = "",
                       const std::string& query = kVersion) {
    return Call(kContoso, kOwner, std::move(method), path, std::move(body), query);
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  std::optional<std::string> StoredPartner() {
    auto current = store_->partners_of_record().FindPartnerOfRecord(kEa);
    EXPECT_TRUE(current.ok());
    if (!current.ok() || !*current) return std::nullopt;
    return (*current)->partner_id;
  }

  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<PartnerOfRecordApi> api_;
  testing::RoutedProvider routed_;
};

TEST_F(PartnerOfRecordApiTest, TheOwnerSetsReadsAndRemovesThePartnerOfRecord) {
  EXPECT_EQ(Code(AsOwner("GET", kRecord)), "PartnerOfRecordNotFound");
  const std::string validate =
      "/subscriptions/" + kEa.ToString() + "/providers/Pal.PartnerOfRecord/validatePartnerId";
  auto valid = AsOwner("POST", validate, R"({"partnerId":"719878"})");
  ASSERT_EQ(valid.status, 200) << valid.body;
  EXPECT_EQ(nlohmann::json::parse(valid.body)["partnerName"], "Mekorma");
  auto set = AsOwner("PUT", kRecord, R"({"properties":{"partnerId":"719878"}})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(nlohmann::json::parse(set.body)["properties"]["partnerName"], "Mekorma");
  EXPECT_EQ(StoredPartner(), "719878");
  auto read = Call(kContoso, kReader, "GET", kRecord);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(nlohmann::json::parse(read.body)["properties"]["partnerId"], "719878");
  EXPECT_EQ(AsOwner("DELETE", kRecord).status, 200);
  EXPECT_EQ(AsOwner("DELETE", kRecord).status, 204);
  EXPECT_EQ(StoredPartner(), std::nullopt);
}

TEST_F(PartnerOfRecordApiTest, TellsEligibility) {
  const auto eligibility = [&](const Guid& sub, const Guid& who) {
    auto r =
        Call(kContoso, who, "GET",
             "/subscriptions/" + sub.ToString() + "/providers/Pal.PartnerOfRecord/eligibility");
    EXPECT_EQ(r.status, 200) << r.body;
    return nlohmann::json::parse(r.body);
  };
  EXPECT_EQ(eligibility(kEa, kOwner)["eligible"], true);
  EXPECT_EQ(eligibility(kEa, kOwner)["canManage"], true);
  EXPECT_EQ(eligibility(kEa, kReader)["canManage"], false);
  EXPECT_EQ(eligibility(kCsp, kOwner)["eligible"], false);
  EXPECT_NE(eligibility(kCsp, kOwner)["reason"].get<std::string>().find("Cloud Solution Provider"),
            std::string::npos);
}

TEST_F(PartnerOfRecordApiTest, ReadersAndOtherTenantsChangeNothing) {
  ASSERT_EQ(AsOwner("PUT", kRecord, R"({"partnerId":"719878"})").status, 200);
  EXPECT_EQ(Call(kContoso, kReader, "DELETE", kRecord).status, 403);
  auto foreign = Call(kFabrikam, kStranger, "DELETE", kRecord);
  EXPECT_TRUE(foreign.status == 403 || foreign.status == 404) << foreign.body;
  EXPECT_GE(Call(kFabrikam, kStranger, "GET", kRecord).status, 403);
  EXPECT_EQ(StoredPartner(), "719878");
}

TEST_F(PartnerOfRecordApiTest, RefusesMalformedBodiesAndNonEaSubscriptions) {
  EXPECT_EQ(Code(AsOwner("PUT", kRecord, "not json")), "BadRequest");
  EXPECT_EQ(Code(AsOwner("PUT", kRecord, R"({"partnerId":7})")), "BadRequest");
  EXPECT_EQ(AsOwner("PUT", kRecord, R"({"partnerId":"7777777"})").status, 400);
  const std::string csp = "/subscriptions/" + kCsp.ToString() +
                          "/providers/Pal.PartnerOfRecord/partnerOfRecord/default";
  EXPECT_EQ(Code(AsOwner("PUT", csp, R"({"partnerId":"719878"})")),
            "PartnerOfRecordRequiresEnterpriseAgreement");
  EXPECT_EQ(StoredPartner(), std::nullopt);
}

TEST_F(PartnerOfRecordApiTest, AnswersPathsMethodsAndVersionsAsArmDoes) {
  EXPECT_EQ(AsOwner("PATCH", kRecord).status, 405);
  EXPECT_EQ(AsOwner("GET", "/subscriptions/" + kEa.ToString() +
                               "/providers/Pal.PartnerOfRecord/validatePartnerId")
                .status,
            405);
  EXPECT_EQ(Code(AsOwner("GET", kRecord, "", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(AsOwner("GET", kRecord, "", "api-version=2018-02-01")),
            "InvalidApiVersionParameter");
  for (const std::string& query : {std::string(kVersion), std::string()}) {
    EXPECT_EQ(
        Code(AsOwner("GET", "/subscriptions/" + kEa.ToString() + "/providers/Pal.PartnerOfRecord/x",
                     "", query)),
        "InvalidResourceType");
  }
  EXPECT_EQ(Code(AsOwner("GET", "/providers/Pal.PartnerOfRecord/partnerOfRecord/default")),
            "InvalidScope");
  EXPECT_EQ(Code(AsOwner("GET", "/subscriptions/" + kEa.ToString() +
                                    "/resourceGroups/g/providers/Pal.PartnerOfRecord/eligibility")),
            "InvalidScope");
  EXPECT_EQ(Code(AsOwner("GET", "/providers/Pal.PartnerOfRecord/customers")), "PartnerRoleRequired")
      << "a customer's owner holds no partner role";
  EXPECT_EQ(routed_.router().FamilyOf(kRecord), RouteFamily::kPartnerOfRecord);
}

}  // namespace
}  // namespace pal::api
