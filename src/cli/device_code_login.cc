#include "cli/device_code_login.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "api/url_encoding.h"

namespace pal::cli {
namespace {

constexpr int kSlowDownSeconds = 5;  // RFC 8628 §3.5: add five seconds after slow_down
constexpr std::string_view kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

std::string Form(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  std::string form;
  for (const auto& [key, value] : fields) {
    if (!form.empty()) form += '&';
    form += api::PercentEncode(key) + "=" + api::PercentEncode(value);
  }
  return form;
}

Result<nlohmann::json> PostForm(const std::string& url, const std::string& form,
                                const HttpClientOptions& http, HttpClientResponse* raw) {
  PAL_ASSIGN_OR_RETURN(*raw, SendHttpRequest("POST", url,
                                             {"Content-Type: application/x-www-form-urlencoded",
                                              "Accept: application/json"},
                                             form, http));
  auto body = nlohmann::json::parse(raw->body, nullptr, false);
  if (!body.is_object()) {
    return Error::Internal(fmt::format("The server answered {} without JSON.", raw->status));
  }
  return body;
}

Error RefusalOf(const nlohmann::json& body) {
  return Error::Unauthenticated(body.value("error", "Error"), body.value("error_description", ""));
}

}  // namespace

Result<nlohmann::json> SignInWithDeviceCode(const std::string& server, const std::string& tenant,
                                            std::string_view client_id, std::string_view scope,
                                            const HttpClientOptions& http) {
  const std::string authority =
      fmt::format("{}/{}/oauth2/v2.0", server, api::PercentEncode(tenant));
  HttpClientResponse raw;
  PAL_ASSIGN_OR_RETURN(auto started,
                       PostForm(authority + "/devicecode",
                                Form({{"client_id", client_id}, {"scope", scope}}), http, &raw));
  if (raw.status != 200 || !started.contains("device_code")) return RefusalOf(started);
  std::fprintf(stderr, "%s\n", started.value("message", "").c_str());
  std::fflush(stderr);
  const std::string device_code = started["device_code"].get<std::string>();
  int interval = started.value("interval", kSlowDownSeconds);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(started.value("expires_in", 900));
  for (;;) {
    PAL_ASSIGN_OR_RETURN(auto answer, PostForm(authority + "/token",
                                               Form({{"grant_type", kDeviceCodeGrant},
                                                     {"client_id", client_id},
                                                     {"device_code", device_code}}),
                                               http, &raw));
    if (raw.status == 200) return answer;
    const std::string error = answer.value("error", "");
    if (error == "slow_down") {
      interval += kSlowDownSeconds;
    } else if (error != "authorization_pending") {
      return RefusalOf(answer);
    }
    if (std::chrono::steady_clock::now() + std::chrono::seconds(interval) > deadline) {
      return Error::Unauthenticated("expired_token",
                                    "The device code expired before anyone "
                                    "signed in with it.");
    }
    std::this_thread::sleep_for(std::chrono::seconds(interval));
  }
}

}  // namespace pal::cli
