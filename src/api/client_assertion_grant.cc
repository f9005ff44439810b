// The client_credentials grant with a client assertion instead of a secret: a JWT the
// application signed with a registered certificate, or an external issuer's token that one of
// its federated credentials trusts.
#include <fmt/format.h>

#include <charconv>
#include <memory>
#include <vector>

#include "api/token_grant.h"
#include "api/url_encoding.h"
#include "core/text.h"
#include "identity/client_assertion.h"
#include "identity/federated_assertion.h"

namespace pal::api {
namespace {

// Every "aud" a certificate assertion may name for this request, as Entra accepts them: this
// authority's token endpoint (v2.0 or v1 path, the tenant as the path gives it or by id) or its
// issuer, at any of the server's base URLs.
std::vector<std::string> AcceptedAudiences(const std::vector<std::string>& base_urls,
                                           const std::string& request_base, AuthorityKind authority,
                                           const std::string& tenant,
                                           const std::optional<Guid>& tenant_id) {
  std::vector<std::string> bases = base_urls;
  if (bases.empty()) bases.push_back(request_base);
  std::vector<std::string> out;
  for (const auto& base : bases) {
    if (authority == AuthorityKind::kAdfs) {
      out.push_back(base + "/adfs/oauth2/token");
      out.push_back(base + "/adfs");
      continue;
    }
    std::vector<std::string> segments = {tenant};
    if (tenant_id) segments.push_back(tenant_id->ToString());
    for (const auto& segment : segments) {
      out.push_back(fmt::format("{}/{}/oauth2/v2.0/token", base, segment));
      out.push_back(fmt::format("{}/{}/oauth2/token", base, segment));
    }
    if (tenant_id) out.push_back(IssuerOf(authority, base, *tenant_id));
  }
  return out;
}

// Where no issuer is trusted (the token service has no federated issuers).
class NoIssuerKeys final : public identity::IssuerKeySource {
 public:
  Result<std::vector<identity::RsaPublicKey>> KeysOf(const std::string& issuer,
                                                     const std::string&) override {
    return Error::Unauthenticated(
        "IssuerKeysUnavailable",
        fmt::format("This server trusts no external issuer, '{}' neither.", issuer));
  }
};

// The number of an "AADSTS<n>" refusal code (50000, a server error, for anything else).
int AadstsNumber(const Error& error) {
  constexpr std::string_view kPrefix = "AADSTS";
  int number = 50000;
  if (!error.code.starts_with(kPrefix)) return number;
  const char* begin = error.code.data() + kPrefix.size();
  std::from_chars(begin, error.code.data() + error.code.size(), number);
  return number;
}

}  // namespace

std::optional<HttpResponse> TokenService::RequireAssertionFields(const HttpRequest& request,
                                                                 Grant& grant) const {
  bool type_given = false;
  bool assertion_given = false;
  for (auto& [name, value] : ParseFormEncoded(request.body)) {
    const bool type = name == "client_assertion_type";
    if (!type && name != "client_assertion") continue;
    bool& given = type ? type_given : assertion_given;
    if (given) {
      return TokenError(400, "invalid_request", 9002313,
                        fmt::format("Invalid request. Request is malformed or invalid: the "
                                    "parameter '{}' is given more than once.",
                                    name),
                        request);
    }
    given = true;
    (type ? grant.client_assertion_type : grant.client_assertion) = value;
  }
  if (grant.client_assertion.empty() && grant.client_assertion_type.empty()) return std::nullopt;
  for (auto [name, value] : {std::pair{"client_assertion_type", &grant.client_assertion_type},
                             std::pair{"client_assertion", &grant.client_assertion}}) {
    if (value->empty()) {
      return TokenError(
          400, "invalid_request", 900144,
          fmt::format("The request body must contain the following parameter: '{}'.", name),
          request);
    }
  }
  if (grant.client_assertion_type != identity::kJwtBearerAssertionType) {
    return TokenError(400, "invalid_request", 9002313,
                      fmt::format("Invalid request. Request is malformed or invalid: "
                                  "client_assertion_type must be '{}'.",
                                  identity::kJwtBearerAssertionType),
                      request);
  }
  if (!grant.client_secret.empty()) {
    return TokenError(400, "invalid_request", 9002313,
                      "Invalid request. Request is malformed or invalid: give either "
                      "client_secret or client_assertion, not both.",
                      request);
  }
  return std::nullopt;
}

void TokenService::CheckAssertionAndAnswer(const HttpRequest& request,
                                           std::shared_ptr<const Grant> grant,
                                           Respond respond) const {
  // Store reads, signature checks and perhaps an issuer's discovery: off the network threads.
  auto shared_request = std::make_shared<HttpRequest>(request);
  run_blocking_([this, grant, shared_request, respond]() {
    respond(AnswerAssertion(*shared_request, *grant));
  });
}

HttpResponse TokenService::AnswerAssertion(const HttpRequest& request, const Grant& grant) const {
  auto refuse = [&](const Error& error) {
    RecordFailure(grant.account_key, request);
    if (error.kind == ErrorKind::kInternal) {
      return TokenError(500, "server_error", 50000, error.message, request);
    }
    return TokenError(401, "invalid_client", AadstsNumber(error), error.message, request);
  };
  if (!grant.principal) {
    RecordFailure(grant.account_key, request);
    return TokenError(400, "unauthorized_client", 700016,
                      fmt::format("Application with identifier '{}' was not found in the "
                                  "directory '{}'. This can happen if the application has not "
                                  "been installed by the administrator of the tenant.",
                                  grant.client_id, grant.tenant),
                      request);
  }
  auto jws = identity::SplitJws(grant.client_assertion);
  if (!jws.ok()) {
    return refuse(identity::AssertionRefused(
        50027, "Invalid JWT token. The client assertion is not a well-formed JWS."));
  }
  const PrincipalKey key{grant.principal->tenant_id, grant.principal->object_id};
  const Timestamp now = clock_.Now();
  if (identity::IsCertificateAssertion(*jws, grant.client_id)) {
    auto stored = store_.credentials().ListCertificates(key);
    if (!stored.ok()) return refuse(stored.error());
    std::vector<identity::ClientCertificate> certificates;
    for (const auto& c : *stored) {
      if (auto parsed = identity::ClientCertificate::FromPem(c.certificate_pem); parsed.ok())
        certificates.push_back(std::move(*parsed));
    }
    identity::ClientAssertionContext context{
        grant.client_id,
        AcceptedAudiences(options_.base_urls, request.base_url, grant.authority, grant.tenant,
                          grant.tenant_id),
        now};
    if (auto verified =
            identity::VerifyCertificateAssertion(*jws, context, certificates, *assertion_ids_);
        !verified.ok()) {
      return refuse(verified.error());
    }
  } else {
    auto stored = store_.credentials().ListFederatedCredentials(key);
    if (!stored.ok()) return refuse(stored.error());
    NoIssuerKeys none;
    identity::IssuerKeySource& keys =
        options_.federated_issuers ? *options_.federated_issuers : none;
    auto matched = identity::VerifyFederatedAssertion(*jws, grant.client_id, *stored, keys, now);
    if (!matched.ok()) return refuse(matched.error());
  }
  if (options_.accounts) options_.accounts->RecordSuccess(grant.account_key);
  return IssueToken(request, grant);
}

}  // namespace pal::api
