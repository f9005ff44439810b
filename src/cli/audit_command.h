#pragma once

#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

struct AuditOptions {
  std::string partner_id;
  // JSON array of the partner's service accounts: {"tenantId","appId","secret",
  // "secretExpiresOn"?, "productionSubscriptions"?: [ids]} — what `pal admin principal create
  // -o json` prints, gathered into one file.
  std::string accounts_file;
  std::string server;   // default: the `pal login` profile's, else https://localhost:8443
  std::string ca_file;  // default: as `pal login`
  OutputFormat output = OutputFormat::kJson;
};

// `pal audit --partner-id P --accounts FILE`: signs in with each account, gathers what it can
// see (subscriptions, its role assignments, its PAL link) and prints the onboarding audit per
// customer tenant and subscription (core/onboarding_audit.h). Exit 0 when the audit ran,
// whatever it found; 1 on bad input or when the server cannot be reached.
int RunAudit(const AuditOptions& options);

// Registers `pal audit`.
void RegisterAuditCommand(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
