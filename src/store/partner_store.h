#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/partner.h"
#include "core/result.h"

namespace pal::store {

// The partner registry: the partner ids links and DPORs may name. Thread-safe; reads see
// writes made by other processes.
class PartnerStore {
 public:
  virtual ~PartnerStore() = default;

  // kConflict if the id exists.
  virtual Result<void> AddPartner(const Partner& partner) = 0;
  virtual Result<std::optional<Partner>> FindPartner(const std::string& partner_id) = 0;
  virtual Result<std::vector<Partner>> ListPartners() = 0;
  // Marks a partner id Retired from now on (kNotFound, kConflict "PartnerRetired" when it
  // already is), recorded in the partner history; new links and DPORs to it are refused.
  virtual Result<void> RetirePartner(const std::string& partner_id) = 0;
  // When the id was retired, from the partner history; nullopt if it never was.
  virtual Result<std::optional<Timestamp>> FindPartnerRetirement(const std::string& partner_id) = 0;
};

}  // namespace pal::store
