#include "dataset/dataset.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/csv.h"
#include "dataset/dataset_generator.h"

namespace pal {
namespace {

TEST(CsvTest, ParsesQuotesLineBreaksCrLfAndABom) {
  auto t = ParseCsv(
      "\xEF\xBB\xBF"
      "a,B\r\n\"x, \"\"y\"\"\",2\r\n\r\n\"multi\nline\",\n",
      "f.csv");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"a", "B"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0], (std::vector<std::string>{"x, \"y\"", "2"}));
  EXPECT_EQ(t->rows[1], (std::vector<std::string>{"multi\nline", ""}));
  EXPECT_EQ(t->lines, (std::vector<size_t>{2, 4}));
  EXPECT_EQ(t->Column("b"), 1u);
  EXPECT_FALSE(t->Column("c").has_value());
  // Short rows are padded; long rows and broken quotes are errors naming file and line.
  EXPECT_EQ(ParseCsv("a,b\n1\n", "f.csv")->rows[0], (std::vector<std::string>{"1", ""}));
  EXPECT_EQ(ParseCsv("a\n1,2\n", "f.csv").error().message,
            "f.csv:2: 2 fields, but the header has 1");
  EXPECT_EQ(ParseCsv("a\n\"open\n", "f.csv").error().message,
            "f.csv:2: a quoted field is never closed");
  EXPECT_EQ(ParseCsv("a\n\"x\"y\n", "f.csv").error().message,
            "f.csv:2: text after a closing quote");
  const std::string written =
      WriteCsv({"a", "b"}, {{"plain", "with,comma"}, {"q\"uote", "line\nbreak"}});
  EXPECT_EQ(written, "a,b\nplain,\"with,comma\"\n\"q\"\"uote\",\"line\nbreak\"\n");
  EXPECT_EQ(ParseCsv(written, "w.csv")->rows[1][1], "line\nbreak");
}

std::map<std::string, std::string> Valid() { return WriteDataset(GenerateDataset(4, 1)); }

TEST(DatasetTest, AGeneratedDataSetIsValidAndColumnsAreFoundByName) {
  auto files = Valid();
  ASSERT_TRUE(ParseDataset(files).ok());
  // Columns in another order and unknown columns are fine.
  files["partners.csv"] = "extra,PARTNER_NAME,partner_id\nx,Northwind,1234567\n";
  files["partner_links.csv"] = "tenant_id,object_id,partner_id,linked_at,unlinked_at\n";
  files["dpor.csv"] = "subscription_id,partner_id,assigned_at,removed_at\n";
  auto parsed = ParseDataset(files);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->partners[0].partner_name, "Northwind");
}

// Appends `row` to `file` (after its header) and returns the single problem reported.
std::string ProblemWith(const std::string& file, const std::string& row,
                        std::map<std::string, std::string> files = Valid()) {
  files[file] += row + "\n";
  auto parsed = ParseDataset(files);
  if (parsed.ok()) return "(accepted)";
  return parsed.error().message;
}

