#pragma once

#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/partner_of_record.h"
#include "store/partner_of_record_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Digital Partner of Record history in SQL. Thread-safe.
class SqlPartnerOfRecordStore final : public PartnerOfRecordStore {
 public:
  // `clock` stamps the history; it and `pool` must outlive the store.
  SqlPartnerOfRecordStore(SqlConnectionPool& pool, const Clock& clock)
      : pool_(pool), clock_(clock) {}

  Result<std::optional<PartnerOfRecord>> FindPartnerOfRecord(const Guid& subscription_id) override;
  Result<void> SetPartnerOfRecord(const Guid& subscription_id, const std::string& partner_id,
                                  const PrincipalKey& actor) override;
  Result<void> EndPartnerOfRecord(const Guid& subscription_id, const PrincipalKey& actor,
                                  std::string_view reason) override;
  Result<std::vector<PartnerOfRecord>> ListPartnerOfRecordHistory() override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
