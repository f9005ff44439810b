#include "cli/audit_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "api/url_encoding.h"
#include "cli/arm_client.h"
#include "cli/cli_profile.h"
#include "cli/http_client.h"
#include "core/clock.h"
#include "core/onboarding_audit.h"
#include "core/partner.h"
#include "core/role_definition.h"
#include "core/text.h"
#include "identity/base64url.h"

namespace pal::cli {
namespace {

constexpr std::string_view kArmScope = "https://management.azure.com/.default";
constexpr int kExpiredSecretCode = 7000222;

struct AccountEntry {
  AuditedAccount account;
  std::string secret;
  std::vector<Guid> listed_subscriptions;
};

Result<std::vector<AccountEntry>> ReadAccounts(const std::string& file) {
  if (file.empty()) return Error::InvalidArgument("InvalidArgument", "--accounts is required.");
  std::ifstream in(file);
  if (!in) {
    return Error::InvalidArgument("InvalidArgument",
                                  fmt::format("Cannot read the accounts file '{}'.", file));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_object()) json = nlohmann::json::array({json});
  if (!json.is_array()) {
    return Error::InvalidArgument("InvalidAccountsFile",
                                  fmt::format("{}: expected a JSON array of accounts.", file));
  }
  std::vector<AccountEntry> entries;
  for (size_t i = 0; i < json.size(); ++i) {
    const auto& item = json[i];
    auto fail = [&](std::string_view problem) {
      return Error::InvalidArgument("InvalidAccountsFile",
                                    fmt::format("{}: account {}: {}", file, i + 1, problem));
    };
    if (!item.is_object()) return fail("not a JSON object");
    AccountEntry e;
    auto tenant = Guid::Parse(item.value("tenantId", ""));
    if (!tenant) return fail("'tenantId' must be a GUID");
    e.account.tenant_id = *tenant;
    e.account.app_id = item.value("appId", "");
    if (!Guid::Parse(e.account.app_id)) return fail("'appId' must be a GUID");
    e.secret = item.value("secret", "");
    if (e.secret.empty()) return fail("'secret' is missing");
    if (item.contains("secretExpiresOn") && item["secretExpiresOn"].is_string()) {
      auto expires = ParseIso8601(item["secretExpiresOn"].get<std::string>());
      if (!expires) return fail("'secretExpiresOn' is not an ISO-8601 time");
      e.account.secret_expires_at = *expires;
    }
    if (item.contains("productionSubscriptions")) {
      if (!item["productionSubscriptions"].is_array()) {
        return fail("'productionSubscriptions' must be an array of subscription ids");
      }
      for (const auto& s : item["productionSubscriptions"]) {
        auto id = s.is_string() ? Guid::Parse(s.get<std::string>()) : std::nullopt;
        if (!id) return fail("'productionSubscriptions' must hold subscription ids (GUIDs)");
        e.listed_subscriptions.push_back(*id);
      }
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

// The `oid` claim of an access token (pal verifies tokens server-side; here it is only read).
std::optional<Guid> ObjectIdOf(const std::string& token) {
  const size_t first = token.find('.');
  const size_t second = token.find('.', first + 1);
  if (first == std::string::npos || second == std::string::npos) return std::nullopt;
  auto payload =
      identity::Base64UrlDecode(std::string_view(token).substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  auto claims = nlohmann::json::parse(*payload, nullptr, false);
  if (!claims.is_object()) return std::nullopt;
  return Guid::Parse(claims.value("oid", ""));
}

// Signs in; on failure records why in the account and returns nullopt.
Result<std::optional<std::string>> SignIn(const std::string& server, const std::string& ca_file,
                                          AccountEntry& entry) {
  const std::string form =
      fmt::format("grant_type=client_credentials&client_id={}&client_secret={}&scope={}",
                  api::PercentEncode(entry.account.app_id), api::PercentEncode(entry.secret),
                  api::PercentEncode(kArmScope));
  PAL_ASSIGN_OR_RETURN(
      auto response,
      SendHttpRequest(
          "POST",
          fmt::format("{}/{}/oauth2/v2.0/token", server, entry.account.tenant_id.ToString()),
          {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"}, form,
          HttpClientOptions{ca_file}));
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status == 200 && body.is_object() && body.contains("access_token")) {
    return std::optional<std::string>(body["access_token"].get<std::string>());
  }
  std::string description = body.is_object() ? body.value("error_description", "") : "";
  description = description.substr(0, description.find("\r\n"));
  description = description.substr(0, description.find(" Trace ID:"));
  entry.account.sign_in_error = fmt::format(
      "({}) {}", body.is_object() ? body.value("error", "error") : "error", description);
  if (body.is_object() && body["error_codes"].is_array()) {
    for (const auto& code : body["error_codes"]) {
      entry.account.secret_expired = entry.account.secret_expired || code == kExpiredSecretCode;
    }
  }
  return std::optional<std::string>();
}

Result<void> Gather(const ArmClient& client, AccountEntry& entry) {
  AuditedAccount& account = entry.account;
  auto link = client.Get("/providers/Microsoft.ManagementPartner/partners/?api-version=2018-02-01");
  if (link.ok()) {
    const auto& properties = (*link)["properties"];
    if (properties.is_object() && properties.value("state", "Active") == "Active") {
      account.linked_partner_id = properties.value("partnerId", "");
    }
  } else if (link.error().code != "PartnerNotFound" && link.error().code != "NotFound") {
    return link.error();
  }

  auto visible = client.ListAll("/subscriptions?api-version=2022-12-01");
  if (!visible.ok()) return visible.error();
  std::set<Guid> seen;
  for (const auto& s : *visible) {
    auto id = Guid::Parse(s.value("subscriptionId", ""));
    if (!id) continue;
    AuditedSubscription sub;
    sub.subscription_id = *id;
    sub.tenant_id = Guid::Parse(s.value("tenantId", "")).value_or(account.tenant_id);
    sub.display_name = s.value("displayName", "");
    sub.state = s.value("state", "");
    sub.visible = true;
    seen.insert(*id);
    account.subscriptions.push_back(std::move(sub));
  }
  for (const auto& id : entry.listed_subscriptions) {
    if (seen.count(id)) continue;
    AuditedSubscription sub;
    sub.subscription_id = id;
    sub.tenant_id = account.tenant_id;
    account.subscriptions.push_back(std::move(sub));
  }
  for (auto& sub : account.subscriptions) {
    sub.listed = std::find(entry.listed_subscriptions.begin(), entry.listed_subscriptions.end(),
                           sub.subscription_id) != entry.listed_subscriptions.end();
    if (!sub.visible || !account.object_id) continue;
    if (sub.tenant_id != account.tenant_id) {
      // A customer's subscription reached through Azure Lighthouse: the roles are the
      // authorizations naming this account in the registrations assigned there.
      auto registrations = client.ListAll(fmt::format(
          "/subscriptions/{}/providers/Microsoft.ManagedServices/registrationAssignments?"
          "api-version=2022-10-01&$expandRegistrationDefinition=true",
          sub.subscription_id.ToString()));
      if (!registrations.ok()) continue;
      for (const auto& r : *registrations) {
        const std::string id = r.value("id", "");
        const std::string scope =
            id.substr(0, ToLowerAscii(id).find("/providers/microsoft.managedservices/"));
        const auto& definition = r["properties"]["registrationDefinition"]["properties"];
        if (!definition.is_object() ||
            definition.value("managedByTenantId", "") != account.tenant_id.ToString())
          continue;
        for (const auto& a : definition.value("authorizations", nlohmann::json::array())) {
          auto principal = Guid::Parse(a.value("principalId", ""));
          auto role = Guid::Parse(a.value("roleDefinitionId", ""));
          if (!principal || !role || *principal != *account.object_id) continue;
          const RoleDefinition* known = FindBuiltInRoleById(*role);
          sub.roles.push_back(
              {*role, fmt::format("{} (Lighthouse)", known ? known->role_name : role->ToString()),
               scope});
        }
      }
      continue;
    }
    auto roles = client.ListAll(fmt::format(
        "/subscriptions/{}/providers/Microsoft.Authorization/roleAssignments?api-version="
        "2022-04-01&$filter={}",
        sub.subscription_id.ToString(),
        api::PercentEncode(fmt::format("assignedTo('{}')", account.object_id->ToString()))));
    if (!roles.ok()) continue;  // it may see the subscription without reading assignments
    for (const auto& r : *roles) {
      const auto& p = r["properties"];
      const std::string role_id = p.value("roleDefinitionId", "");
      auto guid = Guid::ParseLastSegment(role_id);
      if (!guid) continue;
      const RoleDefinition* known = FindBuiltInRoleById(*guid);
      sub.roles.push_back(
          {*guid, known ? known->role_name : guid->ToString(), p.value("scope", "")});
    }
  }
  return {};
}

std::string OptionalTime(const std::optional<Timestamp>& t) { return t ? FormatIso8601(*t) : ""; }

nlohmann::json AuditJson(const OnboardingAudit& audit) {
  nlohmann::json tenants = nlohmann::json::array();
  for (const auto& t : audit.tenants) {
    nlohmann::json subscriptions = nlohmann::json::array();
    for (const auto& s : t.subscriptions) {
      nlohmann::json accounts = nlohmann::json::array();
      for (const auto& a : s.accounts) {
        nlohmann::json roles = nlohmann::json::array();
        for (const auto& r : a.roles) {
          roles.push_back({{"roleDefinitionName", r.role_name},
                           {"roleDefinitionId", r.role_definition_id.ToString()},
                           {"scope", r.scope}});
        }
        accounts.push_back(
            {{"appId", a.app_id},
             {"objectId", a.object_id ? nlohmann::json(a.object_id->ToString()) : nlohmann::json()},
             {"roles", roles},
             {"linkedPartnerId",
              a.linked_partner_id ? nlohmann::json(*a.linked_partner_id) : nlohmann::json()},
             {"linked", a.linked_partner_id == audit.partner_id},
             {"secretExpiresOn", a.secret_expires_at
                                     ? nlohmann::json(OptionalTime(a.secret_expires_at))
                                     : nlohmann::json()},
             {"complete", a.complete},
             {"missing", a.missing}});
      }
      subscriptions.push_back(
          {{"subscriptionId",
            s.subscription_id ? nlohmann::json(s.subscription_id->ToString()) : nlohmann::json()},
           {"displayName", s.display_name},
           {"state", s.state},
           {"complete", s.complete},
           {"accounts", accounts}});
    }
    tenants.push_back({{"tenantId", t.tenant_id.ToString()},
                       {"complete", t.complete},
                       {"subscriptions", subscriptions}});
  }
  return {{"partnerId", audit.partner_id},
          {"generatedAt", FormatIso8601(audit.generated_at)},
          {"complete", audit.complete},
          {"tenants", tenants}};
}

// One row per (tenant, subscription, account) for -o table / tsv.
nlohmann::json AuditRows(const OnboardingAudit& audit) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& t : audit.tenants) {
    for (const auto& s : t.subscriptions) {
      for (const auto& a : s.accounts) {
        std::string roles;
        for (const auto& r : a.roles) {
          roles += fmt::format("{}{} at {}", roles.empty() ? "" : "; ", r.role_name, r.scope);
        }
        std::string missing;
        for (const auto& m : a.missing)
          missing += fmt::format("{}{}", missing.empty() ? "" : "; ", m);
        nlohmann::json row = nlohmann::json::object();
        row["tenant"] = t.tenant_id.ToString();
        row["subscription"] =
            s.subscription_id
                ? fmt::format("{} ({})", s.display_name.empty() ? "?" : s.display_name,
                              s.subscription_id->ToString())
                : std::string("(none visible)");
        row["account"] = a.app_id;
        row["roles"] = roles.empty() ? "-" : roles;
        row["linked"] = a.linked_partner_id ? *a.linked_partner_id : std::string("no");
        row["status"] = s.complete ? "complete" : "INCOMPLETE";
        row["missing"] = missing.empty() ? "-" : missing;
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

}  // namespace

int RunAudit(const AuditOptions& options) {
  if (auto syntax = ValidatePartnerIdSyntax(options.partner_id); !syntax.ok()) {
    return PrintCliError(syntax.error());
  }
  auto accounts = ReadAccounts(options.accounts_file);
  if (!accounts.ok()) return PrintCliError(accounts.error());
  std::string server = options.server;
  std::string ca_file = options.ca_file;
  if (server.empty()) {
    auto profile = LoadCliProfile();
    server = profile.ok() ? profile->server : "https://localhost:8443";
    if (ca_file.empty() && profile.ok()) ca_file = profile->ca_file;
  }
  server = std::string(TrimTrailingSlashes(server));
  ca_file = ResolveCaFile(ca_file, server);

  std::vector<AuditedAccount> audited;
  for (auto& entry : *accounts) {
    auto token = SignIn(server, ca_file, entry);
    if (!token.ok()) return PrintCliError(token.error());
    if (*token) {
      entry.account.object_id = ObjectIdOf(**token);
      const ArmClient client = ArmClient::WithToken(server, ca_file, **token);
      if (auto gathered = Gather(client, entry); !gathered.ok()) {
        return PrintCliError(gathered.error());
      }
    }
    audited.push_back(std::move(entry.account));
  }
  SystemClock clock;
  const OnboardingAudit audit = RunOnboardingAudit(options.partner_id, audited, clock.Now());
  const nlohmann::json out =
      options.output == OutputFormat::kJson ? AuditJson(audit) : AuditRows(audit);
  std::fputs(FormatOutput(out, options.output).c_str(), stdout);
  return 0;
}

void RegisterAuditCommand(CLI::App& app, CommandContext& context) {
  auto& audit = context.Hold<AuditOptions>();
  auto* audit_cmd = app.add_subcommand(
      "audit",
      "Check each customer subscription your service accounts reach: roles, PAL links, "
      "expiring credentials");
  audit_cmd->add_option("--partner-id", audit.partner_id, "Your partner (MPN) ID")->required();
  audit_cmd
      ->add_option("--accounts", audit.accounts_file,
                   "JSON array of service accounts: tenantId, appId, secret, "
                   "secretExpiresOn?, productionSubscriptions?")
      ->required();
  audit_cmd->add_option("--server", audit.server, "Server URL (default: the pal login server)");
  audit_cmd->add_option("--ca-cert", audit.ca_file, "PEM certificate to trust for the server");
  context.AddOutputOption(audit_cmd);
  context.OnChosen(audit_cmd, [&audit, &context] {
    audit.output = context.Format();
    return RunAudit(audit);
  });
}

}  // namespace pal::cli