TEST(DatasetTest, InconsistentDataSetsAreRefusedNamingFileLineAndProblem) {
  auto base = GenerateDataset(4, 1);
  const auto files = WriteDataset(base);
  const std::string tenant = base.tenants[0].tenant_id.ToString();
  const std::string other_tenant = base.tenants[1].tenant_id.ToString();
  const std::string principal = base.principals[0].object_id.ToString();
  const std::string sub = base.subscriptions[0].subscription_id.ToString();
  const std::string unknown = "0f0f0f0f-0000-4000-8000-000000000000";
  const std::string reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  const size_t ra_line = base.role_assignments.size() + 2;
  const size_t principal_line = base.principals.size() + 2;

  EXPECT_EQ(ProblemWith("role_assignments.csv",
                        fmt::format("{},/subscriptions/{},{},{},2026-01-01T00:00:00Z,", unknown,
                                    sub, reader, unknown)),
            fmt::format("role_assignments.csv:{}: principal {} does not exist (principals.csv)",
                        ra_line, unknown));
  EXPECT_EQ(ProblemWith("role_assignments.csv",
                        fmt::format("{},/subscriptions/{},{},{},2026-01-01T00:00:00Z,", unknown,
                                    unknown, reader, principal)),
            fmt::format("role_assignments.csv:{}: scope /subscriptions/{} does not exist", ra_line,
                        unknown));
  EXPECT_EQ(ProblemWith("role_assignments.csv",
                        fmt::format("{},/,{},{},2026-01-02T00:00:00Z,2026-01-01T00:00:00Z", unknown,
                                    reader, principal)),
            fmt::format("role_assignments.csv:{}: deleted_at is not after created_at", ra_line));
  EXPECT_EQ(ProblemWith("principals.csv", fmt::format("{},{},Robot,x", tenant, unknown)),
            fmt::format("principals.csv:{}: kind 'Robot' is not User, Guest or ServicePrincipal",
                        principal_line));
  EXPECT_EQ(ProblemWith("principals.csv", fmt::format("{},{},User,x", unknown, unknown)),
            fmt::format("principals.csv:{}: tenant {} does not exist (tenants.csv)", principal_line,
                        unknown));
  EXPECT_EQ(ProblemWith("subscriptions.csv", fmt::format("{},{},S,Free,Enabled,", tenant, unknown)),
            fmt::format("subscriptions.csv:{}: offer 'Free' is not one of EnterpriseAgreement, "
                        "AzurePlan, CSP, PayAsYouGo",
                        base.subscriptions.size() + 2));
  EXPECT_EQ(
      ProblemWith("management_groups.csv", fmt::format("{},child,{}", tenant, "nowhere")),
      fmt::format("management_groups.csv:{}: parent group nowhere does not exist in tenant {}",
                  base.management_groups.size() + 2, tenant));
  EXPECT_EQ(
      ProblemWith("tenants.csv", "not-a-guid,X"),
      fmt::format("tenants.csv:{}: tenant_id 'not-a-guid' is not a GUID", base.tenants.size() + 2));

  // Overlapping link intervals of one principal.
  auto with_links = files;
  with_links["partner_links.csv"] =
      "tenant_id,object_id,partner_id,linked_at,unlinked_at\n" +
      fmt::format("{},{},{},2026-01-01T00:00:00Z,2026-03-01T00:00:00Z\n", tenant, principal,
                  base.partners[0].partner_id) +
      fmt::format("{},{},{},2026-02-01T00:00:00Z,\n", tenant, principal,
                  base.partners[1].partner_id);
  auto overlapping = ParseDataset(with_links);
  ASSERT_FALSE(overlapping.ok());
  EXPECT_EQ(overlapping.error().message,
            fmt::format("partner_links.csv:3: this link of principal {} overlaps the one on line 2",
                        principal));
  with_links["partner_links.csv"] =
      "tenant_id,object_id,partner_id,linked_at,unlinked_at\n" +
      fmt::format("{},{},9999999,2026-01-01T00:00:00Z,\n", other_tenant, principal);
  EXPECT_EQ(ParseDataset(with_links).error().message,
            fmt::format("partner_links.csv:2: principal {} does not exist in tenant {}", principal,
                        other_tenant));

  // Lighthouse rows: the managing tenant's principal, a role Lighthouse accepts.
  auto lighthouse = files;
  const std::string header =
      "delegation_id,scope,managing_tenant_id,principal_id,role_definition_id,created_at,deleted_"
      "at\n";
  lighthouse["lighthouse.csv"] =
      header +
      fmt::format(
          "{},/subscriptions/{},{},{},8e3af657-a8ff-443c-a75c-2fe8c4bcb635,2026-01-01T00:00:00Z,\n",
          unknown, sub, other_tenant, principal);
  EXPECT_EQ(ParseDataset(lighthouse).error().message,
            fmt::format("lighthouse.csv:2: principal {} does not exist in the managing tenant {}",
                        principal, other_tenant));
  const auto* foreign = &base.principals.back();
  lighthouse["lighthouse.csv"] =
      header +
      fmt::format(
          "{},/subscriptions/{},{},{},8e3af657-a8ff-443c-a75c-2fe8c4bcb635,2026-01-01T00:00:00Z,\n",
          unknown, sub, foreign->tenant_id.ToString(), foreign->object_id.ToString());
  EXPECT_NE(
      ParseDataset(lighthouse).error().message.find("is restricted for registration definition"),
      std::string::npos)
      << ParseDataset(lighthouse).error().message;

  // DPOR rows: a known subscription and partner, intervals that do not overlap.
  auto extra = files;
  extra["dpor.csv"] =
      "subscription_id,partner_id,assigned_at,removed_at\n" +
      fmt::format("{},{},2026-01-01T00:00:00Z,\n", unknown, base.partners[0].partner_id);
  EXPECT_EQ(ParseDataset(extra).error().message,
            fmt::format("dpor.csv:2: subscription {} does not exist (subscriptions.csv)", unknown));
  extra["dpor.csv"] =
      "subscription_id,partner_id,assigned_at,removed_at\n" +
      fmt::format("{},{},2026-01-01T00:00:00Z,\n", sub, base.partners[0].partner_id) +
      fmt::format("{},{},2026-02-01T00:00:00Z,\n", sub, base.partners[1].partner_id);
  EXPECT_EQ(
      ParseDataset(extra).error().message,
      fmt::format(
          "dpor.csv:3: this partner of record of subscription {} overlaps the one on line 2", sub));
  // A missing column is named.
  auto missing = files;
  missing["tenants.csv"] = "tenant_id\n" + tenant + "\n";
  EXPECT_EQ(ParseDataset(missing).error().message.substr(0, 51),
            "tenants.csv:1: the column 'display_name' is missing");
}

