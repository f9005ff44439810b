#include "core/power_platform_ownership.h"

#include <fmt/format.h>

#include <array>

#include "core/text.h"

namespace pal {
namespace {

constexpr std::array<std::pair<OwnershipChannel, std::string_view>, 4> kChannels = {{
    {OwnershipChannel::kGui, "gui"},
    {OwnershipChannel::kPowerShell, "powershell"},
    {OwnershipChannel::kPowerPlatformCli, "pp-cli"},
    {OwnershipChannel::kDevOps, "devops"},
}};

// B6 (docs/attribution-rules.md): gui, powershell, pp-cli, devops.
using Row = std::array<bool, 4>;
std::optional<Row> Allowed(PowerPlatformProduct product, PrincipalKind target) {
  const bool to_service_principal = target == PrincipalKind::kServicePrincipal;
  switch (product) {
    case PowerPlatformProduct::kCanvasApp:
      return to_service_principal ? Row{false, false, true, true} : Row{true, true, true, true};
    case PowerPlatformProduct::kModelDrivenApp:
      return Row{false, false, true, true};
    case PowerPlatformProduct::kFlow:
      return Row{true, true, true, true};
    case PowerPlatformProduct::kDataset:
      return Row{false, true, false, false};
    case PowerPlatformProduct::kBot:
    case PowerPlatformProduct::kCustomerInsightsInstance:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::string_view OwnershipChannelName(OwnershipChannel channel) {
  for (const auto& [c, name] : kChannels) {
    if (c == channel) return name;
  }
  return "";
}

std::optional<OwnershipChannel> ParseOwnershipChannel(std::string_view text) {
  for (const auto& [c, name] : kChannels) {
    if (EqualsIgnoreCase(name, text)) return c;
  }
  return std::nullopt;
}

std::vector<OwnershipChannel> OwnershipChannels(PowerPlatformProduct product,
                                                PrincipalKind target) {
  std::vector<OwnershipChannel> out;
  if (auto row = Allowed(product, target)) {
    for (size_t i = 0; i < kChannels.size(); ++i) {
      if ((*row)[i]) out.push_back(kChannels[i].first);
    }
  }
  return out;
}

Result<void> CheckOwnershipChange(PowerPlatformProduct product, OwnershipChannel channel,
                                  PrincipalKind target) {
  const auto allowed = OwnershipChannels(product, target);
  for (auto c : allowed) {
    if (c == channel) return {};
  }
  const std::string_view name = PowerPlatformProductName(product);
  if (!Allowed(product, target)) {
    return Error::InvalidArgument("OwnershipChangeNotSupported",
                                  product == PowerPlatformProduct::kBot
                                      ? fmt::format("The owner of a {} cannot be changed through "
                                                    "{}; no channel changes it: it stays its "
                                                    "creator.",
                                                    name, OwnershipChannelName(channel))
                                      : fmt::format("The owner of a {} cannot be changed through "
                                                    "{}; no channel changes it: its active "
                                                    "users are attributed.",
                                                    name, OwnershipChannelName(channel)));
  }
  std::string works;
  for (size_t i = 0; i < allowed.size(); ++i) {
    works.append(i == 0                    ? ""
                 : i + 1 == allowed.size() ? " or "
                                           : ", ")
        .append(OwnershipChannelName(allowed[i]));
  }
  return Error::InvalidArgument(
      "OwnershipChangeNotSupported",
      fmt::format("The owner of a {} cannot be changed {}through {}; use {}.", name,
                  target == PrincipalKind::kServicePrincipal ? "to a service principal " : "",
                  OwnershipChannelName(channel), works));
}

}  // namespace pal
