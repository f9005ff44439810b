#pragma once

#include <string>

#include "core/result.h"

namespace pal::server {

// Makes sure `cert_path`/`key_path` hold a certificate for the loopback names: if either is
// missing, creates a self-signed RSA-2048 certificate (SAN: DNS localhost, IP 127.0.0.1 and
// ::1; valid 825 days) that clients can trust directly (e.g. NODE_EXTRA_CA_CERTS).
// The key is written with mode 0600.
Result<void> EnsureSelfSignedCertificate(const std::string& cert_path, const std::string& key_path);

}  // namespace pal::server
