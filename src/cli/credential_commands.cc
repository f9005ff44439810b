// The offline commands on service principals' certificates and federated credentials, and the
// built-in test issuer of federated tokens.
#include "cli/credential_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/application_credential.h"
#include "core/time_format.h"
#include "identity/client_certificate.h"
#include "identity/jwt.h"
#include "identity/random.h"
#include "store/data_directory.h"
#include "store/data_directory_store.h"

namespace pal::cli {
namespace {

constexpr std::size_t kMaxCertificateFileBytes = 64 * 1024;
constexpr int kDefaultCertificateDays = 365;
constexpr int kDefaultTokenLifetimeSeconds = 600;
constexpr std::size_t kMaxCommonName = 64;

struct CredentialArguments {
  std::string tenant_id, object_id, certificate, key_id, name, issuer, subject;
  std::vector<std::string> audiences;
  bool generate = false;
  int days = kDefaultCertificateDays;
  int lifetime_seconds = kDefaultTokenLifetimeSeconds;
};

int PrintError(const Error& error) {
  std::fprintf(stderr, "(%s) %s\n", error.code.c_str(), error.message.c_str());
  return 1;
}

int Print(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

Result<std::unique_ptr<store::Store>> OpenStore(const std::string& data_dir, const Clock& clock) {
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    return Error::NotFound("DataDirectoryNotFound",
                           fmt::format("'{}' is not a data directory.", data_dir));
  }
  PAL_ASSIGN_OR_RETURN(auto dir, store::ReadDataDirectoryStore(data_dir));
  return store::OpenDataDirectoryStore(dir, store::StoreOpenOptions{}, clock);
}

// The service principal --tenant-id/--object-id name, in an open store.
struct Target {
  std::unique_ptr<store::Store> store;
  Principal principal;
  PrincipalKey key() const { return {principal.tenant_id, principal.object_id}; }
};

Result<Target> OpenTarget(const std::string& data_dir, const CredentialArguments& a,
                          const Clock& clock) {
  auto tenant = Guid::Parse(a.tenant_id);
  auto object = Guid::Parse(a.object_id);
  if (!tenant || !object) {
    return Error::InvalidArgument("InvalidArgument", "--tenant-id and --object-id are GUIDs.");
  }
  PAL_ASSIGN_OR_RETURN(auto store, OpenStore(data_dir, clock));
  PAL_ASSIGN_OR_RETURN(auto principal, store->directory().FindPrincipal({*tenant, *object}));
  if (!principal || principal->kind != PrincipalKind::kServicePrincipal) {
    return Error::NotFound("PrincipalNotFound",
                           fmt::format("There is no service principal '{}' in tenant '{}'.",
                                       a.object_id, a.tenant_id));
  }
  return Target{std::move(store), *principal};
}

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().size() > kMaxCertificateFileBytes) {
    return Error::InvalidArgument("CannotRead",
                                  fmt::format("Cannot read the certificate file '{}'.", path));
  }
  return text.str();
}

// The certificate to register: read from --certificate, or with --generate a new key and
// self-signed certificate written there (mode 0600, never over an existing file).
Result<std::string> CertificatePem(const CredentialArguments& a, const Principal& principal) {
  if (!a.generate) return ReadSmallFile(a.certificate);
  std::error_code ec;
  if (std::filesystem::exists(a.certificate, ec)) {
    return Error::Conflict(
        "FileExists", fmt::format("'{}' exists; --generate writes a new file.", a.certificate));
  }
  PAL_ASSIGN_OR_RETURN(auto generated, identity::GenerateSelfSignedCertificate(
                                           principal.name.substr(0, kMaxCommonName), a.days));
  const std::string pem = generated.private_key_pem + generated.certificate_pem;
  PAL_TRY(store::WriteFileAtomically(a.certificate, pem, 0600));
  return generated.certificate_pem;
}

// Gives a service principal imported without an app id one (as reset-secret does).
Result<bool> AssignAppIdIfMissing(Target& target) {
  if (target.principal.app_id) return false;
  const Guid app_id = identity::NewGuid();
  PAL_TRY(target.store->directory().SetPrincipalSecretHashAndAppId(
      target.key(), target.principal.secret_hash, target.principal.secret_expires_at, app_id));
  target.principal.app_id = app_id;
  return true;
}

