#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace pal {

// Formats as .NET-style ISO-8601 UTC with 7 fractional digits, as Azure does:
// "2018-01-20T01:23:40.5280496Z".
std::string FormatIso8601(Timestamp t);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (fraction up to 9 digits). nullopt if malformed.
std::optional<Timestamp> ParseIso8601(std::string_view text);

}  // namespace pal
