#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/power_platform_usage.h"
#include "core/principal.h"
#include "core/result.h"

namespace pal {

// The tools an ownership change can come through (the table of docs/attribution-rules.md, B6).
enum class OwnershipChannel { kGui, kPowerShell, kPowerPlatformCli, kDevOps };

std::string_view OwnershipChannelName(
    OwnershipChannel channel);  // "gui", "powershell", "pp-cli", "devops"
std::optional<OwnershipChannel> ParseOwnershipChannel(std::string_view text);

// Whether the owner of a `product` may be changed to a principal of kind `target` through
// `channel`: the B6 table (docs/attribution-rules.md) for user (and guest) targets, and its
// separate table for moving to a service principal. Bots and Customer Insights instances have no
// owner change at all. Error OwnershipChangeNotSupported naming the product, the channel and the
// channels that work.
Result<void> CheckOwnershipChange(PowerPlatformProduct product, OwnershipChannel channel,
                                  PrincipalKind target);

// The channels that may change the owner of `product` to a principal of kind `target`.
std::vector<OwnershipChannel> OwnershipChannels(PowerPlatformProduct product, PrincipalKind target);

}  // namespace pal
