// pal: one binary for the service (`pal serve`), its clients and the offline tools.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <tuple>

#include "cli/account_commands.h"
#include "cli/admin_commands.h"
#include "cli/arm_client.h"
#include "cli/attribute_command.h"
#include "cli/audit_command.h"
#include "cli/backup_commands.h"
#include "cli/dataset_commands.h"
#include "cli/explain_command.h"
#include "cli/managed_services_commands.h"
#include "cli/management_group_commands.h"
#include "cli/partner_of_record_commands.h"
#include "cli/power_platform_commands.h"
#include "cli/report_command.h"
#include "cli/role_commands.h"
#include "server/serve_command.h"
#include "store/data_directory_store.h"

namespace {

using pal::cli::OutputFormat;

// Adds "-o/--output json|table|tsv" bound to `format_text`.
void AddOutputOption(CLI::App* command, std::string& format_text) {
  command->add_option("-o,--output", format_text, "Output format: json, table or tsv")
      ->check(CLI::IsMember({"json", "table", "tsv"}));
}

OutputFormat Format(const std::string& text) {
  return pal::cli::ParseOutputFormat(text).value_or(OutputFormat::kJson);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pal — an open implementation of Partner Admin Link (Microsoft.ManagementPartner)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pal 0.1.0");
  std::function<int()> action;
  std::string output = "json";

  // --- serve
  pal::server::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the HTTPS service");
  serve_cmd->add_option("--data", serve.data_dir, "Data directory (default ./.pal)");
  serve_cmd->add_flag("--in-memory", serve.in_memory, "Keep the store in memory only");
  serve_cmd->add_option(
      "--store", serve.store_url,
      "Keep the store in this PostgreSQL database (postgresql://user@host:port/db) "
      "instead of DATA/pal.db; recorded in DATA/store-url");
  serve_cmd->add_option("--address", serve.address, "Listen address (default 127.0.0.1)");
  serve_cmd->add_option("--port", serve.port, "Listen port (default 8443; 0 = any free port)");
  serve_cmd->add_flag("--http", serve.plain_http, "Serve plain HTTP (loopback only)");
  serve_cmd->add_option("--cert", serve.cert_file, "TLS certificate chain (PEM)");
  serve_cmd->add_option("--key", serve.key_file, "TLS private key (PEM)");
  serve_cmd->add_option("--public-url", serve.public_url,
                        "Extra base URL clients use to reach this server");
  serve_cmd->add_option("--threads", serve.threads, "Network threads (default: one per core)");
  serve_cmd->add_flag("--demo", serve.demo, "Add the demo data set and print its sign-ins");
  serve_cmd->add_option("--portal", serve.portal_dir,
                        "The built portal (default: web/dist of the source tree)");
  serve_cmd->add_option("--usage", serve.usage,
                        "Usage files the insights API attributes (cost export or FOCUS)");
  serve_cmd
      ->add_option("--token-lifetime", serve.token_lifetime_seconds,
                   "Access token lifetime in seconds (default 3599)")
      ->check(CLI::Range(60, 86400));
  serve_cmd
      ->add_option("--rate-limit", serve.rate_limit,
                   "Requests per second per principal (default 1000; 0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--rate-burst", serve.rate_burst,
                   "Requests a principal may make at once (default: twice --rate-limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--sign-in-lockout-threshold", serve.sign_in_lockout_threshold,
                   "Failed sign-ins of one user or application that lock it (default 10; "
                   "0 = never)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd
      ->add_option("--sign-in-window", serve.sign_in_window_seconds,
                   "Seconds within which failed sign-ins count toward a lockout (default 600)")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--sign-in-lockout", serve.sign_in_lockout_seconds,
                   "Seconds of the first lockout; each one in a row doubles, up to 16 times "
                   "(default 60)")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--sign-in-address-limit", serve.sign_in_address_limit,
                   "Failed sign-ins from one client address in a minute before it must wait "
                   "(default 30; 0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd->add_option("--hash-threads", serve.hash_threads,
                        "Threads that check secrets (default: half the cores, at least 1)");
  serve_cmd
      ->add_option("--hash-queue", serve.hash_queue,
                   "Secret checks that may wait for a thread; more get 503 (default 128)")
      ->check(CLI::Range(1, 100000));
  serve_cmd
      ->add_option("--idle-timeout", serve.idle_timeout_seconds,
                   "Seconds a keep-alive connection may wait for its next request (default 60)")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--header-timeout", serve.header_timeout_seconds,
                   "Seconds from a request's first byte to the end of its headers (default 10)")
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--max-connections", serve.max_connections,
                        "Open connections at most; more are refused (default 10000; 0 = no cap)");
  serve_cmd
      ->add_option("--log-format", serve.log_format,
                   "One line per request on stderr: json (default), text or none")
      ->check(CLI::IsMember({"json", "text", "none"}));
  serve_cmd->callback([&] { action = [&] { return pal::server::RunServe(serve); }; });

  // --- login / logout / account
  pal::cli::LoginOptions login;
  auto* login_cmd = app.add_subcommand("login", "Sign in to a pal server and cache the token");
  login_cmd->add_option("--server", login.server, "Server URL (default https://localhost:8443)");
  login_cmd->add_option("-t,--tenant", login.tenant, "Tenant id")->required();
  login_cmd->add_flag("--service-principal", login.service_principal,
                      "Sign in as a service principal (-u app id, -p secret)");
  login_cmd->add_option("-u,--username", login.username, "User name, or the application id");
  login_cmd->add_option("-p,--password", login.password, "Password, or the client secret");
  login_cmd->add_option("--ca-cert", login.ca_file, "PEM certificate to trust for the server");
  AddOutputOption(login_cmd, output);
  login_cmd->callback([&] {
    login.output = Format(output);
    action = [&] { return pal::cli::RunLogin(login); };
  });
  app.add_subcommand("logout", "Forget the cached token")->callback([&] {
    action = [] { return pal::cli::RunLogout(); };
  });
  auto* account_cmd = app.add_subcommand("account", "The signed-in account");
  account_cmd->require_subcommand(1);
  auto* account_show = account_cmd->add_subcommand("show", "Show the signed-in account");
  AddOutputOption(account_show, output);
  account_show->callback(
      [&] { action = [&] { return pal::cli::RunAccountShow(Format(output)); }; });
  auto* account_list = account_cmd->add_subcommand("list", "The subscriptions the account can see");
  AddOutputOption(account_list, output);
  account_list->callback(
      [&] { action = [&] { return pal::cli::RunAccountList(Format(output)); }; });

  // --- group (management groups, like az account management-group)
  pal::cli::GroupOptions group;
  auto* group_cmd = app.add_subcommand("group", "Management groups");
  group_cmd->require_subcommand(1);
  struct GroupVerbSpec {
    const char* name;
    const char* help;
    pal::cli::GroupVerb verb;
  };
  for (const GroupVerbSpec& v :
       {GroupVerbSpec{"create", "Create a management group", pal::cli::GroupVerb::kCreate},
        GroupVerbSpec{"update", "Rename or move a management group", pal::cli::GroupVerb::kUpdate},
        GroupVerbSpec{"show", "Show a management group", pal::cli::GroupVerb::kShow},
        GroupVerbSpec{"list", "List the management groups you can read",
                      pal::cli::GroupVerb::kList},
        GroupVerbSpec{"delete", "Delete an empty management group",
                      pal::cli::GroupVerb::kDelete}}) {
    auto* cmd = group_cmd->add_subcommand(v.name, v.help);
    if (v.verb != pal::cli::GroupVerb::kList) {
      cmd->add_option("-n,--name", group.name, "Management group id")->required();
    }
    if (v.verb == pal::cli::GroupVerb::kCreate || v.verb == pal::cli::GroupVerb::kUpdate) {
      cmd->add_option("-d,--display-name", group.display_name, "Display name");
      cmd->add_option("--parent", group.parent, "Parent management group id");
    }
    if (v.verb == pal::cli::GroupVerb::kShow) {
      cmd->add_flag("-e,--expand", group.expand, "Include the children");
      cmd->add_flag("-r,--recurse", group.recurse, "Include the whole subtree");
    }
    AddOutputOption(cmd, output);
    const auto verb = v.verb;
    cmd->callback([&, verb] {
      group.output = Format(output);
      action = [&, verb] { return pal::cli::RunGroup(verb, group); };
    });
  }
  auto* group_sub = group_cmd->add_subcommand("subscription", "Subscriptions under a group");
  group_sub->require_subcommand(1);
  for (const GroupVerbSpec& v :
       {GroupVerbSpec{"add", "Move a subscription under the group",
                      pal::cli::GroupVerb::kAddSubscription},
        GroupVerbSpec{"remove", "Move a subscription back to the tenant root group",
                      pal::cli::GroupVerb::kRemoveSubscription}}) {
    auto* cmd = group_sub->add_subcommand(v.name, v.help);
    cmd->add_option("-n,--name", group.name, "Management group id")->required();
    cmd->add_option("--subscription", group.subscription, "Subscription id")->required();
    AddOutputOption(cmd, output);
    const auto verb = v.verb;
    cmd->callback([&, verb] {
      group.output = Format(output);
      action = [&, verb] { return pal::cli::RunGroup(verb, group); };
    });
  }

  // --- managementpartner create|show|update|delete (like az)
  std::string partner_id;
  std::string if_match;
  auto* mp = app.add_subcommand("managementpartner", "Link your account to a partner ID (PAL)");
  mp->require_subcommand(1);
  struct Verb {
    const char* name;
    const char* help;
    pal::cli::ManagementPartnerVerb verb;
    bool id_required;
  };
  for (const Verb& v :
       {Verb{"create", "Link a partner ID", pal::cli::ManagementPartnerVerb::kCreate, true},
        Verb{"show", "Show the linked partner ID", pal::cli::ManagementPartnerVerb::kShow, false},
        Verb{"update", "Link another partner ID", pal::cli::ManagementPartnerVerb::kUpdate, true},
        Verb{"delete", "Remove the link", pal::cli::ManagementPartnerVerb::kDelete, true}}) {
    auto* cmd = mp->add_subcommand(v.name, v.help);
    auto* option = cmd->add_option("--partner-id", partner_id, "Partner (MPN) location ID");
    if (v.id_required) option->required();
    // Optimistic concurrency for the verbs that change an existing link.
    if (v.verb == pal::cli::ManagementPartnerVerb::kUpdate ||
        v.verb == pal::cli::ManagementPartnerVerb::kDelete) {
      cmd->add_option("--if-match", if_match,
                      "Only if the link's etag is still this one (from show), or * for any link");
    }
    AddOutputOption(cmd, output);
    const auto verb = v.verb;
    cmd->callback([&, verb] {
      action = [&, verb] {
        return pal::cli::RunManagementPartner(verb, partner_id, Format(output), if_match);
      };
    });
  }

  // --- role assignment create|list|delete, role definition list (like az role)
  pal::cli::RoleAssignmentOptions ra;
  std::string definition_name, definition_scope;
  auto* role_cmd = app.add_subcommand("role", "Role assignments and role definitions");
  role_cmd->require_subcommand(1);
  auto* ra_cmd = role_cmd->add_subcommand("assignment", "Role assignments");
  ra_cmd->require_subcommand(1);
  auto add_scope = [&](CLI::App* cmd) {
    cmd->add_option("--scope", ra.scope, "ARM scope, e.g. /subscriptions/{id}/resourceGroups/{rg}");
    cmd->add_option("--subscription", ra.subscription, "Shorthand for --scope /subscriptions/{id}");
    AddOutputOption(cmd, output);
  };
  auto* ra_create = ra_cmd->add_subcommand("create", "Grant a role to a principal at a scope");
  add_scope(ra_create);
  ra_create->add_option("--assignee", ra.assignee, "Object id of the user or service principal")
      ->required();
  ra_create->add_option("--role", ra.role, "Role name (e.g. Reader) or id")->required();
  ra_create->add_option("--description", ra.description, "Description of the assignment");
  ra_create
      ->add_option("--assignee-principal-type", ra.assignee_principal_type,
                   "User or ServicePrincipal")
      ->check(CLI::IsMember({"User", "ServicePrincipal"}));
  ra_create->callback([&] {
    ra.output = Format(output);
    action = [&] { return pal::cli::RunRoleAssignmentCreate(ra); };
  });
  auto* ra_list = ra_cmd->add_subcommand("list", "List role assignments at a scope");
  add_scope(ra_list);
  ra_list->add_option("--assignee", ra.assignee, "Only this principal's (object id)");
  ra_list->add_option("--role", ra.role, "Only this role (name or id)");
  ra_list->add_flag("--include-inherited", ra.include_inherited,
                    "Also those inherited from above the scope");
  ra_list->add_flag("--all", ra.all, "Also those above and below the scope");
  ra_list->callback([&] {
    ra.output = Format(output);
    action = [&] { return pal::cli::RunRoleAssignmentList(ra); };
  });
  auto* ra_delete = ra_cmd->add_subcommand("delete", "Remove role assignments");
  add_scope(ra_delete);
  ra_delete->add_option("--ids", ra.ids, "Full role assignment ids");
  ra_delete->add_option("--assignee", ra.assignee, "The principal's (object id) at --scope");
  ra_delete->add_option("--role", ra.role, "That role's (name or id) at --scope");
  ra_delete->callback([&] {
    ra.output = Format(output);
    action = [&] { return pal::cli::RunRoleAssignmentDelete(ra); };
  });
  auto* rd_cmd = role_cmd->add_subcommand("definition", "Role definitions");
  rd_cmd->require_subcommand(1);
  auto* rd_list = rd_cmd->add_subcommand("list", "List role definitions");
  rd_list->add_option("--name", definition_name, "Only the role with this name");
  rd_list->add_option("--scope", definition_scope, "Scope to list at (default /)");
  AddOutputOption(rd_list, output);
  rd_list->callback([&] {
    action = [&] {
      return pal::cli::RunRoleDefinitionList(definition_name, definition_scope, Format(output));
    };
  });

  // --- managedservices definition|assignment (Azure Lighthouse, like az managedservices)
  pal::cli::ManagedServicesOptions lighthouse;
  auto* ms_cmd = app.add_subcommand("managedservices", "Azure Lighthouse delegations");
  ms_cmd->require_subcommand(1);
  for (const bool is_definition : {true, false}) {
    auto* kind =
        ms_cmd->add_subcommand(is_definition ? "definition" : "assignment",
                               is_definition ? "Registration definitions (the offer)"
                                             : "Registration assignments (the delegation)");
    kind->require_subcommand(1);
    for (const auto& [verb_name, verb] :
         {std::pair{"create", pal::cli::ManagedServicesVerb::kCreate},
          std::pair{"list", pal::cli::ManagedServicesVerb::kList},
          std::pair{"show", pal::cli::ManagedServicesVerb::kShow},
          std::pair{"delete", pal::cli::ManagedServicesVerb::kDelete}}) {
      auto* cmd =
          kind->add_subcommand(verb_name, std::string(verb_name) + " " + kind->get_name() + "s");
      cmd->add_option("--subscription", lighthouse.subscription, "The customer's subscription id")
          ->required();
      cmd->add_option("-g,--resource-group", lighthouse.resource_group, "A resource group of it");
      if (verb != pal::cli::ManagedServicesVerb::kList) {
        auto* id = cmd->add_option("--id", lighthouse.id, "Id (GUID; create picks one if absent)");
        if (verb != pal::cli::ManagedServicesVerb::kCreate) id->required();
      }
      if (verb == pal::cli::ManagedServicesVerb::kCreate && is_definition) {
        cmd->add_option("--name", lighthouse.name, "Display name of the offer")->required();
        cmd->add_option("--description", lighthouse.description, "Description");
        cmd->add_option("--tenant-id", lighthouse.managed_by_tenant, "The managing tenant")
            ->required();
        cmd->add_option("--principal-id", lighthouse.principal_id,
                        "Principal of the managing tenant")
            ->required();
        cmd->add_option("--principal-id-display-name", lighthouse.principal_name,
                        "Its display name");
        cmd->add_option("--role-definition-id,--role", lighthouse.role,
                        "Built-in role (id or name)")
            ->required();
        cmd->add_option(
            "--delegated-role-definition-ids,--delegated-role", lighthouse.delegated_roles,
            "With User Access Administrator: a role it may assign to the customer's managed "
            "identities (id or name; repeat for several)");
      }
      if (verb == pal::cli::ManagedServicesVerb::kCreate && !is_definition) {
        cmd->add_option("--definition", lighthouse.definition,
                        "Registration definition (id or full id)")
            ->required();
      }
      AddOutputOption(cmd, output);
      cmd->callback([&, verb, is_definition] {
        lighthouse.output = Format(output);
        action = [&, verb, is_definition] {
          return is_definition ? pal::cli::RunManagedServicesDefinition(verb, lighthouse)
                               : pal::cli::RunManagedServicesAssignment(verb, lighthouse);
        };
      });
    }
  }

  // --- dpor show|validate|set|delete (the Digital Partner of Record of a subscription)
  std::string dpor_subscription, dpor_partner;
  auto* dpor_cmd = app.add_subcommand("dpor", "Digital Partner of Record of an EA subscription");
  dpor_cmd->require_subcommand(1);
  for (const auto& [verb_name, verb, help] :
       {std::tuple{"show", pal::cli::DporVerb::kShow, "Show the partner of record"},
        std::tuple{"validate", pal::cli::DporVerb::kValidate,
                   "Check a partner id and show its name"},
        std::tuple{"set", pal::cli::DporVerb::kSet, "Make a partner the partner of record"},
        std::tuple{"delete", pal::cli::DporVerb::kDelete, "Remove the partner of record"}}) {
    auto* cmd = dpor_cmd->add_subcommand(verb_name, help);
    cmd->add_option("--subscription", dpor_subscription, "Subscription id")->required();
    if (verb == pal::cli::DporVerb::kSet || verb == pal::cli::DporVerb::kValidate) {
      cmd->add_option("--partner-id", dpor_partner, "Partner (location) id")->required();
    }
    AddOutputOption(cmd, output);
    const auto chosen = verb;
    cmd->callback([&, chosen] {
      action = [&, chosen] {
        return pal::cli::RunDpor(chosen, dpor_subscription, dpor_partner, Format(output));
      };
    });
  }
  auto* dpor_customers =
      dpor_cmd->add_subcommand("customers",
                               "As a partner's Admin or report viewer: the subscriptions where "
                               "your organisation is the DPOR");
  AddOutputOption(dpor_customers, output);
  std::string customers_partner_id;
  dpor_customers->add_option(
      "--partner-id", customers_partner_id,
      "Only this id of your organisation (needed when you hold roles in several)");
  dpor_customers->callback([&] {
    action = [&] {
      return pal::cli::RunDpor(pal::cli::DporVerb::kCustomers, "", customers_partner_id,
                               Format(output));
    };
  });

  // --- attribute: Azure consumed revenue per partner (PAL and DPOR) for one month
  pal::cli::AttributeOptions attribute;
  auto* attribute_cmd = app.add_subcommand(
      "attribute", "Attribute a month's Azure usage to partners through PAL links and DPOR");
  attribute_cmd->add_option("--dataset", attribute.dataset_dir,
                            "Data set folder (state tables; DIR/usage.csv)");
  attribute_cmd->add_option("--data", attribute.data_dir,
                            "Read the state and history of this pal data directory instead");
  attribute_cmd->add_option("--month", attribute.month, "Month to attribute, YYYY-MM")->required();
  attribute_cmd->add_option("--usage", attribute.usage,
                            "Usage files (cost export or FOCUS; .gz accepted)");
  attribute_cmd->add_option("--out", attribute.out, "Write the rows to this file (default stdout)");
  attribute_cmd->add_option(
      "--power-platform-out", attribute.power_platform_out,
      "Write the Power Platform and Customer Insights rows (CSV) to this file");
  attribute_cmd->add_option("-o,--output", attribute.format, "Output format: csv, json or table")
      ->check(CLI::IsMember({"csv", "json", "table"}));
  attribute_cmd
      ->add_option("--threads", attribute.threads,
                   "Worker threads (default: one per core; each keeps its own slot sums)")
      ->check(CLI::Range(1, 256));
  attribute_cmd->add_option("--shard", attribute.shard,
                            "Attribute only the customer tenants of shard I of N (I/N)");
  attribute_cmd->add_flag("--strict", attribute.strict,
                          "Fail at the first usage row that cannot be attributed");
  attribute_cmd->add_flag("!--no-progress", attribute.progress, "No progress bar on a terminal");
  attribute_cmd->callback([&] { action = [&] { return pal::cli::RunAttribute(attribute); }; });

  // --- explain: why a partner is or is not credited for a customer's subscriptions
  pal::cli::ExplainOptions explain;
  auto* explain_cmd = app.add_subcommand(
      "explain",
      "Explain, per subscription of a tenant, why a partner is or is not credited in a month");
  explain_cmd->add_option("--dataset", explain.dataset_dir,
                          "Data set folder (state tables; DIR/usage.csv)");
  explain_cmd->add_option("--data", explain.data_dir,
                          "Read the state and history of this pal data directory instead");
  explain_cmd->add_option("--tenant", explain.tenant, "Customer tenant id")->required();
  explain_cmd->add_option("--partner", explain.partner, "Partner (MPN) ID")->required();
  explain_cmd->add_option("--month", explain.month, "Month, YYYY-MM")->required();
  explain_cmd->add_option("--subscription", explain.subscription, "Only this subscription");
  explain_cmd->add_option("--resource", explain.resource,
                          "Only this Power Platform or Customer Insights resource");
  explain_cmd->add_option("--usage", explain.usage,
                          "Usage files (cost export or FOCUS; .gz accepted)");
  explain_cmd->add_option("--threads", explain.threads, "Reading threads (default: one per core)")
      ->check(CLI::Range(1, 1024));
  explain_cmd->add_flag(
      "--partner-view", explain.partner_view,
      "Show only what the partner itself may see (the insights API's explain), as JSON");
  explain_cmd->add_option("-o,--output", explain.format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  explain_cmd->callback([&] { action = [&] { return pal::cli::RunExplain(explain); }; });

  // --- report: the partner insights as one self-contained HTML file
  pal::cli::ReportOptions report;
  auto* report_cmd = app.add_subcommand(
      "report",
      "Write the partner insights (revenue per month, customer and subscription) as an HTML file");
  report_cmd->add_flag(
      "--live", report.live,
      "Read the insights from the pal login server, as your Partner Center role in the partner's "
      "organisation shows them (Admin or Executive report viewer), instead of local data");
  report_cmd->add_option("--dataset", report.dataset_dir,
                         "Data set folder (state tables; DIR/usage.csv)");
  report_cmd->add_option("--data", report.data_dir,
                         "Read the state and history of this pal data directory instead");
  report_cmd->add_option("--month", report.month, "The report's month, YYYY-MM")->required();
  report_cmd
      ->add_option("--months", report.months,
                   "Months in the revenue chart, ending at --month (default 6)")
      ->check(CLI::Range(1, 60));
  report_cmd->add_option("--usage", report.usage,
                         "Usage files (cost export or FOCUS; .gz accepted)");
  report_cmd->add_option(
      "--partner", report.partner,
      "Only this partner (MPN) ID (--live: one of your organisation's, needed when you hold "
      "roles in several)");
  report_cmd->add_option("--html", report.html, "Write the HTML report to this file")->required();
  report_cmd->add_option("--threads", report.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  report_cmd->add_flag("!--no-progress", report.progress, "No progress bar on a terminal");
  report_cmd->callback([&] { action = [&] { return pal::cli::RunReport(report); }; });

  // --- audit: the partner's onboarding audit over the tenants its accounts reach
  pal::cli::AuditOptions audit;
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
  AddOutputOption(audit_cmd, output);
  audit_cmd->callback([&] {
    audit.output = Format(output);
    action = [&] { return pal::cli::RunAudit(audit); };
  });

  // --- powerplatform, powerapp, flow, solution, powerbi (Pal.PowerPlatform)
  pal::cli::AddPowerPlatformCommands(app, action);

  // --- admin (offline, on a data directory)
  std::string data_dir = ".pal";
  std::string tenant_id, object_id, name, kind, global_id;
  auto* admin = app.add_subcommand("admin", "Offline administration of a data directory");
  admin->require_subcommand(1);
  std::string store_url;
  auto add_data = [&](CLI::App* cmd) {
    cmd->add_option("--data", data_dir, "Data directory (default ./.pal)");
    cmd->add_option("--store", store_url,
                    "Bind the data directory to this PostgreSQL database (see pal serve --store)");
    AddOutputOption(cmd, output);
  };
  auto* tenant = admin->add_subcommand("tenant", "Tenants");
  tenant->require_subcommand(1);
  auto* tenant_create = tenant->add_subcommand("create", "Create a tenant");
  add_data(tenant_create);
  tenant_create->add_option("--tenant-id", tenant_id, "Tenant id (GUID)")->required();
  tenant_create->add_option("--name", name, "Display name")->required();
  tenant_create->callback([&] {
    action = [&] {
      return pal::cli::RunAdminTenantCreate(data_dir, tenant_id, name, Format(output));
    };
  });
  auto* tenant_list = tenant->add_subcommand("list", "List tenants");
  add_data(tenant_list);
  tenant_list->callback(
      [&] { action = [&] { return pal::cli::RunAdminTenantList(data_dir, Format(output)); }; });

  auto* principal = admin->add_subcommand("principal", "Users, guests and service principals");
  principal->require_subcommand(1);
  auto* principal_create =
      principal->add_subcommand("create", "Create a principal; prints its secret once");
  add_data(principal_create);
  principal_create->add_option("--tenant-id", tenant_id, "Tenant id (GUID)")->required();
  principal_create->add_option("--kind", kind, "User, Guest or ServicePrincipal")->required();
  principal_create->add_option("--name", name, "Display name (sign-in name for users)")->required();
  std::optional<int> secret_days;
  principal_create
      ->add_option("--secret-expires-in-days", secret_days,
                   "Secret lifetime (0 = never; default 180 for service principals, "
                   "never for users)")
      ->check(CLI::Range(0, 3650));
  principal_create->callback([&] {
    action = [&] {
      return pal::cli::RunAdminPrincipalCreate(data_dir, tenant_id, kind, name, secret_days,
                                               Format(output));
    };
  });
  auto* principal_list = principal->add_subcommand("list", "List a tenant's principals");
  add_data(principal_list);
  principal_list->add_option("--tenant-id", tenant_id, "Tenant id (GUID)")->required();
  principal_list->callback([&] {
    action = [&] { return pal::cli::RunAdminPrincipalList(data_dir, tenant_id, Format(output)); };
  });
  auto* principal_reset =
      principal->add_subcommand("reset-secret", "Give a principal a new secret");
  add_data(principal_reset);
  principal_reset->add_option("--tenant-id", tenant_id, "Tenant id (GUID)")->required();
  principal_reset->add_option("--object-id", object_id, "Object id (GUID)")->required();
  principal_reset
      ->add_option("--secret-expires-in-days", secret_days,
                   "Secret lifetime (0 = never; default as for create)")
      ->check(CLI::Range(0, 3650));
  principal_reset->callback([&] {
    action = [&] {
      return pal::cli::RunAdminPrincipalResetSecret(data_dir, tenant_id, object_id, secret_days,
                                                    Format(output));
    };
  });

  auto* partner = admin->add_subcommand("partner", "The partner registry");
  partner->require_subcommand(1);
  auto* partner_add = partner->add_subcommand("add", "Add a partner ID");
  add_data(partner_add);
  std::string partner_kind = "location";
  partner_add->add_option("--partner-id", partner_id, "Partner (MPN) ID")->required();
  partner_add->add_option("--name", name, "Organisation name")->required();
  partner_add->add_option("--kind", partner_kind, "location (default) or global");
  partner_add->add_option("--global-id", global_id, "The global account ID a location belongs to");
  partner_add->add_option(
      "--tenant-id", tenant_id,
      "Home tenant of the partner organisation (its people hold its roles there)");
  partner_add->callback([&] {
    action = [&] {
      return pal::cli::RunAdminPartnerAdd(data_dir, partner_id, name, partner_kind, global_id,
                                          tenant_id, Format(output));
    };
  });
  auto* partner_update =
      partner->add_subcommand("update", "Set the home tenant of a partner organisation");
  add_data(partner_update);
  partner_update->add_option("--partner-id", partner_id, "Partner (MPN) ID of the organisation")
      ->required();
  partner_update->add_option("--tenant-id", tenant_id, "Home tenant (GUID)")->required();
  partner_update->callback([&] {
    action = [&] {
      return pal::cli::RunAdminPartnerUpdate(data_dir, partner_id, tenant_id, Format(output));
    };
  });
  auto* partner_role =
      partner->add_subcommand("role",
                              "Partner Center roles (Admin, ReportViewer, ExecutiveReportViewer) "
                              "of an organisation's people");
  partner_role->require_subcommand(1);
  std::string partner_role_name;
  for (const auto verb : {pal::cli::PartnerRoleVerb::kAdd, pal::cli::PartnerRoleVerb::kRemove,
                          pal::cli::PartnerRoleVerb::kList}) {
    const bool list = verb == pal::cli::PartnerRoleVerb::kList;
    auto* cmd = partner_role->add_subcommand(verb == pal::cli::PartnerRoleVerb::kAdd ? "add"
                                             : list                                  ? "list"
                                                                                     : "remove",
                                             verb == pal::cli::PartnerRoleVerb::kAdd
                                                 ? "Give a principal of the home tenant a role"
                                             : list ? "List who holds the organisation's roles"
                                                    : "Take a role away");
    add_data(cmd);
    cmd->add_option("--partner-id", partner_id, "Partner (MPN) ID of the organisation")->required();
    if (!list) {
      cmd->add_option("--assignee", object_id,
                      "Object id of a user or service principal of the home tenant")
          ->required();
      cmd->add_option("--role", partner_role_name, "Admin, ReportViewer or ExecutiveReportViewer")
          ->required();
    }
    cmd->callback([&, verb] {
      action = [&, verb] {
        return pal::cli::RunAdminPartnerRole(verb, data_dir, partner_id, object_id,
                                             partner_role_name, Format(output));
      };
    });
  }
  for (const bool retire : {false, true}) {
    auto* cmd = partner->add_subcommand(
        retire ? "retire" : "show",
        retire ? "Retire a partner ID (history keeps when)" : "Show a partner ID");
    add_data(cmd);
    cmd->add_option("--partner-id", partner_id, "Partner (MPN) ID")->required();
    cmd->callback([&, retire] {
      action = [&, retire] {
        return retire ? pal::cli::RunAdminPartnerRetire(data_dir, partner_id, Format(output))
                      : pal::cli::RunAdminPartnerShow(data_dir, partner_id, Format(output));
      };
    });
  }
  auto* partner_list = partner->add_subcommand("list", "List the partner registry");
  add_data(partner_list);
  partner_list->callback(
      [&] { action = [&] { return pal::cli::RunAdminPartnerList(data_dir, Format(output)); }; });

  auto* subscription = admin->add_subcommand("subscription", "Subscriptions");
  subscription->require_subcommand(1);
  auto* subscription_create = subscription->add_subcommand("create", "Create a subscription");
  add_data(subscription_create);
  std::string subscription_id, offer = "AzurePlan", parent_group;
  subscription_create->add_option("--subscription-id", subscription_id, "Subscription id (GUID)")
      ->required();
  subscription_create->add_option("--tenant-id", tenant_id, "Tenant id (GUID)")->required();
  subscription_create->add_option("--name", name, "Display name")->required();
  subscription_create->add_option("--offer", offer,
                                  "EnterpriseAgreement, AzurePlan (default), CSP or PayAsYouGo");
  subscription_create->add_option("--management-group", parent_group,
                                  "Parent management group (default: the tenant root group)");
  subscription_create->callback([&] {
    action = [&] {
      return pal::cli::RunAdminSubscriptionCreate(data_dir, subscription_id, tenant_id, name, offer,
                                                  parent_group, Format(output));
    };
  });

  auto* subscription_update =
      subscription->add_subcommand("update", "Rename a subscription or change its state");
  add_data(subscription_update);
  std::string subscription_state;
  subscription_update->add_option("--subscription-id", subscription_id, "Subscription id (GUID)")
      ->required();
  subscription_update->add_option("--name", name, "New display name");
  subscription_update->add_option("--state", subscription_state,
                                  "Enabled, Warned, PastDue, Disabled or Deleted");
  subscription_update->callback([&] {
    action = [&] {
      return pal::cli::RunAdminSubscriptionUpdate(data_dir, subscription_id, name,
                                                  subscription_state, Format(output));
    };
  });

  auto* subscription_migrate = subscription->add_subcommand(
      "migrate", "Move an EnterpriseAgreement subscription to AzurePlan (its DPOR ends)");
  add_data(subscription_migrate);
  std::string migrate_to = "AzurePlan";
  subscription_migrate->add_option("--subscription-id", subscription_id, "Subscription id (GUID)")
      ->required();
  subscription_migrate->add_option("--to", migrate_to, "The new agreement (AzurePlan)");
  subscription_migrate->callback([&] {
    action = [&] {
      return pal::cli::RunAdminSubscriptionMigrate(data_dir, subscription_id, migrate_to,
                                                   Format(output));
    };
  });

  auto* role = admin->add_subcommand("role", "Role assignments made by the administrator");
  role->require_subcommand(1);
  auto* role_assignment = role->add_subcommand("assignment", "Role assignments");
  role_assignment->require_subcommand(1);
  auto* role_assignment_create =
      role_assignment->add_subcommand("create", "Grant a role at a scope (e.g. the first Owner)");
  add_data(role_assignment_create);
  std::string scope, role_name, assignee;
  role_assignment_create->add_option("--scope", scope, "ARM scope id")->required();
  role_assignment_create->add_option("--role", role_name, "Role name or id")->required();
  role_assignment_create->add_option("--assignee", assignee, "Principal object id")->required();
  role_assignment_create->callback([&] {
    action = [&] {
      return pal::cli::RunAdminRoleAssignmentCreate(data_dir, scope, role_name, assignee,
                                                    Format(output));
    };
  });

  auto* resource = admin->add_subcommand("resource", "Resource groups and resources (scopes)");
  resource->require_subcommand(1);
  auto* resource_create = resource->add_subcommand(
      "create", "Register a resource group or a resource id so it can be a scope");
  add_data(resource_create);
  std::string resource_id, location = "westeurope";
  resource_create->add_option("--id", resource_id, "Resource group or resource id")->required();
  resource_create->add_option("--location", location, "Location of a new resource group");
  resource_create->callback([&] {
    action = [&] {
      return pal::cli::RunAdminResourceCreate(data_dir, resource_id, location, Format(output));
    };
  });

  std::string dataset_dir;
  bool overwrite = false;
  auto* import_cmd =
      admin->add_subcommand("import", "Load a data set (CSV files) into an empty data directory");
  add_data(import_cmd);
  import_cmd->add_option("dir", dataset_dir, "Folder of the data set's CSV files")->required();
  import_cmd->callback([&] {
    action = [&] { return pal::cli::RunAdminImport(data_dir, dataset_dir, Format(output)); };
  });
  auto* export_cmd =
      admin->add_subcommand("export", "Write the data directory's state as a data set");
  add_data(export_cmd);
  export_cmd->add_option("dir", dataset_dir, "Folder to write the CSV files to")->required();
  export_cmd->add_flag("--overwrite", overwrite, "Replace data set files already there");
  export_cmd->callback([&] {
    action = [&] {
      return pal::cli::RunAdminExport(data_dir, dataset_dir, overwrite, Format(output));
    };
  });
  std::string backup_dir;
  auto* backup_cmd = admin->add_subcommand(
      "backup", "A consistent snapshot of the data directory, also while pal serve runs");
  add_data(backup_cmd);
  backup_cmd->add_option("--to", backup_dir, "New folder for the backup")->required();
  backup_cmd->callback([&] {
    action = [&] { return pal::cli::RunAdminBackup(data_dir, backup_dir, Format(output)); };
  });
  auto* restore_cmd =
      admin->add_subcommand("restore", "Check a backup and restore it into a new data directory");
  add_data(restore_cmd);
  restore_cmd->add_option("--from", backup_dir, "The backup's folder")->required();
  restore_cmd->callback([&] {
    action = [&] { return pal::cli::RunAdminRestore(backup_dir, data_dir, Format(output)); };
  });
  pal::cli::GenerateOptions generate;
  auto* generate_cmd =
      admin->add_subcommand("generate", "Write a consistent synthetic data set (and usage)");
  AddOutputOption(generate_cmd, output);
  generate_cmd->add_option("dir", generate.dataset_dir, "Folder to write the CSV files to")
      ->required();
  generate_cmd->add_option("--tenants", generate.tenants, "Number of customer tenants")
      ->required()
      ->check(CLI::Range(1, 10'000'000));
  generate_cmd->add_option("--seed", generate.seed, "Random seed (same seed, same data set)");
  generate_cmd->add_option("--month", generate.month,
                           "Crowd the histories around this month (YYYY-MM)");
  generate_cmd->add_option("--usage-rows", generate.usage_rows,
                           "Write this many usage rows of --month to DIR/usage.csv");
  generate_cmd
      ->add_option("--usage-layout", generate.usage_layout,
                   "Usage layout: cost (Azure cost export) or focus")
      ->check(CLI::IsMember({"cost", "focus"}));
  generate_cmd
      ->add_option("--usage-dates", generate.usage_dates,
                   "Cost export dates: iso (YYYY-MM-DD) or us (MM/DD/YYYY)")
      ->check(CLI::IsMember({"iso", "us"}));
  generate_cmd->add_flag("--overwrite", generate.overwrite, "Replace data set files already there");
  generate_cmd->callback(
      [&] { action = [&] { return pal::cli::RunAdminGenerate(generate, Format(output)); }; });

  auto* dpor_admin = admin->add_subcommand("dpor", "Digital Partner of Record");
  dpor_admin->require_subcommand(1);
  auto* dpor_history = dpor_admin->add_subcommand("history", "Every DPOR assignment, oldest first");
  add_data(dpor_history);
  dpor_history->callback(
      [&] { action = [&] { return pal::cli::RunAdminDporHistory(data_dir, Format(output)); }; });

  auto* link = admin->add_subcommand("link", "PAL links");
  link->require_subcommand(1);
  auto* link_history = link->add_subcommand("history", "Every link change, oldest first");
  add_data(link_history);
  link_history->callback(
      [&] { action = [&] { return pal::cli::RunAdminLinkHistory(data_dir, Format(output)); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "pal: %s (see 'pal --help')\n", e.what());
    return 2;
  }
  if (action && !store_url.empty()) {
    if (auto bound = pal::cli::ApplyStoreOption(data_dir, store_url); !bound.ok()) {
      return pal::cli::PrintCliError(bound.error());
    }
  }
  return action ? action() : 2;
}
