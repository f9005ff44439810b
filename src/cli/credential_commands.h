#pragma once

#include "cli/command_context.h"

namespace CLI {
class App;
}

namespace pal::cli {

// `pal admin principal credential add|list|remove` (certificates) and `pal admin principal
// federated-credential add|list|remove`, under the `principal` command.
void RegisterPrincipalCredentialCommands(CLI::App& principal, CommandContext& context);

// `pal admin issue-federated-token`: a token of the built-in test issuer, for federated
// credentials in CI and tests without the internet.
void RegisterIssueFederatedTokenCommand(CLI::App& admin, CommandContext& context);

}  // namespace pal::cli
