// Fuzz target for the JSON request bodies the API parses: the central body check (CheckJsonBody:
// duplicate keys, nesting), ParseObjectBody and the
// Pal.PowerPlatform solution document (SolutionFromJson, ValidateSolution, and back through
// SolutionJson), and the role assignment PUT body, driven through RoleAssignmentsApi on an
// ArmRouter over an in-memory store (its parser is private). Whatever the body, nothing may crash
// or throw, every answer is a well-formed ARM response, and an accepted solution round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/json_body.h"
#include "api/power_platform_json.h"
#include "api/role_assignments_api.h"
#include "core/clock.h"
#include "core/power_platform_solution.h"
#include "core/resource_id.h"
#include "service/scope_authorizer.h"
#include "store/sql_store.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

const pal::Guid kTenant = *pal::Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const pal::Guid kSub = *pal::Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const pal::Guid kAdmin = *pal::Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const pal::Guid kUser = *pal::Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
constexpr char kOwner[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

// One directory for the whole run: a tenant with a subscription, an owner (the caller) and a
// user to assign roles to.
struct Fixture {
  pal::FixedClock clock{1'780'000'000 * pal::kMicrosPerSecond};
  std::unique_ptr<pal::store::Store> store;
  std::unique_ptr<pal::service::ScopeAuthorizer> authorizer;
  std::unique_ptr<pal::api::RoleAssignmentsApi> api;
  // Serves `api`'s routes, its blocking operations on the calling thread.
  std::unique_ptr<pal::api::ArmRouter> router;
  pal::identity::CallerIdentity caller;

  Fixture() {
    pal::store::SqliteStoreOptions options;
    options.in_memory = true;
    options.enable_link_writer = false;
    store = std::move(pal::store::OpenSqliteStore(options, clock)).value();
    Check(store->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    Check(store->scopes()
              .CreateManagementGroup(
                  {kTenant.ToString(), kTenant, "Tenant Root Group", std::nullopt, 0})
              .ok());
    Check(store->scopes()
              .CreateSubscription({kSub, kTenant, "Prod", pal::SubscriptionOffer::kAzurePlan,
                                   pal::SubscriptionState::kEnabled, 0, kTenant.ToString()})
              .ok());
    for (const auto& [id, name] :
         {std::pair{kAdmin, "admin@contoso.com"}, std::pair{kUser, "user@contoso.com"}}) {
      pal::Principal p;
      p.tenant_id = kTenant;
      p.object_id = id;
      p.kind = pal::PrincipalKind::kUser;
      p.name = name;
      p.secret_hash.assign(1, 'x');
      Check(store->directory().CreatePrincipal(p).ok());
    }
    pal::RoleAssignment owner;
    owner.name = pal::Guid::FromRandomBytes({1, 0x5a});
    owner.scope = *pal::ResourceId::Parse("/subscriptions/" + kSub.ToString());
    owner.role_definition_id = *pal::Guid::Parse(kOwner);
    owner.principal = {kTenant, kAdmin};
    owner.principal_type = "User";
    owner.created_by = owner.updated_by = {kTenant, kAdmin};
    Check(store->role_assignments().CreateRoleAssignment(owner).ok());
    authorizer = std::make_unique<pal::service::ScopeAuthorizer>(*store);
    api = std::make_unique<pal::api::RoleAssignmentsApi>(*store, *authorizer, clock);
    router = std::make_unique<pal::api::ArmRouter>([](std::function<void()> work) { work(); });
    api->AddRoutes(*router);
    caller.tenant_id = kTenant;
    caller.object_id = kAdmin;
  }
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture();  // never destroyed: no teardown order at exit
  return *fixture;
}

void CheckSolution(std::string_view body) {
  auto object = pal::api::ParseObjectBody(body);
  if (!object.ok()) {
    Check(!object.error().message.empty());
    return;
  }
  Check(object->is_object());
  (void)pal::api::PropertiesOf(*object);
  auto solution = pal::api::SolutionFromJson(*object);
  if (!solution.ok()) {
    Check(!solution.error().message.empty());
    return;
  }
  (void)pal::ValidateSolution(*solution);
  // What was accepted writes back and reads again to the same document.
  const std::string written = pal::api::SolutionJson(*solution).dump();
  auto again = pal::api::SolutionFromJson(nlohmann::json::parse(written));
  Check(again.ok());
  Check(again->name == solution->name && again->version == solution->version &&
        again->managed == solution->managed && again->exported_from == solution->exported_from &&
        again->components.size() == solution->components.size());
  for (size_t i = 0; i < again->components.size(); ++i) {
    Check(again->components[i].product == solution->components[i].product);
    Check(again->components[i].name == solution->components[i].name);
    Check(again->components[i].display_name == solution->components[i].display_name);
  }
}

void CheckRoleAssignmentPut(std::string_view body) {
  Fixture& f = TheFixture();
  pal::api::HttpRequest request;
  request.method = "PUT";
  request.path = "/subscriptions/" + kSub.ToString() +
                 "/providers/Microsoft.Authorization/roleAssignments/" +
                 pal::Guid::FromRandomBytes({2, 0x5a}).ToString();
  request.query = "api-version=2022-04-01";
  request.body = std::string(body);
  request.base_url = "https://pal.test";
  int answers = 0;
  pal::api::HttpResponse response;
  f.router->Dispatch(request, f.caller, [&](pal::api::HttpResponse r) {
    ++answers;
    response = std::move(r);
  });
  Check(answers == 1);
  Check(response.status >= 200 && response.status < 600);
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  Check(!json.is_discarded() && json.is_object());
  if (response.status >= 400) Check(json.contains("error"));
}

}  // namespace

// The central body check: never throws; a duplicate it reports is a key path, and a body
// nlohmann's strict parser accepts with no duplicate and shallow nesting passes.
void CheckJsonBodyRules(std::string_view body) {
  auto duplicate = pal::api::DuplicateJsonKey(body);
  if (duplicate) Check(!duplicate->empty());
  pal::api::HttpRequest request;
  request.method = "PUT";
  request.body = std::string(body);
  request.headers = {{"Content-Type", "application/json"}};
  auto checked = pal::api::CheckJsonBody(request);
  if (duplicate) Check(!checked.ok() && checked.error().code == "InvalidRequestContent");
  if (!checked.ok()) Check(checked.error().code == "InvalidRequestContent");
  auto refused = pal::api::RefuseJsonBody(request);
  Check(refused.has_value() == !checked.ok());
  if (refused) {
    auto json = nlohmann::json::parse(refused->body, nullptr, false);
    Check(!json.is_discarded() && json.contains("error"));
  }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  CheckJsonBodyRules(body);
  CheckSolution(body);
  CheckRoleAssignmentPut(body);
  return 0;
}
