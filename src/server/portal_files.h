#pragma once

#include <string>

#include "api/static_files.h"
#include "core/result.h"

namespace pal::server {

// The portal's built files (web/dist) for `pal serve`, read once at start-up. `dir` empty:
// web/dist of the source tree pal was built from, or no files when it is not built (the server
// then says so at /portal/). Errors: PortalNotFound when a given `dir` is not a folder with an
// index.html; CannotRead.
Result<api::StaticFiles> LoadPortal(const std::string& dir);

}  // namespace pal::server
