#pragma once

#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal dpor show|validate|set|delete --subscription S [--partner-id P]`: a subscription's
// Digital Partner of Record, as a client of a running `pal serve`.
enum class PartnerOfRecordVerb { kShow, kValidate, kSet, kDelete, kCustomers };
int RunPartnerOfRecord(PartnerOfRecordVerb verb, const std::string& subscription,
                       const std::string& partner_id, OutputFormat output);

// Registers dpor show|validate|set|delete|customers.
void RegisterPartnerOfRecordCommands(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
