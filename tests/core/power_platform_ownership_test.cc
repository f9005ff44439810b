// Every cell of the two ownership-change tables (the table of docs/attribution-rules.md, B6).
#include "core/power_platform_ownership.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace pal {
namespace {

using P = PowerPlatformProduct;
using C = OwnershipChannel;

struct Cell {
  P product;
  C channel;
  bool to_user;
  bool to_service_principal;
};

// Product x channel: may the owner become a user (or service account), and a service principal?
const Cell kTable[] = {
    {P::kCanvasApp, C::kGui, true, false},
    {P::kCanvasApp, C::kPowerShell, true, false},
    {P::kCanvasApp, C::kPowerPlatformCli, true, true},
    {P::kCanvasApp, C::kDevOps, true, true},
    {P::kModelDrivenApp, C::kGui, false, false},
    {P::kModelDrivenApp, C::kPowerShell, false, false},
    {P::kModelDrivenApp, C::kPowerPlatformCli, true, true},
    {P::kModelDrivenApp, C::kDevOps, true, true},
    {P::kFlow, C::kGui, true, true},
    {P::kFlow, C::kPowerShell, true, true},
    {P::kFlow, C::kPowerPlatformCli, true, true},
    {P::kFlow, C::kDevOps, true, true},
    {P::kDataset, C::kGui, false, false},
    {P::kDataset, C::kPowerShell, true, true},
    {P::kDataset, C::kPowerPlatformCli, false, false},
    {P::kDataset, C::kDevOps, false, false},
    {P::kBot, C::kGui, false, false},
    {P::kBot, C::kPowerShell, false, false},
    {P::kBot, C::kPowerPlatformCli, false, false},
    {P::kBot, C::kDevOps, false, false},
    {P::kCustomerInsightsInstance, C::kGui, false, false},
    {P::kCustomerInsightsInstance, C::kPowerShell, false, false},
    {P::kCustomerInsightsInstance, C::kPowerPlatformCli, false, false},
    {P::kCustomerInsightsInstance, C::kDevOps, false, false},
};

TEST(OwnershipChanges, EveryCellOfBothTables) {
  for (const Cell& cell : kTable) {
    const std::string where = fmt::format("{} via {}", PowerPlatformProductName(cell.product),
                                          OwnershipChannelName(cell.channel));
    for (auto [target, allowed] :
         {std::pair{PrincipalKind::kUser, cell.to_user},
          std::pair{PrincipalKind::kGuest, cell.to_user},
          std::pair{PrincipalKind::kServicePrincipal, cell.to_service_principal}}) {
      auto checked = CheckOwnershipChange(cell.product, cell.channel, target);
      EXPECT_EQ(checked.ok(), allowed) << where << " to " << PrincipalKindName(target);
      if (!checked.ok()) {
        EXPECT_EQ(checked.error().code, "OwnershipChangeNotSupported");
        EXPECT_NE(checked.error().message.find(PowerPlatformProductName(cell.product)),
                  std::string::npos);
      }
    }
  }
}

TEST(OwnershipChanges, RefusalsNameTheChannelAndTheChannelsThatWork) {
  EXPECT_EQ(CheckOwnershipChange(P::kModelDrivenApp, C::kGui, PrincipalKind::kUser).error().message,
            "The owner of a ModelDrivenApp cannot be changed through gui; use pp-cli or devops.");
  EXPECT_EQ(CheckOwnershipChange(P::kCanvasApp, C::kPowerShell, PrincipalKind::kServicePrincipal)
                .error()
                .message,
            "The owner of a CanvasApp cannot be changed to a service principal through powershell; "
            "use pp-cli or devops.");
  EXPECT_EQ(CheckOwnershipChange(P::kDataset, C::kDevOps, PrincipalKind::kUser).error().message,
            "The owner of a Dataset cannot be changed through devops; use powershell.");
  EXPECT_EQ(CheckOwnershipChange(P::kBot, C::kGui, PrincipalKind::kUser).error().message,
            "The owner of a Bot cannot be changed through gui; no channel changes it: it stays its "
            "creator.");
  EXPECT_EQ(
      CheckOwnershipChange(P::kCustomerInsightsInstance, C::kPowerPlatformCli, PrincipalKind::kUser)
          .error()
          .message,
      "The owner of a CustomerInsightsInstance cannot be changed through pp-cli; no channel "
      "changes it: its "
      "active users are attributed.");
  EXPECT_EQ(ParseOwnershipChannel("PP-CLI"), C::kPowerPlatformCli);
  EXPECT_FALSE(ParseOwnershipChannel("email"));
}

}  // namespace
}  // namespace pal
