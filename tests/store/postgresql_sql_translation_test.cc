#include <gtest/gtest.h>

#include "store/postgresql_connection.h"

namespace pal::store {
namespace {

std::string Translate(std::string_view sql, int* parameters = nullptr) {
  int count = -1;
  std::string out = TranslateSqlForPostgresql(sql, count);
  if (parameters) *parameters = count;
  return out;
}

TEST(PostgresqlSqlTranslationTest, NumberedPlaceholdersBecomeDollarAndCountTheHighest) {
  int parameters = 0;
  EXPECT_EQ(Translate("UPDATE t SET a = ?2 WHERE b = ?1 AND c = ?12", &parameters),
            "UPDATE t SET a = $2 WHERE b = $1 AND c = $12");
  EXPECT_EQ(parameters, 12);
}

TEST(PostgresqlSqlTranslationTest, BarePlaceholdersAreNumberedInOrder) {
  int parameters = 0;
  EXPECT_EQ(Translate("INSERT INTO t VALUES (?, ?, ?)", &parameters),
            "INSERT INTO t VALUES ($1, $2, $3)");
  EXPECT_EQ(parameters, 3);
}

TEST(PostgresqlSqlTranslationTest, QuotedTextIsLeftAlone) {
  int parameters = 0;
  EXPECT_EQ(
      Translate("SELECT 'why?' || \"col?\" FROM t WHERE a = ?1 AND b = 'it''s ?2'", &parameters),
      "SELECT 'why?' || \"col?\" FROM t WHERE a = $1 AND b = 'it''s ?2'");
  EXPECT_EQ(parameters, 1);
}

TEST(PostgresqlSqlTranslationTest, GroupConcatBecomesStringAgg) {
  EXPECT_EQ(Translate("SELECT group_concat(x, ';') FROM t"), "SELECT string_agg(x, ';') FROM t");
  EXPECT_EQ(Translate("SELECT 'group_concat(' FROM t"), "SELECT 'group_concat(' FROM t");
}

TEST(PostgresqlSqlTranslationTest, NoPlaceholdersMeansNoParameters) {
  int parameters = -1;
  EXPECT_EQ(Translate("SELECT 1", &parameters), "SELECT 1");
  EXPECT_EQ(parameters, 0);
}

TEST(PostgresqlUrlTest, PasswordsAreRedacted) {
  EXPECT_EQ(RedactPostgresqlUrl("postgresql://pal:s3cret@db.example:5432/pal"),
            "postgresql://pal:***@db.example:5432/pal");
  EXPECT_EQ(RedactPostgresqlUrl("postgresql://pal@127.0.0.1:5432/pal"),
            "postgresql://pal@127.0.0.1:5432/pal");
  EXPECT_EQ(RedactPostgresqlUrl("postgresql://127.0.0.1:5432/pal?user=x"),
            "postgresql://127.0.0.1:5432/pal?user=x");
  EXPECT_EQ(RedactPostgresqlUrl("not a url"), "not a url");
}

}  // namespace
}  // namespace pal::store
