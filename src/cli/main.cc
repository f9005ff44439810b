// pal: one binary for the service (`pal serve`), its clients and the offline tools. Each
// command group registers itself; the chosen command runs once the command line is parsed.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/account_commands.h"
#include "cli/admin_commands.h"
#include "cli/attribute_command.h"
#include "cli/audit_command.h"
#include "cli/command_context.h"
#include "cli/explain_command.h"
#include "cli/managed_services_commands.h"
#include "cli/management_group_commands.h"
#include "cli/management_partner_commands.h"
#include "cli/partner_of_record_commands.h"
#include "cli/power_platform_commands.h"
#include "cli/report_command.h"
#include "cli/role_commands.h"
#include "cli/serve_command_line.h"

int main(int argc, char** argv) {
  CLI::App app{"pal — an open implementation of Partner Admin Link (Microsoft.ManagementPartner)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pal 0.1.0");
  pal::cli::CommandContext context;
  // In the order `pal --help` lists them.
  pal::cli::RegisterServeCommand(app, context);
  pal::cli::RegisterAccountCommands(app, context);
  pal::cli::RegisterManagementGroupCommands(app, context);
  pal::cli::RegisterManagementPartnerCommands(app, context);
  pal::cli::RegisterRoleCommands(app, context);
  pal::cli::RegisterManagedServicesCommands(app, context);
  pal::cli::RegisterPartnerOfRecordCommands(app, context);
  pal::cli::RegisterAttributeCommand(app, context);
  pal::cli::RegisterExplainCommand(app, context);
  pal::cli::RegisterReportCommand(app, context);
  pal::cli::RegisterAuditCommand(app, context);
  pal::cli::RegisterPowerPlatformCommands(app, context);
  pal::cli::RegisterAdminCommands(app, context);
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
  return context.RunChosenCommand();
}
