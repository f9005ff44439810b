#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/output_format.h"

namespace CLI {
class App;
}

namespace pal::cli {

// What the command groups share while the command line is parsed. Each group registers its
// commands with a function of its own, Register...Commands(CLI::App&, CommandContext&); the
// chosen command leaves its action here and main() runs it. One command runs per process, so
// the commands of a group may share the variables their options fill in.
class CommandContext {
 public:
  // -o/--output of the chosen command: json (default), table or tsv.
  std::string output = "json";
  // --data and --store of the commands on a data directory (pal admin ...).
  std::string data_dir = ".pal";
  std::string store_url;

  // Adds "-o/--output json|table|tsv", bound to `output`.
  void AddOutputOption(CLI::App* command);
  // Adds --data, --store and -o: the options of every command on a data directory.
  void AddDataDirectoryOptions(CLI::App* command);
  // `output` as a format.
  OutputFormat Format() const;

  // Makes `run` the action when `command` is the one chosen.
  void OnChosen(CLI::App* command, std::function<int()> run);

  // A value for a group's options to fill in, alive as long as the context (CLI11 keeps
  // references to the variables it fills).
  template <typename T>
  T& Hold() {
    auto value = std::make_shared<T>();
    T& held = *value;
    held_.push_back(std::move(value));
    return held;
  }

  // After parsing: binds the data directory to --store when one was given, then runs the chosen
  // command's action. Returns the process exit code (2 when no command was chosen).
  int RunChosenCommand();

 private:
  std::function<int()> action_;
  std::vector<std::shared_ptr<void>> held_;
};

}  // namespace pal::cli
