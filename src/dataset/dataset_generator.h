#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dataset/dataset.h"

namespace pal {

struct DatasetGeneratorOptions {
  size_t tenants = 10;
  std::uint64_t seed = 1;
  // When set, the histories crowd around the month that starts on this day (days since
  // 1970-01-01): grants, links and partners of record start, end and switch before and inside it
  // (some exactly at a day's 23:59:59Z), so every attribution rule has cases.
  std::optional<std::int32_t> month_first_day;
};

// A consistent synthetic data set, the same for the same options: management group trees (up to
// four levels), subscriptions of every offer and state, users, guests and service principals,
// role assignments at the root, group, subscription, resource group, resource and nested child
// resource scopes (some ended, some with mixed-case names), PAL link histories with updates and
// gaps, Lighthouse delegations to other tenants' principals, and partner-of-record histories
// (some naming a partner the customer's own linked accounts also credit).
Dataset GenerateDataset(const DatasetGeneratorOptions& options);
inline Dataset GenerateDataset(size_t tenants, std::uint64_t seed) {
  return GenerateDataset(DatasetGeneratorOptions{tenants, seed, std::nullopt});
}

}  // namespace pal
