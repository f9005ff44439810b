#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace pal::server {

// A sign-in the demo prints: enough to paste into `pal login`.
struct DemoCredential {
  std::string tenant_name;
  std::string tenant_id;
  std::string kind;  // "ServicePrincipal", "User" or "Guest"
  std::string name;
  std::string object_id;
  std::string app_id;  // service principals only
  std::string secret;  // freshly generated
};

// Adds the demo data set if it is missing: tenants Contoso, Fabrikam and Mekorma, their
// principals, the partner registry (719878 "Mekorma" among it) and a few subscriptions, all
// with fixed ids so the README walkthrough can name them. Existing demo principals get a new
// secret each time (only hashes are stored, so a secret can only be shown when it is made).
// Also: alice is Owner at Contoso's root scope (its Power Platform administrator, and Owner of
// the EA subscription for its partner of record), and the Mekorma guest in Contoso is Reader of
// Contoso Production, so a link it makes credits that subscription's usage.
Result<std::vector<DemoCredential>> SeedDemoData(store::Store& store, const Clock& clock);

// Writes DATA_ROOT/demo-usage.csv, a cost export of the current month for the demo
// subscriptions (rewritten at every start), and returns its path for the insights API; empty
// when it cannot be written.
std::vector<std::string> DemoUsageFiles(const std::string& data_root, const Clock& clock);

}  // namespace pal::server
