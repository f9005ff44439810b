#include "dataset/dataset_problems.h"

#include <fmt/format.h>

namespace pal {

void DatasetProblems::Add(std::string_view file, size_t line, std::string_view problem) {
  ++count_;
  if (lines_.size() < max_) lines_.push_back(fmt::format("{}:{}: {}", file, line, problem));
}

Error DatasetProblems::ToError() const {
  std::string message;
  for (const auto& l : lines_) message += (message.empty() ? "" : "\n") + l;
  if (count_ > lines_.size()) {
    message += fmt::format("\n... and {} more problem(s)", count_ - lines_.size());
  }
  return Error::InvalidArgument("InvalidDataset", message);
}

}  // namespace pal
