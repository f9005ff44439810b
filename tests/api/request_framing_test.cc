#include "api/request_framing.h"

#include <gtest/gtest.h>

#include <string>

namespace pal::api {
namespace {

using State = HeaderBlockScan::State;

TEST(HeaderBlockScanTest, CompleteBlockWithoutFolding) {
  HeaderBlockScan scan;
  const std::string block = "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n";
  EXPECT_EQ(scan.Scan(block), State::kComplete);
  EXPECT_TRUE(scan.HasRequestLine());
  EXPECT_EQ(scan.request_line_end(), std::string("GET / HTTP/1.1\r\n").size());
}

TEST(HeaderBlockScanTest, FollowsBytesAsTheyArrive) {
  HeaderBlockScan scan;
  const std::string block = "PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}";
  State state = State::kIncomplete;
  size_t i = 0;
  for (; i <= block.size() && state == State::kIncomplete; ++i) {
    state = scan.Scan(std::string_view(block).substr(0, i));
  }
  EXPECT_EQ(state, State::kComplete);
  EXPECT_EQ(i - 1, block.size() - 2);  // complete at the blank line, before the body
}

TEST(HeaderBlockScanTest, FindsFoldedLines) {
  for (const char* block : {"GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  continued\r\n\r\n",
                            "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\tcontinued\r\n\r\n",
                            "GET / HTTP/1.1\r\n Host: a\r\n\r\n"}) {
    HeaderBlockScan scan;
    EXPECT_EQ(scan.Scan(block), State::kFolded) << block;
  }
  // A space inside a value is no fold.
  HeaderBlockScan scan;
  EXPECT_EQ(scan.Scan("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1  2\r\n\r\n"), State::kComplete);
}

TEST(HeaderBlockScanTest, BareLineFeedIsLeftToTheParser) {
  HeaderBlockScan scan;
  EXPECT_EQ(scan.Scan("GET / HTTP/1.1\nHost: a\n\n"), State::kMalformed);
  HeaderBlockScan later;
  EXPECT_EQ(later.Scan("GET / HTTP/1.1\r\nHost: a\n\r\n"), State::kMalformed);
}

TEST(HeaderBlockScanTest, IncompleteUntilTheBlankLine) {
  HeaderBlockScan scan;
  EXPECT_EQ(scan.Scan("GET / HT"), State::kIncomplete);
  EXPECT_FALSE(scan.HasRequestLine());
  EXPECT_EQ(scan.Scan("GET / HTTP/1.1\r\nHost: a\r\n"), State::kIncomplete);
  EXPECT_TRUE(scan.HasRequestLine());
}

std::string CodeOf(unsigned version, const HeaderFields& fields) {
  auto checked = CheckHeaderFields(version, fields);
  return checked.ok() ? "" : checked.error().code;
}

TEST(CheckHeaderFieldsTest, AcceptsOrdinaryRequests) {
  EXPECT_EQ(CodeOf(11, {{"Host", "localhost:8443"},
                        {"Authorization", "Bearer x"},
                        {"Content-Type", "application/json"},
                        {"Content-Length", "2"}}),
            "");
  EXPECT_EQ(CodeOf(11, {{"host", "pal.example.com"}, {"transfer-encoding", "Chunked"}}), "");
  EXPECT_EQ(CodeOf(11, {{"Host", "[::1]:8443"}, {"Accept", "a"}, {"Accept", "b"}}), "");
  EXPECT_EQ(CodeOf(10, {}), "");  // HTTP/1.0 need not name a host
}

TEST(CheckHeaderFieldsTest, RefusesDuplicates) {
  for (const char* name :
       {"Host", "Authorization", "Content-Length", "Content-Type", "Transfer-Encoding"}) {
    HeaderFields fields = {{"Host", "a"}, {name, "1"}, {name, "1"}};
    if (std::string(name) == "Host") fields = {{"Host", "a"}, {"HOST", "b"}};
    auto checked = CheckHeaderFields(11, fields);
    ASSERT_FALSE(checked.ok()) << name;
    EXPECT_EQ(checked.error().code, "DuplicateHeader");
    EXPECT_NE(checked.error().message.find(name), std::string::npos) << checked.error().message;
  }
}

TEST(CheckHeaderFieldsTest, HostIsRequiredAndValid) {
  EXPECT_EQ(CodeOf(11, {{"Accept", "*/*"}}), "MissingHostHeader");
  for (const char* host :
       {"", "a b", "a/b", "a:", "a:123456", "a:8x", "[::1", "[zz]", "a\"b", "@evil"}) {
    EXPECT_EQ(CodeOf(11, {{"Host", host}}), "InvalidHostHeader") << host;
  }
  EXPECT_EQ(CodeOf(10, {{"Host", "a b"}}), "InvalidHostHeader");
}

TEST(CheckHeaderFieldsTest, OnlyChunkedAndNeverWithContentLength) {
  for (const char* coding :
       {"xchunked", "gzip", "gzip, chunked", "chunked, chunked", "identity", ""}) {
    EXPECT_EQ(CodeOf(11, {{"Host", "a"}, {"Transfer-Encoding", coding}}),
              "UnsupportedTransferEncoding")
        << coding;
  }
  EXPECT_EQ(CodeOf(10, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}}),
            "UnsupportedTransferEncoding");
  EXPECT_EQ(CodeOf(11, {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}}),
            "ConflictingLengthHeaders");
  EXPECT_EQ(CodeOf(11, {{"Host", "a"}, {"Content-Length", "3"}, {"Transfer-Encoding", "xchunked"}}),
            "UnsupportedTransferEncoding");
}

}  // namespace
}  // namespace pal::api
