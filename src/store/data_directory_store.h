#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/link_commit_observer.h"
#include "store/store.h"

namespace pal::store {

// Which database a data directory's store lives in. By default the embedded SQLite file
// DIR/pal.db; a directory bound to PostgreSQL names its database in DIR/store-url (one line,
// a postgresql:// URL, mode 0600 since it may hold a password). The signing key and TLS files
// stay in the directory either way, so nodes that share them share tokens too.
struct DataDirectoryStore {
  std::string root;
  // The PostgreSQL URL, or nullopt for SQLite.
  std::optional<std::string> postgresql_url;

  std::string SqlitePath() const { return root + "/pal.db"; }
  std::string StoreUrlPath() const { return root + "/store-url"; }
};

// Whether `url` names a PostgreSQL database pal can use (postgresql:// or postgres://).
bool IsPostgresqlUrl(const std::string& url);

// Reads the directory's binding (DIR/store-url, if any). InvalidStore if that file is
// unreadable or does not hold a PostgreSQL URL.
Result<DataDirectoryStore> ReadDataDirectoryStore(const std::string& root);

// Binds the existing directory `root` to `url` (the --store option): records it in
// DIR/store-url the first time, once a connection to it succeeds (StoreUnavailable otherwise,
// and nothing is recorded); later uses must name the same database (StoreMismatch), and a
// directory that already has an SQLite store cannot be bound (StoreMismatch). An empty `url`
// leaves the directory as it is.
Result<DataDirectoryStore> BindDataDirectoryStore(const std::string& root, const std::string& url);

// The --store option of a pal admin command: creates the directory (0700) if needed and binds
// it to `url`.
Result<void> ApplyStoreOption(const std::string& data_dir, const std::string& url);

// Whether the directory holds a store: pal.db or a PostgreSQL binding.
bool HasStore(const DataDirectoryStore& dir);

struct StoreOpenOptions {
  bool enable_link_writer = false;  // only pal serve writes links
  bool in_memory = false;           // SQLite in memory (pal serve --in-memory)
  // Sees every commit of the link writer (pal serve's metrics), or nullptr; must outlive the
  // store.
  store::LinkCommitObserver* link_commit_observer = nullptr;
};

// Opens the directory's store, SQLite or PostgreSQL.
Result<std::unique_ptr<store::Store>> OpenDataDirectoryStore(const DataDirectoryStore& dir,
                                                             const StoreOpenOptions& options,
                                                             const Clock& clock);

}  // namespace pal::store
