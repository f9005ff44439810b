#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pal {

// The problems found while reading data set files, kept up to a cap as "file:line: problem"
// (line 0: the file as a whole); the rest are only counted.
class DatasetProblems {
 public:
  explicit DatasetProblems(size_t max) : max_(max) {}

  void Add(std::string_view file, size_t line, std::string_view problem);
  bool empty() const { return count_ == 0; }
  // Error InvalidArgument "InvalidDataset": the kept lines, then "... and N more problem(s)".
  Error ToError() const;

 private:
  size_t max_;
  size_t count_ = 0;
  std::vector<std::string> lines_;
};

}  // namespace pal
