#pragma once

#include <cstdint>
#include <string>

#include "app/output_format.h"

namespace pal::app {

// `pal admin import DIR`: loads the data set in DIR (shared design: dataset.md) into the data
// directory `data_dir` (created if missing; it must hold no tenants or partners yet), all or
// nothing. A refused data set prints one "file:line: problem" per line and exits 1.
int RunAdminImport(const std::string& data_dir, const std::string& dataset_dir, OutputFormat output);
// `pal admin export DIR`: writes the data directory's state as a data set into DIR, refusing
// to overwrite data set files there unless `overwrite`.
int RunAdminExport(const std::string& data_dir, const std::string& dataset_dir, bool overwrite,
                   OutputFormat output);
// `pal admin generate DIR --tenants N [--seed S]`: a consistent synthetic data set.
int RunAdminGenerate(const std::string& dataset_dir, std::size_t tenants, std::uint64_t seed,
                     bool overwrite, OutputFormat output);

}  // namespace pal::app
