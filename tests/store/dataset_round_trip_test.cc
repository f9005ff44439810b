#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "dataset/dataset.h"
#include "dataset/dataset_generator.h"
#include "store/sql_store.h"
#include "store/test_store.h"

namespace pal::store {
namespace {

class DatasetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override { store_.reset(); }

  // The file's lines, header first, then the rows sorted: row order does not matter.
  static std::vector<std::string> Canonical(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    if (lines.size() > 1) std::sort(lines.begin() + 1, lines.end());
    return lines;
  }

  TestDatabase database_;
  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(DatasetStoreTest, ExportAfterImportReproducesAThousandTenantDataSet) {
  const auto input = WriteDataset(GenerateDataset(1000, 42));
  auto parsed = ParseDataset(input);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->tenants.size(), 1000u);
  EXPECT_GT(parsed->role_assignments.size(), 1000u);
  EXPECT_GT(parsed->links.size(), 1000u);
  EXPECT_GT(parsed->delegations.size(), 200u);
  EXPECT_GT(parsed->partners_of_record.size(), 100u);
  auto imported = store_->dataset().ImportDataset(*parsed, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;

  auto exported = store_->dataset().ExportDataset();
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  const auto output = WriteDataset(*exported);
  ASSERT_EQ(output.size(), input.size());
  for (const auto& [file, text] : input) {
    const auto expected = Canonical(text);
    const auto actual = Canonical(output.at(file));
    EXPECT_EQ(actual.size(), expected.size()) << file;
    EXPECT_TRUE(actual == expected) << file << " differs after the round trip";
  }
  // What was imported is live: current assignments, link states, subscription parents.
  size_t current = 0;
  for (const auto& a : parsed->role_assignments) current += a.deleted_at ? 0 : 1;
  EXPECT_EQ(store_->role_assignments().ListRoleAssignments(std::nullopt)->size(), current);
  const auto& last = parsed->links.back();
  auto link = store_->links().FindLink({last.tenant_id, last.object_id});
  ASSERT_TRUE(link.has_value());
  EXPECT_GE(link->version, 1);
  // Partners of record in force are the ones the store reports.
  for (const auto& p : parsed->partners_of_record) {
    if (p.removed_at) continue;
    auto current = store_->partners_of_record().FindPartnerOfRecord(p.subscription_id);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->partner_id, p.partner_id);
  }
  // Delegations in force authorize their principals; ended ones do not.
  for (const auto& g : parsed->delegations) {
    auto grants =
        store_->managed_services().ListDelegatedGrants({g.managing_tenant_id, g.principal_id});
    ASSERT_TRUE(grants.ok());
    const bool granted = std::any_of(grants->begin(), grants->end(), [&](const DelegatedGrant& x) {
      return x.assignment_id == g.delegation_id && x.role_definition_id == g.role_definition_id;
    });
    EXPECT_EQ(granted, !g.deleted_at.has_value()) << g.delegation_id.ToString();
  }
}

// A delegation id is its customer's own: two customers' delegations of one id are two
// registrations, each imported under its customer, with its own grants, and exported back.
TEST_F(DatasetStoreTest, TwoCustomersMayShareADelegationId) {
  Dataset generated = GenerateDataset(200, 11);
  const DatasetDelegation* first = nullptr;
  const DatasetDelegation* second = nullptr;
  for (const auto& g : generated.delegations) {
    if (g.deleted_at) continue;
    if (!first)
      first = &g;
    else if (g.customer_tenant_id != first->customer_tenant_id &&
             g.delegation_id != first->delegation_id) {
      second = &g;
      break;
    }
  }
  ASSERT_TRUE(first && second) << "the generator makes delegations in force in several tenants";
  const Guid shared = first->delegation_id;
  const Guid renamed = second->delegation_id;
  const Guid first_customer = first->customer_tenant_id;
  const Guid second_customer = second->customer_tenant_id;
  for (auto& g : generated.delegations) {
    if (g.delegation_id == renamed) g.delegation_id = shared;
  }
  const auto input = WriteDataset(generated);
  auto parsed = ParseDataset(input);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto imported = store_->dataset().ImportDataset(*parsed, {});
  ASSERT_TRUE(imported.ok()) << imported.error().message;

  for (const Guid& customer : {first_customer, second_customer}) {
    auto assignment = store_->managed_services().FindRegistrationAssignment(customer, shared);
    ASSERT_TRUE(assignment.ok() && assignment->has_value()) << customer.ToString();
    EXPECT_EQ((*assignment)->customer_tenant_id, customer);
    auto definition = store_->managed_services().FindRegistrationDefinition(customer, shared);
    ASSERT_TRUE(definition.ok() && definition->has_value()) << customer.ToString();
    // Its authorizations are its own rows, none of the other customer's.
    size_t rows = 0;
    for (const auto& g : parsed->delegations) {
      rows +=
          g.delegation_id == shared && g.customer_tenant_id == customer && !g.deleted_at ? 1 : 0;
    }
    EXPECT_EQ((*definition)->authorizations.size(), rows) << customer.ToString();
  }
  // Every row's grant is in force under its own customer's scope.
  for (const auto& g : parsed->delegations) {
    if (g.delegation_id != shared || g.deleted_at) continue;
    auto grants =
        store_->managed_services().ListDelegatedGrants({g.managing_tenant_id, g.principal_id});
    ASSERT_TRUE(grants.ok());
    EXPECT_TRUE(std::any_of(grants->begin(), grants->end(), [&](const DelegatedGrant& x) {
      return x.assignment_id == shared && x.customer_tenant_id == g.customer_tenant_id &&
             x.scope == g.scope && x.role_definition_id == g.role_definition_id;
    })) << g.scope.ToString();
  }
  auto exported = store_->dataset().ExportDataset();
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_EQ(Canonical(WriteDataset(*exported).at("lighthouse.csv")),
            Canonical(input.at("lighthouse.csv")));
}

TEST_F(DatasetStoreTest, ImportRefusesANonEmptyStoreAndIsAllOrNothing) {
  auto small = GenerateDataset(3, 7);
  // A data set that passed no validation: two tenants with one id fail inside the import's
  // transaction, after other rows were written — none of them may remain.
  Dataset broken = small;
  broken.tenants.push_back(broken.tenants.front());
  auto refused = store_->dataset().ImportDataset(broken, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidDataset");
  EXPECT_NE(refused.error().message.find("tenants.csv"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(store_->directory().ListTenants()->empty());
  EXPECT_TRUE(store_->partners().ListPartners()->empty());

  ASSERT_TRUE(store_->dataset().ImportDataset(small, {}).ok());
  auto again = store_->dataset().ImportDataset(small, {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "DataDirectoryNotEmpty");
  EXPECT_EQ(store_->directory().ListTenants()->size(), 3u);
}

}  // namespace
}  // namespace pal::store