nlohmann::json CertificateJson(const CertificateCredential& c, const Principal& p) {
  return {{"tenantId", c.principal.tenant_id.ToString()},
          {"objectId", c.principal.object_id.ToString()},
          {"appId", p.app_id ? nlohmann::json(p.app_id->ToString()) : nlohmann::json()},
          {"keyId", c.key_id.ToString()},
          {"type", "AsymmetricX509Cert"},
          {"usage", "Verify"},
          {"thumbprint", c.thumbprint_sha1},
          {"thumbprintSha256", c.thumbprint_sha256},
          {"subject", c.subject},
          {"startDateTime", FormatIso8601(c.not_before)},
          {"endDateTime", FormatIso8601(c.not_after)},
          {"createdTime", FormatIso8601(c.created_at)}};
}

nlohmann::json FederatedJson(const FederatedCredential& f, const Principal& p) {
  return {{"tenantId", f.principal.tenant_id.ToString()},
          {"objectId", f.principal.object_id.ToString()},
          {"appId", p.app_id ? nlohmann::json(p.app_id->ToString()) : nlohmann::json()},
          {"name", f.name},
          {"issuer", f.issuer},
          {"subject", f.subject},
          {"audiences", f.audiences},
          {"createdTime", FormatIso8601(f.created_at)}};
}

int RunCertificateAdd(const std::string& data_dir, const CredentialArguments& a,
                      OutputFormat output) {
  SystemClock clock;
  auto target = OpenTarget(data_dir, a, clock);
  if (!target.ok()) return PrintError(target.error());
  auto pem = CertificatePem(a, target->principal);
  if (!pem.ok()) return PrintError(pem.error());
  auto certificate = identity::ClientCertificate::FromPem(*pem);
  if (!certificate.ok()) return PrintError(certificate.error());
  auto assigned = AssignAppIdIfMissing(*target);
  if (!assigned.ok()) return PrintError(assigned.error());
  CertificateCredential credential{.principal = target->key(),
                                   .key_id = identity::NewGuid(),
                                   .thumbprint_sha1 = certificate->Sha1Thumbprint(),
                                   .thumbprint_sha256 = certificate->Sha256Thumbprint(),
                                   .subject = certificate->Subject(),
                                   .not_before = certificate->NotBefore(),
                                   .not_after = certificate->NotAfter(),
                                   .certificate_pem = certificate->Pem(),
                                   .created_at = clock.Now()};
  if (auto added = target->store->credentials().AddCertificate(credential); !added.ok()) {
    return PrintError(added.error());
  }
  nlohmann::json out = CertificateJson(credential, target->principal);
  if (*assigned) out["appIdAssigned"] = true;
  if (a.generate) {
    out["certificateFile"] = a.certificate;
    std::fprintf(stderr, "The certificate and its private key are in %s (mode 0600).\n",
                 a.certificate.c_str());
  }
  return Print(out, output);
}

int RunCertificateList(const std::string& data_dir, const CredentialArguments& a,
                       OutputFormat output) {
  SystemClock clock;
  auto target = OpenTarget(data_dir, a, clock);
  if (!target.ok()) return PrintError(target.error());
  auto list = target->store->credentials().ListCertificates(target->key());
  if (!list.ok()) return PrintError(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : *list) out.push_back(CertificateJson(c, target->principal));
  return Print(out, output);
}

int RunCertificateRemove(const std::string& data_dir, const CredentialArguments& a) {
  SystemClock clock;
  auto key_id = Guid::Parse(a.key_id);
  if (!key_id) return PrintError(Error::InvalidArgument("InvalidArgument", "--key-id is a GUID."));
  auto target = OpenTarget(data_dir, a, clock);
  if (!target.ok()) return PrintError(target.error());
  auto removed = target->store->credentials().RemoveCertificate(target->key(), *key_id);
  return removed.ok() ? 0 : PrintError(removed.error());
}

