#pragma once

#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal admin backup --data DIR --to BACKUP`: a consistent online snapshot of a data directory,
// safe while `pal serve` writes to it: BACKUP/pal.db (SQLite VACUUM INTO: exactly the
// transactions committed before it started), the signing key and TLS files (0600 for keys) and
// BACKUP/manifest.json. BACKUP must not exist or be empty; it is created 0700. Prints the
// manifest; 1 with a one-line error. A directory bound to PostgreSQL (store-url) is backed up
// with pg_dump (one repeatable-read snapshot) into BACKUP/pal.pgdump instead of pal.db.
int RunAdminBackup(const std::string& data_dir, const std::string& backup_dir, OutputFormat output);

// `pal admin restore --from BACKUP --data DIR`: checks the backup (manifest, PRAGMA
// integrity_check, a schema version this pal knows) and only then copies it into DIR, which
// must not hold a pal.db yet (restore never overwrites a store). 1 with a one-line error.
// A PostgreSQL backup restores (pg_restore, one transaction) into the empty database that DIR
// names (bind it with --store); an SQLite backup only into a directory without a store-url.
int RunAdminRestore(const std::string& backup_dir, const std::string& data_dir,
                    OutputFormat output);

// Registers `pal admin backup` and `pal admin restore` under `admin`.
void RegisterBackupCommands(CLI::App& admin, CommandContext& context);

}  // namespace pal::cli
