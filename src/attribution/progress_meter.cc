#include "attribution/progress_meter.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "core/number_format.h"

namespace pal::attribution {
namespace {

std::string Bytes(double b) {
  if (b >= 1e9) return fmt::format("{:.2f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.0f} kB", b / 1e3);
}

}  // namespace

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressMeter::ProgressMeter(std::uint64_t total_bytes, std::function<Reading()> sample)
    : total_(total_bytes), sample_(std::move(sample)) {
  thread_ = std::thread([this] {
    const auto started = std::chrono::steady_clock::now();
    MutexLock lock(mutex_);
    while (!finished_) {
      const bool notified = wake_.WaitFor(std::chrono::milliseconds(250));
      if (!notified && !finished_) {
        Draw(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
    }
  });
}

ProgressMeter::~ProgressMeter() { Finish(); }

void ProgressMeter::Finish() {
  {
    MutexLock lock(mutex_);
    if (finished_) return;
    finished_ = true;
  }
  wake_.NotifyAll();
  if (thread_.joinable()) thread_.join();
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

void ProgressMeter::Draw(double seconds) {
  const Reading now = sample_();
  const double fraction =
      total_ == 0 ? 1.0
                  : std::min(1.0, static_cast<double>(now.bytes) / static_cast<double>(total_));
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  const double rate = seconds > 0 ? static_cast<double>(now.bytes) / seconds : 0;
  const std::string eta =
      rate > 0 && total_ > now.bytes
          ? fmt::format("{:.0f}s", static_cast<double>(total_ - now.bytes) / rate)
          : "-";
  std::fputs(
      fmt::format("\r\033[K[{}] {:3.0f}%  {} / {}  {} rows  {}/s  ETA {}", bar, fraction * 100,
                  Bytes(static_cast<double>(now.bytes)), Bytes(static_cast<double>(total_)),
                  FormatThousands(now.rows), Bytes(rate), eta)
          .c_str(),
      stderr);
  std::fflush(stderr);
}

}  // namespace pal::attribution
