#include <fmt/format.h>
#include <gtest/gtest.h>

#include <tuple>

#include "store/schema_migrations.h"
#include "store/sql_store.h"
#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kPartner = *Guid::Parse("3e60a000-0000-4000-8000-000000000003");
const Guid kContosoSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kFabrikamSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000202");
const Guid kOperator = *Guid::Parse("3e60a000-0000-4000-8000-0000000000e1");
const PrincipalKey kContosoAdmin{kContoso, *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1")};
const PrincipalKey kFabrikamAdmin{kFabrikam, *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1")};
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const Guid kContributor = *Guid::Parse("b24988ac-6180-42a0-ab88-20f7382dd24c");
const Guid kUserAccessAdministrator = *Guid::Parse("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
// The ids both customers chose (an attacker may pick another customer's on purpose).
const Guid kDefinition = *Guid::Parse("de000000-0000-4000-8000-000000000001");
const Guid kAssignment = *Guid::Parse("a5000000-0000-4000-8000-000000000001");

ResourceId SubScope(const Guid& sub) {
  return *ResourceId::Parse("/subscriptions/" + sub.ToString());
}

RegistrationDefinition Definition(const Guid& customer, const Guid& sub, std::string name,
                                  const Guid& role, const PrincipalKey& by) {
  RegistrationDefinition d{
      kDefinition, SubScope(sub), customer, std::move(name), "", kPartner, {}, 1, by};
  d.authorizations.push_back({kOperator, "ops", role});
  return d;
}

RegistrationAssignment Assignment(const Guid& customer, const Guid& sub, const PrincipalKey& by) {
  return {kAssignment, SubScope(sub), customer, kDefinition, 2, by};
}

// The delegation history as (customer, assignment, role, open?) rows.
std::vector<std::string> History(const TestDatabase& database) {
  auto connection = database.Connect();
  EXPECT_TRUE(connection.ok()) << connection.error().message;
  if (!connection.ok()) return {};
  auto rows =
      QueryRows(*connection,
                "SELECT customer_tenant_id, assignment_id, role_definition_id, "
                "CASE WHEN valid_to IS NULL THEN 'open' ELSE 'closed' END FROM delegation_history "
                "ORDER BY seq",
                4);
  EXPECT_TRUE(rows.ok()) << rows.error().message;
  return rows.ok() ? *rows : std::vector<std::string>{};
}

std::string HistoryRow(const Guid& customer, const Guid& role, bool open) {
  return customer.ToString() + "," + kAssignment.ToString() + "," + role.ToString() + "," +
         (open ? "open" : "closed");
}

// Registration definition and assignment ids live under the customer's scope, as in Azure: the
// same id in another customer tenant is another registration, neither a conflict nor touched by
// anything done to this one.
class RegistrationTenancyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    for (const auto& [tenant, name] :
         {std::pair{kContoso, "Contoso"}, std::pair{kFabrikam, "Fabrikam"},
          std::pair{kPartner, "Partner"}}) {
      ASSERT_TRUE(store_->directory().CreateTenant({tenant, name, 0}).ok());
    }
  }
  void TearDown() override { store_.reset(); }

  // Both customers onboard the partner with the same ids: Contoso with Reader, Fabrikam with
  // Contributor.
  void OnboardBoth() {
    ASSERT_TRUE(store_->managed_services()
                    .CreateRegistrationDefinition(
                        Definition(kContoso, kContosoSub, "Contoso's", kReader, kContosoAdmin))
                    .ok());
    ASSERT_TRUE(store_->managed_services()
                    .CreateRegistrationAssignment(Assignment(kContoso, kContosoSub, kContosoAdmin))
                    .ok());
    auto defined = store_->managed_services().CreateRegistrationDefinition(
        Definition(kFabrikam, kFabrikamSub, "Fabrikam's", kContributor, kFabrikamAdmin));
    ASSERT_TRUE(defined.ok()) << defined.error().message;
    auto assigned = store_->managed_services().CreateRegistrationAssignment(
        Assignment(kFabrikam, kFabrikamSub, kFabrikamAdmin));
    ASSERT_TRUE(assigned.ok()) << assigned.error().message;
  }

  TestDatabase database_;
  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(RegistrationTenancyTest, TwoCustomersMayUseTheSameIds) {
  OnboardBoth();
  for (const auto& [customer, name, role, sub] :
       {std::tuple{kContoso, "Contoso's", kReader, kContosoSub},
        std::tuple{kFabrikam, "Fabrikam's", kContributor, kFabrikamSub}}) {
    auto d = store_->managed_services().FindRegistrationDefinition(customer, kDefinition);
    ASSERT_TRUE(d.ok() && d->has_value()) << name;
    EXPECT_EQ((*d)->name, name);
    EXPECT_EQ((*d)->customer_tenant_id, customer);
    ASSERT_EQ((*d)->authorizations.size(), 1u);
    EXPECT_EQ((*d)->authorizations[0].role_definition_id, role);
    auto a = store_->managed_services().FindRegistrationAssignment(customer, kAssignment);
    ASSERT_TRUE(a.ok() && a->has_value()) << name;
    EXPECT_EQ((*a)->scope, SubScope(sub));
    EXPECT_EQ((*a)->customer_tenant_id, customer);
    EXPECT_EQ(store_->managed_services().ListRegistrationDefinitions(customer)->size(), 1u);
    EXPECT_EQ(store_->managed_services().ListRegistrationAssignments(customer)->size(), 1u);
  }
  // The ids are the customer's own: a third tenant has none of them.
  EXPECT_FALSE(
      store_->managed_services().FindRegistrationDefinition(kPartner, kDefinition)->has_value());
  EXPECT_FALSE(
      store_->managed_services().FindRegistrationAssignment(kPartner, kAssignment)->has_value());
  // Each grant goes with its own customer's scope and role, never the other's.
  auto grants = store_->managed_services().ListDelegatedGrants({kPartner, kOperator});
  ASSERT_TRUE(grants.ok()) << grants.error().message;
  ASSERT_EQ(grants->size(), 2u);
  for (const auto& g : *grants) {
    EXPECT_EQ(g.assignment_id, kAssignment);
    EXPECT_EQ(g.scope, SubScope(g.customer_tenant_id == kContoso ? kContosoSub : kFabrikamSub));
    EXPECT_EQ(g.role_definition_id, g.customer_tenant_id == kContoso ? kReader : kContributor);
  }
  // The same id again in the same customer tenant is a conflict, as before.
  EXPECT_EQ(store_->managed_services()
                .CreateRegistrationDefinition(
                    Definition(kContoso, kContosoSub, "again", kReader, kContosoAdmin))
                .error()
                .kind,
            ErrorKind::kConflict);
  EXPECT_EQ(store_->managed_services()
                .CreateRegistrationAssignment(Assignment(kContoso, kContosoSub, kContosoAdmin))
                .error()
                .kind,
            ErrorKind::kConflict);
}

TEST_F(RegistrationTenancyTest, DeletingOnesRegistrationsLeavesTheOthersAlone) {
  OnboardBoth();
  // A definition in use by its own customer's assignment cannot go; the other customer's
  // assignment of the same definition id does not count.
  EXPECT_EQ(
      store_->managed_services().DeleteRegistrationDefinition(kContoso, kDefinition).error().code,
      "RegistrationDefinitionInUse");
  ASSERT_TRUE(store_->managed_services()
                  .DeleteRegistrationAssignment(kContoso, kAssignment, kContosoAdmin)
                  .ok());
  EXPECT_EQ(store_->managed_services()
                .DeleteRegistrationAssignment(kContoso, kAssignment, kContosoAdmin)
                .error()
                .kind,
            ErrorKind::kNotFound);
  ASSERT_TRUE(store_->managed_services().DeleteRegistrationDefinition(kContoso, kDefinition).ok());
  EXPECT_EQ(
      store_->managed_services().DeleteRegistrationDefinition(kContoso, kDefinition).error().kind,
      ErrorKind::kNotFound);

  EXPECT_FALSE(
      store_->managed_services().FindRegistrationDefinition(kContoso, kDefinition)->has_value());
  EXPECT_FALSE(
      store_->managed_services().FindRegistrationAssignment(kContoso, kAssignment)->has_value());
  auto theirs = store_->managed_services().FindRegistrationDefinition(kFabrikam, kDefinition);
  ASSERT_TRUE(theirs.ok() && theirs->has_value());
  EXPECT_EQ((*theirs)->name, "Fabrikam's");
  ASSERT_EQ((*theirs)->authorizations.size(), 1u) << "the authorizations of the namesake stay";
  EXPECT_TRUE(
      store_->managed_services().FindRegistrationAssignment(kFabrikam, kAssignment)->has_value());
  auto grants = store_->managed_services().ListDelegatedGrants({kPartner, kOperator});
  ASSERT_TRUE(grants.ok());
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ(grants->front().customer_tenant_id, kFabrikam);
  // Only Contoso's delegation history was closed.
  EXPECT_EQ(History(database_),
            (std::vector<std::string>{HistoryRow(kContoso, kReader, false),
                                      HistoryRow(kFabrikam, kContributor, true)}));

  // Contoso may use the ids again; Fabrikam's stay as they were.
  ASSERT_TRUE(store_->managed_services()
                  .CreateRegistrationDefinition(
                      Definition(kContoso, kContosoSub, "anew", kContributor, kContosoAdmin))
                  .ok());
  ASSERT_TRUE(store_->managed_services()
                  .CreateRegistrationAssignment(Assignment(kContoso, kContosoSub, kContosoAdmin))
                  .ok());
  EXPECT_EQ((*store_->managed_services().FindRegistrationDefinition(kFabrikam, kDefinition))->name,
            "Fabrikam's");
  EXPECT_EQ(store_->managed_services().ListDelegatedGrants({kPartner, kOperator})->size(), 2u);
}

TEST_F(RegistrationTenancyTest, AnAssignmentNamesADefinitionOfItsOwnCustomer) {
  ASSERT_TRUE(store_->managed_services()
                  .CreateRegistrationDefinition(Definition(kFabrikam, kFabrikamSub, "Fabrikam's",
                                                           kContributor, kFabrikamAdmin))
                  .ok());
  // Contoso has no definition of that id: Fabrikam's is not one.
  auto refused = store_->managed_services().CreateRegistrationAssignment(
      Assignment(kContoso, kContosoSub, kContosoAdmin));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "RegistrationDefinitionNotFound");
  EXPECT_TRUE(store_->managed_services().ListDelegatedGrants({kPartner, kOperator})->empty());
  EXPECT_TRUE(History(database_).empty());
}

// Migration 15 keys the registration tables by customer tenant: what a database of version 14
// holds is still there, found under its customer, with its authorizations (delegated roles
// included) and its open delegation history.
TEST(RegistrationMigrationTest, Version14RegistrationsSurviveMigration15) {
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  FixedClock clock(1'800'000'000LL * kMicrosPerSecond);
  {
    auto connection = database.Connect();
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    auto migrated = MigrateSchemaTo(*connection, clock.Now(), 14);
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
    const std::string contoso = kContoso.ToString();
    const std::string partner = kPartner.ToString();
    const std::string scope = "/subscriptions/" + kContosoSub.ToString();
    const std::string admin = kContosoAdmin.object_id.ToString();
    for (const std::string& sql : {
             fmt::format("INSERT INTO tenants VALUES ('{}', 'Contoso', 0), ('{}', 'Fabrikam', 0), "
                         "('{}', 'Partner', 0)",
                         contoso, kFabrikam.ToString(), partner),
             fmt::format("INSERT INTO registration_definitions(definition_id, scope, "
                         "customer_tenant_id, name, "
                         "description, managed_by_tenant_id, created_at, created_by_tenant_id, "
                         "created_by_object_id) "
                         "VALUES ('{}', '{}', '{}', 'Before 15', 'kept', '{}', 1, '{}', '{}')",
                         kDefinition.ToString(), scope, contoso, partner, contoso, admin),
             fmt::format(
                 "INSERT INTO registration_authorizations(definition_id, position, principal_id, "
                 "principal_display_name, role_definition_id, delegated_role_definition_ids) "
                 "VALUES "
                 "('{0}', 0, '{1}', 'ops', '{2}', ''), ('{0}', 1, '{1}', 'ops', '{3}', '{2}')",
                 kDefinition.ToString(), kOperator.ToString(), kContributor.ToString(),
                 kUserAccessAdministrator.ToString()),
             fmt::format(
                 "INSERT INTO registration_assignments(assignment_id, scope, customer_tenant_id, "
                 "definition_id, created_at, created_by_tenant_id, created_by_object_id) VALUES "
                 "('{}', '{}', '{}', '{}', 2, '{}', '{}')",
                 kAssignment.ToString(), scope, contoso, kDefinition.ToString(), contoso, admin),
             fmt::format(
                 "INSERT INTO delegation_history(assignment_id, scope, customer_tenant_id, "
                 "managing_tenant_id, principal_id, role_definition_id, created_by_tenant_id, "
                 "created_by_object_id, valid_from) VALUES ('{0}', '{1}', '{2}', '{3}', '{4}', "
                 "'{5}', "
                 "'{2}', '{6}', 2), ('{0}', '{1}', '{2}', '{3}', '{4}', '{7}', '{2}', '{6}', 2)",
                 kAssignment.ToString(), scope, contoso, partner, kOperator.ToString(),
                 kContributor.ToString(), admin, kUserAccessAdministrator.ToString()),
         }) {
      auto inserted = connection->Execute(sql);
      ASSERT_TRUE(inserted.ok()) << inserted.error().message << "\n" << sql;
    }
  }
  auto opened = database.OpenStore(clock);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto store = std::move(opened).value();

  auto d = store->managed_services().FindRegistrationDefinition(kContoso, kDefinition);
  ASSERT_TRUE(d.ok() && d->has_value()) << (d.ok() ? "missing" : d.error().message);
  EXPECT_EQ((*d)->name, "Before 15");
  EXPECT_EQ((*d)->description, "kept");
  EXPECT_EQ((*d)->managed_by_tenant_id, kPartner);
  EXPECT_EQ((*d)->scope, SubScope(kContosoSub));
  ASSERT_EQ((*d)->authorizations.size(), 2u);
  EXPECT_EQ((*d)->authorizations[0].role_definition_id, kContributor);
  EXPECT_EQ((*d)->authorizations[1].role_definition_id, kUserAccessAdministrator);
  EXPECT_EQ((*d)->authorizations[1].delegated_role_definition_ids, std::vector<Guid>{kContributor});
  auto a = store->managed_services().FindRegistrationAssignment(kContoso, kAssignment);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->definition_id, kDefinition);
  EXPECT_EQ((*a)->created_by, kContosoAdmin);
  auto grants = store->managed_services().ListDelegatedGrants({kPartner, kOperator});
  ASSERT_TRUE(grants.ok()) << grants.error().message;
  EXPECT_EQ(grants->size(), 2u);

  // After the migration the same ids are free in Fabrikam, and deleting Contoso's assignment
  // closes Contoso's history rows only.
  ASSERT_TRUE(store->managed_services()
                  .CreateRegistrationDefinition(
                      Definition(kFabrikam, kFabrikamSub, "Fabrikam's", kReader, kFabrikamAdmin))
                  .ok());
  ASSERT_TRUE(store->managed_services()
                  .CreateRegistrationAssignment(Assignment(kFabrikam, kFabrikamSub, kFabrikamAdmin))
                  .ok());
  ASSERT_TRUE(store->managed_services()
                  .DeleteRegistrationAssignment(kContoso, kAssignment, kContosoAdmin)
                  .ok());
  EXPECT_EQ(History(database),
            (std::vector<std::string>{HistoryRow(kContoso, kContributor, false),
                                      HistoryRow(kContoso, kUserAccessAdministrator, false),
                                      HistoryRow(kFabrikam, kReader, true)}));
  EXPECT_EQ((*store->managed_services().FindRegistrationDefinition(kContoso, kDefinition))
                ->authorizations.size(),
            2u);
}

}  // namespace
}  // namespace pal::store
