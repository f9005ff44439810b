#include "api/log_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace pal::api {
namespace {

std::string Contents(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char chunk[4096];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
  return text;
}

TEST(AsyncLineWriterTest, WritesEveryLineInOrderByItsDestruction) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    AsyncLineWriter writer(file, 1000);
    for (int i = 0; i < 100; ++i) writer.Write(std::to_string(i) + "\n");
  }
  std::string expected;
  for (int i = 0; i < 100; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ(Contents(file), expected);
  std::fclose(file);
}

TEST(AsyncLineWriterTest, DropsAndReportsWhatDoesNotFitTheQueue) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  int dropped = 0;
  {
    AsyncLineWriter writer(file, 0, [&dropped] { ++dropped; });
    writer.Write("lost\n");
    writer.Write("lost\n");
  }
  EXPECT_EQ(dropped, 2);
  EXPECT_EQ(Contents(file), "");
  std::fclose(file);
}

}  // namespace
}  // namespace pal::api