// principals.csv's optional app_id: a service principal's client id, kept through a write and a
// read; a file without the column still reads (its service principals have none).
TEST(DatasetTest, ServicePrincipalsMayCarryAnAppId) {
  auto base = GenerateDataset(4, 1);
  const std::string tenant = base.tenants[0].tenant_id.ToString();
  const std::string sp = "5e000000-0000-4000-8000-000000000001";
  const std::string app = "a9900000-0000-4000-8000-000000000001";
  auto files = WriteDataset(base);
  ASSERT_EQ(files["principals.csv"].substr(0, files["principals.csv"].find('\n')),
            "tenant_id,object_id,kind,display_name,app_id");
  files["principals.csv"] += fmt::format("{},{},ServicePrincipal,deployer,{}\n", tenant, sp, app);
  auto parsed = ParseDataset(files);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto& last = parsed->principals.back();
  EXPECT_EQ(last.object_id.ToString(), sp);
  ASSERT_TRUE(last.app_id.has_value());
  EXPECT_EQ(last.app_id->ToString(), app);
  EXPECT_FALSE(parsed->principals.front().app_id.has_value());
  EXPECT_NE(WriteDataset(*parsed)["principals.csv"].find(",deployer," + app), std::string::npos);

  auto without = WriteDataset(base);
  without["principals.csv"] =
      "tenant_id,object_id,kind,display_name\n" + tenant + "," + sp + ",ServicePrincipal,bot\n";
  for (const char* file : {"role_assignments.csv", "partner_links.csv", "lighthouse.csv"}) {
    without.erase(file);  // they name the generated principals
  }
  auto old_layout = ParseDataset(without);
  ASSERT_TRUE(old_layout.ok()) << old_layout.error().message;
  EXPECT_FALSE(old_layout->principals[0].app_id.has_value());

  const size_t line = base.principals.size() + 2;
  const std::string other = "5e000000-0000-4000-8000-000000000002";
  EXPECT_EQ(
      ProblemWith("principals.csv", fmt::format("{},{},User,u@x.example,{}", tenant, sp, app)),
      fmt::format("principals.csv:{}: app_id is for service principals only, not a User", line));
  EXPECT_EQ(ProblemWith("principals.csv", fmt::format("{},{},ServicePrincipal,x,nope", tenant, sp)),
            fmt::format("principals.csv:{}: app_id 'nope' is not a GUID", line));
  EXPECT_EQ(ProblemWith("principals.csv",
                        fmt::format("{},{},ServicePrincipal,x,{}\n{},{},ServicePrincipal,y,{}",
                                    tenant, sp, app, tenant, other, app)),
            fmt::format("principals.csv:{}: app_id {} appears twice", line + 1, app));
}

TEST(DatasetTest, ProblemsAreCappedAndCounted) {
  auto files = Valid();
  for (int i = 0; i < 30; ++i) files["tenants.csv"] += "bad,X\n";
  auto parsed = ParseDataset(files, 5);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("... and 25 more problem(s)"), std::string::npos);
}

TEST(DatasetTest, TimesAreWrittenToTheSecond) {
  EXPECT_EQ(FormatDatasetTime(1'800'000'000LL * kMicrosPerSecond), "2027-01-15T08:00:00Z");
  EXPECT_EQ(FormatDatasetTime(1'800'000'000LL * kMicrosPerSecond + 5),
            "2027-01-15T08:00:00.000005Z");
}

}  // namespace
}  // namespace pal
