// Fuzz target for the ARM id parser: whatever the input, Parse must not crash, and what it
// accepts must round-trip (its normal form parses to an equal id with the same parts) and keep
// its structural promises (parents contain their children, keys are lower-case).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/resource_id.h"
#include "core/text.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto id = pal::ResourceId::Parse(text);
  if (!id.ok()) {
    Check(!id.error().message.empty());
    return 0;
  }
  auto again = pal::ResourceId::Parse(id->ToString());
  Check(again.ok());
  Check(*again == *id);
  Check(again->ToString() == id->ToString());
  Check(again->level() == id->level());
  Check(again->IsScope() == id->IsScope());
  Check(id->Key() == pal::ToLowerAscii(id->ToString()));
  Check(pal::ResourceId::Root().Contains(*id));
  int depth = 0;
  for (auto parent = id->Parent(); parent; parent = parent->Parent()) {
    Check(parent->Contains(*id));
    Check(!id->Contains(*parent) || *parent == *id);
    Check(++depth < 4096);
  }
  return 0;
}