int RunFederatedAdd(const std::string& data_dir, const CredentialArguments& a,
                    OutputFormat output) {
  SystemClock clock;
  auto target = OpenTarget(data_dir, a, clock);
  if (!target.ok()) return PrintError(target.error());
  FederatedCredential credential{.principal = target->key(),
                                 .name = a.name,
                                 .issuer = a.issuer,
                                 .subject = a.subject,
                                 .audiences = a.audiences,
                                 .created_at = clock.Now()};
  if (credential.audiences.empty()) credential.audiences.emplace_back(kTokenExchangeAudience);
  if (auto valid = ValidateFederatedCredential(credential); !valid.ok()) {
    return PrintError(valid.error());
  }
  auto assigned = AssignAppIdIfMissing(*target);
  if (!assigned.ok()) return PrintError(assigned.error());
  if (auto added = target->store->credentials().AddFederatedCredential(credential); !added.ok()) {
    return PrintError(added.error());
  }
  nlohmann::json out = FederatedJson(credential, target->principal);
  if (*assigned) out["appIdAssigned"] = true;
  return Print(out, output);
}

int RunFederatedList(const std::string& data_dir, const CredentialArguments& a,
                     OutputFormat output) {
  SystemClock clock;
  auto target = OpenTarget(data_dir, a, clock);
  if (!target.ok()) return PrintError(target.error());
  auto list = target->store->credentials().ListFederatedCredentials(target->key());
  if (!list.ok()) return PrintError(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : *list) out.push_back(FederatedJson(f, target->principal));
  return Print(out, output);
}

int RunFederatedRemove(const std::string& data_dir, const CredentialArguments& a) {
  SystemClock clock;
  auto target = OpenTarget(data_dir, a, clock);
  if (!target.ok()) return PrintError(target.error());
  auto removed = target->store->credentials().RemoveFederatedCredential(target->key(), a.name);
  return removed.ok() ? 0 : PrintError(removed.error());
}

