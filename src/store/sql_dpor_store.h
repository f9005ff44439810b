#pragma once

#include <optional>
#include <vector>

#include "core/partner_of_record.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Digital Partner of Record history in SQLite; the Store methods of the same names forward
// here. Thread-safe.
class SqlDporStore {
 public:
  explicit SqlDporStore(SqlConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<PartnerOfRecord>> FindPartnerOfRecord(const Guid& subscription_id);
  Result<void> SetPartnerOfRecord(const Guid& subscription_id, const std::string& partner_id,
                                  const PrincipalKey& actor, Timestamp now);
  Result<void> EndPartnerOfRecord(const Guid& subscription_id, const PrincipalKey& actor,
                                  std::string_view reason, Timestamp now);
  Result<std::vector<PartnerOfRecord>> ListPartnerOfRecordHistory();

 private:
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
