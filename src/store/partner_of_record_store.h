#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/partner_of_record.h"
#include "core/result.h"

namespace pal::store {

// Digital Partner of Record (DPOR) of subscriptions, with its history. Thread-safe; reads see
// writes made by other processes.
class PartnerOfRecordStore {
 public:
  virtual ~PartnerOfRecordStore() = default;

  // Set ends the one in force ("replaced") and starts the new one; End closes it with a reason
  // ("removed", "migrated"), kNotFound when there is none. Both record `actor` in the history,
  // atomically with the change, at the store's clock.
  virtual Result<std::optional<PartnerOfRecord>> FindPartnerOfRecord(
      const Guid& subscription_id) = 0;
  virtual Result<void> SetPartnerOfRecord(const Guid& subscription_id,
                                          const std::string& partner_id,
                                          const PrincipalKey& actor) = 0;
  virtual Result<void> EndPartnerOfRecord(const Guid& subscription_id, const PrincipalKey& actor,
                                          std::string_view reason) = 0;
  virtual Result<std::vector<PartnerOfRecord>> ListPartnerOfRecordHistory() = 0;
};

}  // namespace pal::store
