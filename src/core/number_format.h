#pragma once

#include <cstdint>
#include <string>

namespace pal {

// 1234567 -> "1,234,567".
std::string FormatThousands(std::uint64_t n);

}  // namespace pal
