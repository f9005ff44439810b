#include "attribution/usage_scan.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <thread>

#include "attribution/progress_meter.h"
#include "attribution/usage_file_reader.h"
#include "core/mutex.h"

namespace pal::attribution {
namespace {

struct Chunk {
  size_t file = 0;
  std::uint64_t offset = 0;
  ChunkBuffer text;
};

// A bounded queue of chunks and a pool of spare ones (their buffers are reused).
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t capacity) : capacity_(capacity) {}

  std::unique_ptr<Chunk> Spare() {
    MutexLock lock(mutex_);
    while (ready_.size() >= capacity_ && !stopped_) space_.Wait();
    if (spare_.empty()) return std::make_unique<Chunk>();
    auto c = std::move(spare_.back());
    spare_.pop_back();
    return c;
  }
  void Push(std::unique_ptr<Chunk> c) {
    {
      MutexLock lock(mutex_);
      ready_.push_back(std::move(c));
    }
    available_.NotifyOne();
  }
  // Blocks until a chunk is ready or the producer is done; nullptr at the end.
  std::unique_ptr<Chunk> Pop() {
    MutexLock lock(mutex_);
    while (ready_.empty() && !done_) available_.Wait();
    if (ready_.empty()) return nullptr;
    auto c = std::move(ready_.front());
    ready_.pop_front();
    space_.NotifyOne();
    return c;
  }
  void Recycle(std::unique_ptr<Chunk> c) {
    MutexLock lock(mutex_);
    spare_.push_back(std::move(c));
  }
  void Done() {
    {
      MutexLock lock(mutex_);
      done_ = true;
    }
    available_.NotifyAll();
  }
  void Stop() {
    {
      MutexLock lock(mutex_);
      stopped_ = true;
    }
    space_.NotifyAll();
  }

 private:
  size_t capacity_;
  Mutex mutex_;
  CondVar available_{mutex_};
  CondVar space_{mutex_};
  std::deque<std::unique_ptr<Chunk>> ready_ PAL_GUARDED_BY(mutex_);
  std::vector<std::unique_ptr<Chunk>> spare_ PAL_GUARDED_BY(mutex_);
  bool done_ PAL_GUARDED_BY(mutex_) = false;
  bool stopped_ PAL_GUARDED_BY(mutex_) = false;
};

}  // namespace

Result<UsageScanResult> ScanUsage(const UsageScanOptions& options,
                                  const std::function<UsageChunkConsumer&(unsigned)>& consumer_of) {
  const auto started = std::chrono::steady_clock::now();
  UsageScanResult result;
  std::vector<std::unique_ptr<UsageFileReader>> readers;
  std::vector<UsageLayout> layouts;
  for (const auto& path : options.files) {
    PAL_ASSIGN_OR_RETURN(auto reader, UsageFileReader::Open(path));
    PAL_ASSIGN_OR_RETURN(auto layout, DetectUsageLayout(reader->header(), path));
    result.bytes += reader->disk_size();
    result.layouts.push_back(
        fmt::format("{} ({})", UsageLayoutName(layout.kind), layout.cost_column));
    layouts.push_back(layout);
    readers.push_back(std::move(reader));
  }
  const unsigned threads = std::max(1u, options.threads);
  ChunkQueue queue(threads * 2);
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> rows{0};
  std::atomic<std::uint64_t> disk_read{0};  // bytes of the files on disk read so far
  // What the threads found wrong: the earliest problem (by file and offset) and a read error.
  struct Problems {
    Mutex mutex;
    std::optional<std::pair<std::pair<size_t, std::uint64_t>, UsageProblem>> first
        PAL_GUARDED_BY(mutex);
    std::optional<Error> read_error PAL_GUARDED_BY(mutex);
  } problems;

  std::thread producer([&] {
    std::uint64_t finished = 0;  // bytes of the files already read
    for (size_t f = 0; f < readers.size() && !stop; ++f) {
      while (!stop) {
        auto chunk = queue.Spare();
        if (stop) break;
        chunk->file = f;
        auto more = readers[f]->Next(chunk->text, chunk->offset, options.chunk_bytes);
        if (!more.ok()) {
          MutexLock lock(problems.mutex);
          problems.read_error = more.error();
          stop = true;
          break;
        }
        if (!*more) {
          queue.Recycle(std::move(chunk));
          break;
        }
        queue.Push(std::move(chunk));
        disk_read = finished + readers[f]->disk_consumed();
      }
      finished += readers[f]->disk_size();
      disk_read = finished;
    }
    queue.Done();
  });
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      UsageChunkConsumer& consumer = consumer_of(w);
      while (auto chunk = queue.Pop()) {
        const auto outcome =
            consumer.Consume(chunk->file, layouts[chunk->file], chunk->text.view(), chunk->offset);
        rows += outcome.rows;
        if (outcome.first_problem != UINT64_MAX && options.strict) {
          MutexLock lock(problems.mutex);
          const auto at = std::make_pair(chunk->file, outcome.first_problem);
          if (!problems.first || at < problems.first->first) problems.first = {at, outcome.problem};
          stop = true;
          queue.Stop();
        }
        queue.Recycle(std::move(chunk));
      }
    });
  }
  std::unique_ptr<ProgressMeter> meter;
  if (options.progress) {
    meter = std::make_unique<ProgressMeter>(result.bytes, [&] {
      return ProgressMeter::Reading{disk_read.load(), rows.load()};
    });
  }
  producer.join();
  for (auto& w : workers) w.join();
  if (meter) meter->Finish();
  MutexLock lock(problems.mutex);  // the threads are done; this is for the analysis
  if (problems.read_error) return *problems.read_error;
  result.rows = rows;
  if (problems.first) {
    const auto& [at, problem] = *problems.first;
    result.strict_problem = fmt::format("{}:{}: {}", options.files[at.first],
                                        UsageFileReader::LineAt(options.files[at.first], at.second),
                                        UsageProblemText(problem));
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace pal::attribution
