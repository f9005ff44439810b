#pragma once

#include "core/clock.h"
#include "store/partner_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// The partner registry and its history in SQL. Thread-safe.
class SqlPartnerStore final : public PartnerStore {
 public:
  // `clock` stamps the history; it and `pool` must outlive the store.
  SqlPartnerStore(SqlConnectionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  // Stamps created_at with the store's clock: the partner history starts then.
  Result<void> AddPartner(const Partner& partner) override;
  Result<std::optional<Partner>> FindPartner(const std::string& partner_id) override;
  Result<std::vector<Partner>> ListPartners() override;
  Result<void> RetirePartner(const std::string& partner_id) override;
  Result<std::optional<Timestamp>> FindPartnerRetirement(const std::string& partner_id) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
