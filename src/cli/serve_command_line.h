#pragma once

#include "cli/command_context.h"

namespace pal::cli {

// `pal serve` and its options; the command runs server::RunServe.
void RegisterServeCommand(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
