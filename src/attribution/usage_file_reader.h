#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "attribution/chunk_buffer.h"
#include "core/result.h"

namespace pal::attribution {

// Reads one usage file, plain or gzip-compressed (told by its first bytes), as its header row
// and then chunks of whole rows: a chunk never ends inside a quoted field, so chunks can be
// parsed on different threads. Memory is one chunk at a time, whatever the file's size.
class UsageFileReader {
 public:
  ~UsageFileReader();
  UsageFileReader(const UsageFileReader&) = delete;
  UsageFileReader& operator=(const UsageFileReader&) = delete;

  // Opens `path` and reads its header row. Errors: UsageFileNotFound, UnreadableFile,
  // InvalidUsageFile (empty file, unterminated header).
  static Result<std::unique_ptr<UsageFileReader>> Open(const std::string& path);

  const std::vector<std::string>& header() const { return header_; }
  const std::string& path() const { return path_; }
  // Bytes of the file on disk, and how many of them have been consumed so far.
  std::uint64_t disk_size() const { return disk_size_; }
  std::uint64_t disk_consumed() const;

  // Replaces `chunk` with the next rows (about `target_bytes`, more when one row is longer) and
  // sets `offset` to the position of its first byte in the (uncompressed) file. False at the
  // end of the file. Reuses chunk's storage.
  Result<bool> Next(ChunkBuffer& chunk, std::uint64_t& offset, size_t target_bytes);

  // The 1-based line of the (uncompressed) file that byte `offset` lies on; reads the file again.
  static std::uint64_t LineAt(const std::string& path, std::uint64_t offset);

 private:
  UsageFileReader() = default;
  // Opens the file (fd_, and gz_ when it starts with gzip's magic bytes).
  Result<void> OpenStream(const std::string& path);
  // Appends up to `n` more bytes of the file to `out`; returns the count (0 at the end).
  Result<size_t> Read(ChunkBuffer& out, size_t n);

  std::string path_;
  std::vector<std::string> header_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile when compressed
  std::uint64_t disk_size_ = 0;
  std::uint64_t plain_consumed_ = 0;
  std::string carry_;               // bytes read after the last whole row
  std::uint64_t carry_offset_ = 0;  // file offset of carry_'s first byte
  bool eof_ = false;
};

}  // namespace pal::attribution
