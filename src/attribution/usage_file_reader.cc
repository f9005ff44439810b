#include "attribution/usage_file_reader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/csv.h"

namespace pal::attribution {
namespace {

// The number of '"' bytes in [p, end).
size_t CountQuotes(const char* p, const char* end) {
  size_t n = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i zero = _mm_setzero_si128();
  while (end - p >= 16) {
    // Per-byte counters (a match is -1: subtract it), summed before they can overflow.
    __m128i counts = zero;
    for (int i = 0; i < 255 && end - p >= 16; ++i, p += 16) {
      counts = _mm_sub_epi8(
          counts, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), quote));
    }
    const __m128i sums = _mm_sad_epu8(counts, zero);
    n += static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
         static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; p < end; ++p) n += *p == '"' ? 1 : 0;
  return n;
}

// The length of the longest prefix of `text` made of whole rows (ending just after a line
// break outside quotes; `text` starts outside quotes), or 0 if there is none.
size_t WholeRows(std::string_view text) {
  const char* begin = text.data();
  const void* last = memrchr(begin, '\n', text.size());
  if (last == nullptr) return 0;
  size_t cut = static_cast<size_t>(static_cast<const char*>(last) - begin);
  size_t quotes = CountQuotes(begin, begin + cut);
  while (quotes % 2 != 0) {  // that line break is inside a quoted field: try the one before
    const void* previous = memrchr(begin, '\n', cut);
    if (previous == nullptr) return 0;
    const size_t at = static_cast<size_t>(static_cast<const char*>(previous) - begin);
    quotes -= CountQuotes(begin + at, begin + cut);
    cut = at;
  }
  return cut + 1;
}

}  // namespace

UsageFileReader::~UsageFileReader() {
  if (gz_ != nullptr) gzclose(static_cast<gzFile>(gz_));
  if (fd_ >= 0) close(fd_);
}

std::uint64_t UsageFileReader::disk_consumed() const {
  if (gz_ != nullptr) return static_cast<std::uint64_t>(gzoffset(static_cast<gzFile>(gz_)));
  return plain_consumed_;
}

Result<size_t> UsageFileReader::Read(ChunkBuffer& out, size_t n) {
  const size_t old = out.size();
  out.Extend(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r;
    if (gz_ != nullptr) {
      r = gzread(static_cast<gzFile>(gz_), out.data() + old + got, static_cast<unsigned>(n - got));
      if (r < 0) {
        int code = 0;
        const char* message = gzerror(static_cast<gzFile>(gz_), &code);
        out.Resize(old);
        return Error::InvalidArgument("UnreadableFile",
                                      fmt::format("Cannot read '{}': {}.", path_, message));
      }
    } else {
      r = ::read(fd_, out.data() + old + got, n - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        out.Resize(old);
        return Error::InvalidArgument(
            "UnreadableFile", fmt::format("Cannot read '{}': {}.", path_, std::strerror(errno)));
      }
      plain_consumed_ += static_cast<std::uint64_t>(r);
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.Resize(old + got);
  return got;
}

Result<void> UsageFileReader::OpenStream(const std::string& path) {
  path_ = path;
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    if (errno == ENOENT)
      return Error::NotFound("UsageFileNotFound",
                             fmt::format("The usage file '{}' does not exist.", path));
    return Error::InvalidArgument("UnreadableFile",
                                  fmt::format("Cannot read '{}': {}.", path, std::strerror(errno)));
  }
  struct stat st {};
  if (fstat(fd_, &st) != 0 || S_ISDIR(st.st_mode)) {
    return Error::InvalidArgument("UnreadableFile",
                                  fmt::format("Cannot read '{}': not a file.", path));
  }
  disk_size_ = static_cast<std::uint64_t>(st.st_size);
  unsigned char magic[2] = {0, 0};
  if (pread(fd_, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    const int fd = dup(fd_);
    gz_ = fd < 0 ? nullptr : gzdopen(fd, "rb");
    if (gz_ == nullptr) {
      if (fd >= 0) close(fd);
      return Error::InvalidArgument("UnreadableFile",
                                    fmt::format("Cannot read '{}' as gzip.", path));
    }
    gzbuffer(static_cast<gzFile>(gz_), 1 << 20);
  }
  return {};
}

Result<std::unique_ptr<UsageFileReader>> UsageFileReader::Open(const std::string& path) {
  std::unique_ptr<UsageFileReader> reader(new UsageFileReader());
  PAL_TRY(reader->OpenStream(path));
  // The header: the first row (a line break inside quotes does not end it).
  ChunkBuffer head;
  size_t rows = 0;
  while (rows == 0) {
    PAL_ASSIGN_OR_RETURN(auto got, reader->Read(head, 1 << 16));
    rows = WholeRows(head.view());
    if (got == 0) {
      if (head.empty())
        return Error::InvalidArgument("InvalidUsageFile",
                                      fmt::format("{}: the file is empty.", path));
      if (rows == 0) rows = head.size();
      reader->eof_ = true;
      break;
    }
    if (head.size() > (64u << 20)) {
      return Error::InvalidArgument("InvalidUsageFile",
                                    fmt::format("{}:1: the header row never ends.", path));
    }
  }
  // The first line break outside quotes ends the header.
  size_t header_end = 0;
  bool quoted = false;
  const std::string_view text = head.view();
  for (; header_end < text.size(); ++header_end) {
    if (text[header_end] == '"') quoted = !quoted;
    if (text[header_end] == '\n' && !quoted) break;
  }
  const size_t header_length = header_end < head.size() ? header_end + 1 : head.size();
  auto table = ParseCsv(text.substr(0, header_length), path);
  if (!table.ok()) return Error::InvalidArgument("InvalidUsageFile", table.error().message);
  if (table->header.empty())
    return Error::InvalidArgument("InvalidUsageFile",
                                  fmt::format("{}: the file has no header row.", path));
  reader->header_ = table->header;
  reader->carry_ = std::string(text.substr(header_length));
  reader->carry_offset_ = header_length;
  return reader;
}

Result<bool> UsageFileReader::Next(ChunkBuffer& chunk, std::uint64_t& offset, size_t target_bytes) {
  chunk.clear();
  chunk.Append(carry_);
  offset = carry_offset_;
  while (true) {
    if (!eof_) {
      const size_t want = chunk.size() < target_bytes ? target_bytes - chunk.size() : target_bytes;
      PAL_ASSIGN_OR_RETURN(auto got, Read(chunk, want));
      if (got == 0) eof_ = true;
    }
    if (eof_) {  // the rest of the file, whole or not
      carry_.clear();
      carry_offset_ = offset + chunk.size();
      return !chunk.empty();
    }
    const size_t whole = WholeRows(chunk.view());
    if (whole > 0) {
      carry_.assign(chunk.view().substr(whole));
      carry_offset_ = offset + whole;
      chunk.Resize(whole);
      return true;
    }
    // One row longer than the chunk: read more.
  }
}

std::uint64_t UsageFileReader::LineAt(const std::string& path, std::uint64_t offset) {
  std::unique_ptr<UsageFileReader> reader(new UsageFileReader());
  if (!reader->OpenStream(path).ok()) return 0;
  std::uint64_t line = 1;
  std::uint64_t at = 0;
  ChunkBuffer text;
  while (at < offset) {
    text.clear();
    auto got =
        reader->Read(text, static_cast<size_t>(std::min<std::uint64_t>(1 << 20, offset - at)));
    if (!got.ok() || *got == 0) break;
    for (char c : text.view()) line += c == '\n' ? 1 : 0;
    at += *got;
  }
  return line;
}

}  // namespace pal::attribution
