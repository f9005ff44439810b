#pragma once

#include <cstring>
#include <memory>
#include <string_view>

namespace pal::attribution {

// A growable byte buffer that, unlike std::string, does not zero the space it grows into:
// reading a file through it costs one copy, not a fill and a copy. Reused chunk after chunk.
class ChunkBuffer {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char* data() { return data_.get(); }
  std::string_view view() const { return {data_.get(), size_}; }

  void clear() { size_ = 0; }
  void Append(std::string_view bytes) {
    char* at = Extend(bytes.size());
    if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
  }
  // Makes room for n more bytes after the current ones and counts them as used; returns where
  // they start. Shrink afterwards with Resize if fewer were filled.
  char* Extend(size_t n) {
    if (size_ + n > capacity_) {
      size_t capacity = capacity_ == 0 ? 1 << 16 : capacity_;
      while (capacity < size_ + n) capacity *= 2;
      std::unique_ptr<char[]> grown(new char[capacity]);
      if (size_ != 0) std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    char* at = data_.get() + size_;
    size_ += n;
    return at;
  }
  void Resize(size_t n) { size_ = n; }  // n <= size()

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace pal::attribution
