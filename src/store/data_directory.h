#pragma once

#include <string>

#include "core/result.h"

namespace pal::store {

// The files `pal serve` and `pal admin` keep in a data directory (default ./.pal).
struct DataDirectory {
  std::string root;

  std::string DatabasePath() const { return root + "/pal.db"; }
  std::string SigningKeyPath() const { return root + "/signing-key.pem"; }
  std::string TlsCertificatePath() const { return root + "/tls-cert.pem"; }
  std::string TlsKeyPath() const { return root + "/tls-key.pem"; }
  // The built-in test issuer of federated tokens (`pal admin issue-federated-token`).
  std::string FederatedTestIssuerKeyPath() const { return root + "/federated-test-issuer-key.pem"; }
};

// Creates the directory (mode 0700) if it does not exist; the root made absolute.
Result<DataDirectory> OpenDataDirectory(const std::string& path);

// Writes `contents` to `path` atomically with the given mode (temporary file, fsync, rename).
Result<void> WriteFileAtomically(const std::string& path, const std::string& contents,
                                 unsigned mode);

}  // namespace pal::store
