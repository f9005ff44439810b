// The generated append-only triggers, on both databases (the store_postgresql variant runs
// these against PostgreSQL): what they refuse and allow on a table of the test's own, the
// expansion of the migrations' "-- append-only:" lines, and that the migrated schema protects
// every history table.
#include "store/append_only_triggers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "store/test_store.h"

namespace pal::store {
namespace {

constexpr std::string_view kScratchColumns[] = {"seq", "owner", "valid_from"};
constexpr AppendOnlyTable kScratch{"scratch_history", kScratchColumns};

TEST(AppendOnlyTriggersTest, RefuseDeletesAndChangesButLetAnOpenRowClose) {
  TestDatabase database(TestDatabase::Schema::kMigrated);
  ASSERT_TRUE(database.ok()) << database.error();
  auto connection = database.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  const SqlDialect dialect = connection->dialect();
  ASSERT_TRUE(connection
                  ->Execute("CREATE TABLE scratch_history (seq INTEGER, owner TEXT, valid_from "
                            "INTEGER, valid_to INTEGER, ended_by TEXT)")
                  .ok());
  // PostgreSQL's triggers call the function migration 1 created (Schema::kMigrated); SQLite's
  // need nothing.
  auto created = connection->Execute(AppendOnlyTriggers(dialect, kScratch));
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_TRUE(connection
                  ->Execute("INSERT INTO scratch_history VALUES (1, 'a', 10, NULL, NULL), "
                            "(2, 'b', 10, 20, 'x')")
                  .ok());

  EXPECT_FALSE(connection->Execute("DELETE FROM scratch_history WHERE seq = 1").ok());
  EXPECT_FALSE(connection->Execute("UPDATE scratch_history SET owner = 'z' WHERE seq = 1").ok());
  EXPECT_FALSE(connection->Execute("UPDATE scratch_history SET seq = 9 WHERE seq = 1").ok());
  EXPECT_FALSE(connection->Execute("UPDATE scratch_history SET valid_to = 30 WHERE seq = 2").ok())
      << "a closed row is frozen, its closing columns too";
  auto refused = connection->Execute("DELETE FROM scratch_history");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("scratch_history is append-only"), std::string::npos)
      << refused.error().message;
  if (dialect == SqlDialect::kPostgresql) {
    EXPECT_FALSE(connection->Execute("TRUNCATE scratch_history").ok());
  }
  auto closed =
      connection->Execute("UPDATE scratch_history SET valid_to = 30, ended_by = 'y' WHERE seq = 1");
  EXPECT_TRUE(closed.ok()) << closed.error().message;

  auto rows = QueryRows(
      *connection, "SELECT seq, owner, valid_to, ended_by FROM scratch_history ORDER BY seq", 4);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(*rows, (std::vector<std::string>{"1,a,30,y", "2,b,20,x"}));

  auto dropped = connection->Execute(DropAppendOnlyTriggers(dialect, "scratch_history"));
  ASSERT_TRUE(dropped.ok()) << dropped.error().message;
  EXPECT_TRUE(connection->Execute("DELETE FROM scratch_history").ok());
}

TEST(AppendOnlyTriggersTest, ExpandsMarkerLinesAndPassesTheRestThrough) {
  auto sql = ExpandAppendOnlyMarkers(SqlDialect::kSqlite,
                                     "CREATE TABLE x (a INTEGER);\n"
                                     "-- append-only: dpor_history\n"
                                     "-- drop append-only: pp_ownership_history\n"
                                     "SELECT 1;");
  ASSERT_TRUE(sql.ok()) << sql.error().message;
  EXPECT_TRUE(
      sql->starts_with("CREATE TABLE x (a INTEGER);\nCREATE TRIGGER dpor_history_no_delete"))
      << *sql;
  EXPECT_NE(sql->find("OR NEW.partner_id IS NOT OLD.partner_id"), std::string::npos) << *sql;
  EXPECT_NE(sql->find("DROP TRIGGER pp_ownership_history_close_only;\nSELECT 1;"),
            std::string::npos)
      << *sql;
  EXPECT_EQ(sql->find("-- "), std::string::npos) << *sql;

  auto postgresql = ExpandAppendOnlyMarkers(SqlDialect::kPostgresql,
                                            "-- append-only: pp_ownership_history before 16");
  ASSERT_TRUE(postgresql.ok());
  EXPECT_NE(postgresql->find("CREATE TRIGGER pp_ownership_history_no_truncate"), std::string::npos);
  EXPECT_EQ(postgresql->find("NEW.tenant_id"), std::string::npos)
      << "the shape before migration 16";
}

TEST(AppendOnlyTriggersTest, RefusesAMarkerOfATableTheSchemaDoesNotHave) {
  for (std::string_view line : {"-- append-only: links_history", "-- drop append-only: links"}) {
    auto sql = ExpandAppendOnlyMarkers(SqlDialect::kSqlite, std::string(line) + "\n");
    ASSERT_FALSE(sql.ok()) << line;
    EXPECT_EQ(sql.error().kind, ErrorKind::kInternal);
    EXPECT_NE(sql.error().message.find(line), std::string::npos) << sql.error().message;
  }
}

TEST(AppendOnlyTriggersTest, TheMigratedSchemaProtectsEveryHistoryTable) {
  TestDatabase database;
  ASSERT_TRUE(database.ok()) << database.error();
  FixedClock clock(1'700'000'000LL * kMicrosPerSecond);
  ASSERT_TRUE(database.OpenStore(clock).ok());  // migrates
  auto connection = database.Connect();
  ASSERT_TRUE(connection.ok()) << connection.error().message;
  const bool postgresql = connection->dialect() == SqlDialect::kPostgresql;
  auto tables = QueryRows(*connection,
                          postgresql ? "SELECT table_name FROM information_schema.tables WHERE "
                                       "table_schema = 'public' AND table_name LIKE '%history' "
                                       "ORDER BY 1"
                                     : "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                       "name LIKE '%history' ORDER BY 1",
                          1);
  ASSERT_TRUE(tables.ok()) << tables.error().message;
  auto triggers = QueryRows(*connection,
                            postgresql ? "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                                         "ORDER BY 1"
                                       : "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                         "ORDER BY 1",
                            1);
  ASSERT_TRUE(triggers.ok()) << triggers.error().message;
  EXPECT_EQ(tables->size(), 8u) << "a new history table needs its append-only line";
  for (const std::string& table : *tables) {
    std::vector<std::string> expected = {table + "_close_only", table + "_no_delete"};
    if (postgresql) expected.push_back(table + "_no_truncate");
    for (const std::string& trigger : expected) {
      EXPECT_NE(std::find(triggers->begin(), triggers->end(), trigger), triggers->end()) << trigger;
    }
  }
}

}  // namespace
}  // namespace pal::store
