#pragma once

#include <cstddef>

namespace pal::store {

// Sees each durable commit of the link writer (for metrics): how many requests it carried and
// how long BEGIN..COMMIT took, fsync included. Called on the writer thread after the commit
// and before the completions; must be cheap and thread-safe.
class LinkCommitObserver {
 public:
  virtual ~LinkCommitObserver() = default;
  virtual void OnLinkCommit(std::size_t batch_size, double seconds) = 0;
};

}  // namespace pal::store
