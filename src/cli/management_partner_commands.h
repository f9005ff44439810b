#pragma once

#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal managementpartner create|show|update|delete` (like `az managementpartner ...`): the
// signed-in principal's PAL link, as a client of a running `pal serve`.
enum class ManagementPartnerVerb { kCreate, kShow, kUpdate, kDelete };
// `if_match`, when not empty, is sent as the If-Match header (the link's etag, or *): the
// server then refuses with (PreconditionFailed) if the link changed since it was read. Returns
// the exit code, printing "(Code) Message" on stderr on failure.
int RunManagementPartner(ManagementPartnerVerb verb, const std::string& partner_id,
                         OutputFormat output, const std::string& if_match);

void RegisterManagementPartnerCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
