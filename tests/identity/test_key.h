#pragma once

#include <utility>

#include "identity/signing_key.h"

namespace pal::identity {

// One RSA-2048 key shared by the tests of a binary (generating one takes ~0.1 s).
inline const SigningKey& TestKey() {
  static const SigningKey key = std::move(SigningKey::Generate()).value();
  return key;
}

}  // namespace pal::identity
