#pragma once

#include <string>

#include "app/output_format.h"

namespace pal::app {

// `pal dpor show|validate|set|delete --subscription S [--partner-id P]`: a subscription's
// Digital Partner of Record, as a client of a running `pal serve`.
enum class DporVerb { kShow, kValidate, kSet, kDelete, kCustomers };
int RunDpor(DporVerb verb, const std::string& subscription, const std::string& partner_id,
            OutputFormat output);

}  // namespace pal::app
