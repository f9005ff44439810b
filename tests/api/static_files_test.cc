#include "api/static_files.h"

#include <gtest/gtest.h>

namespace pal::api {
namespace {

HttpRequest Get(std::string path, std::string method = "GET") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = path;
  r.target = path;
  return r;
}

std::string HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(StaticFilesTest, ServesThePageAndItsAssetsWithTypesCachingAndAPolicy) {
  StaticFiles files("/portal/");
  files.Add("index.html", "<!doctype html>");
  files.Add("assets/app-1a2b.js", "console.log(1)");
  EXPECT_TRUE(files.Serves("/portal"));
  EXPECT_TRUE(files.Serves("/portal/assets/x.js"));
  EXPECT_FALSE(files.Serves("/portals"));
  EXPECT_FALSE(files.Serves("/providers/x"));

  const auto page = files.Answer(Get("/portal/"));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html>");
  EXPECT_EQ(HeaderOf(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-cache");
  EXPECT_NE(HeaderOf(page, "Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  const auto script = files.Answer(Get("/portal/assets/app-1a2b.js"));
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(HeaderOf(script, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(HeaderOf(script, "Cache-Control").find("immutable"), std::string::npos);
  const auto head = files.Answer(Get("/portal/index.html", "HEAD"));
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST(StaticFilesTest, RedirectsTheBarePrefixRefusesWritesAndKnowsOnlyItsFiles) {
  StaticFiles files("/portal/");
  files.Add("index.html", "x");
  const auto moved = files.Answer(Get("/portal"));
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(HeaderOf(moved, "Location"), "/portal/");
  EXPECT_EQ(files.Answer(Get("/portal/", "POST")).status, 405);
  EXPECT_EQ(files.Answer(Get("/portal/../pal.db")).status, 404);
  EXPECT_EQ(files.Answer(Get("/portal/missing.js")).status, 404);
}

TEST(StaticFilesTest, AnUnbuiltPortalSaysHowToBuildIt) {
  StaticFiles none("/portal/");
  const auto r = none.Answer(Get("/portal/"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("scripts/build-portal"), std::string::npos);
}

TEST(StaticFilesTest, ContentTypesByExtension) {
  EXPECT_EQ(ContentTypeFor("a/b.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("icon.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("blob"), "application/octet-stream");
}

}  // namespace
}  // namespace pal::api