int RunIssueFederatedToken(const std::string& data_dir, const CredentialArguments& a) {
  SystemClock clock;
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    return PrintError(Error::NotFound("DataDirectoryNotFound",
                                      fmt::format("'{}' is not a data directory.", data_dir)));
  }
  if (a.issuer.empty() || a.subject.empty()) {
    return PrintError(
        Error::InvalidArgument("InvalidArgument", "--issuer and --subject are needed."));
  }
  const store::DataDirectory directory{std::filesystem::absolute(data_dir).string()};
  auto key = identity::SigningKey::LoadOrCreate(directory.FederatedTestIssuerKeyPath());
  if (!key.ok()) return PrintError(key.error());
  const std::int64_t now = clock.Now() / kMicrosPerSecond;
  nlohmann::json claims = {{"iss", a.issuer},
                           {"sub", a.subject},
                           {"aud", a.audiences.size() == 1 ? nlohmann::json(a.audiences.front())
                                                           : nlohmann::json(a.audiences)},
                           {"iat", now},
                           {"nbf", now},
                           {"exp", now + a.lifetime_seconds},
                           {"jti", identity::NewGuid().ToString()}};
  if (a.audiences.empty()) claims["aud"] = kTokenExchangeAudience;
  auto token =
      identity::EncodeJws(*key, {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", key->KeyId()}}, claims);
  if (!token.ok()) return PrintError(token.error());
  std::printf("%s\n", token->c_str());
  return 0;
}

void AddPrincipalOptions(CLI::App* command, CommandContext& context, CredentialArguments& a) {
  context.AddDataDirectoryOptions(command);
  command->add_option("--tenant-id", a.tenant_id, "Tenant id (GUID)")->required();
  command->add_option("--object-id", a.object_id, "The service principal's object id (GUID)")
      ->required();
}

void AddCertificateCommands(CLI::App& principal, CommandContext& context, CredentialArguments& a) {
  auto* credential = principal.add_subcommand(
      "credential", "Certificates a service principal signs in with (client assertions)");
  credential->require_subcommand(1);
  auto* add = credential->add_subcommand(
      "add", "Register a certificate (PEM); gives a service principal without one an app id");
  AddPrincipalOptions(add, context, a);
  add->add_option("--certificate", a.certificate,
                  "PEM file with the certificate (a private key beside it is ignored); with "
                  "--generate, the new file to write the key and certificate to")
      ->required();
  add->add_flag("--generate", a.generate,
                "Make a new RSA key and self-signed certificate, write both to --certificate "
                "(mode 0600) and register the certificate, as az's --create-cert does");
  add->add_option("--days", a.days, "Validity of a generated certificate (default 365)")
      ->check(CLI::Range(1, 3650));
  context.OnChosen(add, [&] { return RunCertificateAdd(context.data_dir, a, context.Format()); });
  auto* list = credential->add_subcommand("list", "List a service principal's certificates");
  AddPrincipalOptions(list, context, a);
  context.OnChosen(list, [&] { return RunCertificateList(context.data_dir, a, context.Format()); });
  auto* remove = credential->add_subcommand("remove", "Remove a certificate by its key id");
  AddPrincipalOptions(remove, context, a);
  remove->add_option("--key-id", a.key_id, "The certificate's keyId (GUID)")->required();
  context.OnChosen(remove, [&] { return RunCertificateRemove(context.data_dir, a); });
}

void AddFederatedCommands(CLI::App& principal, CommandContext& context, CredentialArguments& a) {
  auto* federated = principal.add_subcommand(
      "federated-credential",
      "Federated identity credentials: tokens of an external issuer (a CI system, Kubernetes) "
      "for one subject sign in as the service principal");
  federated->require_subcommand(1);
  auto* add = federated->add_subcommand(
      "add", fmt::format("Trust an issuer's tokens for one subject (at most {} per application)",
                         kMaxFederatedCredentials));
  AddPrincipalOptions(add, context, a);
  add->add_option("--name", a.name, "A name unique for the application")->required();
  add->add_option("--issuer", a.issuer, "The issuer URL, exactly as its tokens' iss")->required();
  add->add_option("--subject", a.subject, "The subject, exactly (case-sensitive) as tokens' sub")
      ->required();
  add->add_option("--audience", a.audiences,
                  "An audience the tokens carry (default api://AzureADTokenExchange)");
  context.OnChosen(add, [&] { return RunFederatedAdd(context.data_dir, a, context.Format()); });
  auto* list =
      federated->add_subcommand("list", "List a service principal's federated credentials");
  AddPrincipalOptions(list, context, a);
  context.OnChosen(list, [&] { return RunFederatedList(context.data_dir, a, context.Format()); });
  auto* remove = federated->add_subcommand("remove", "Remove a federated credential by name");
  AddPrincipalOptions(remove, context, a);
  remove->add_option("--name", a.name, "Its name")->required();
  context.OnChosen(remove, [&] { return RunFederatedRemove(context.data_dir, a); });
}

}  // namespace

void RegisterPrincipalCredentialCommands(CLI::App& principal, CommandContext& context) {
  auto& arguments = context.Hold<CredentialArguments>();
  AddCertificateCommands(principal, context, arguments);
  AddFederatedCommands(principal, context, arguments);
}

void RegisterIssueFederatedTokenCommand(CLI::App& admin, CommandContext& context) {
  auto& a = context.Hold<CredentialArguments>();
  auto* issue = admin.add_subcommand(
      "issue-federated-token",
      "Print a token of the built-in test issuer (its key: DATA/federated-test-issuer-key.pem, "
      "made on first use and trusted by pal serve) for a federated credential, offline");
  context.AddDataDirectoryOptions(issue);
  issue->add_option("--issuer", a.issuer, "The token's iss (any https URL)")->required();
  issue->add_option("--subject", a.subject, "The token's sub")->required();
  issue->add_option("--audience", a.audiences,
                    "The token's aud (default api://AzureADTokenExchange)");
  issue->add_option("--lifetime", a.lifetime_seconds, "Seconds the token is valid (default 600)")
      ->check(CLI::Range(-86400, 86400));
  context.OnChosen(issue, [&] { return RunIssueFederatedToken(context.data_dir, a); });
}

}  // namespace pal::cli
