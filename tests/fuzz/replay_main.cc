// Runs a fuzz target without libFuzzer (any compiler): every file of the corpus directories
// given on the command line, then deterministic mutations of each, so CI exercises the target
// with the project's normal build. The real fuzzer is the PAL_FUZZ build with clang.
//   <target>_replay [-mutations=N] <corpus directory>...   (N defaults to 2000)
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

constexpr int kDefaultMutationsPerInput = 2000;

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string Mutate(std::string input, std::mt19937& rng) {
  // Pieces of every target's format: ARM ids, JSON, CSV, form encoding, JWTs.
  static const std::string kPieces[] = {"/",
                                        "//",
                                        "providers",
                                        "subscriptions",
                                        "resourceGroups",
                                        "Microsoft.Compute",
                                        "x",
                                        ".",
                                        "(",
                                        "%",
                                        "\xff",
                                        "",
                                        "{",
                                        "}",
                                        "[",
                                        "]",
                                        "\"",
                                        ":",
                                        ",",
                                        "null",
                                        "1e999",
                                        "\\u0000",
                                        "\n",
                                        "\r\n",
                                        "\"\"",
                                        "=",
                                        "&",
                                        "+",
                                        "%2",
                                        "%00",
                                        "eyJ",
                                        "-_",
                                        "\xc3\xa9",
                                        "\xed\xa0\x80"};
  std::uniform_int_distribution<int> op(0, 3);
  const size_t pos = input.empty() ? 0 : rng() % (input.size() + 1);
  switch (op(rng)) {
    case 0:
      if (!input.empty()) input.erase(pos % input.size(), 1 + rng() % 8);
      break;
    case 1:
      input.insert(pos, kPieces[rng() % std::size(kPieces)]);
      break;
    case 2:
      if (!input.empty()) input[pos % input.size()] = static_cast<char>(rng());
      break;
    default:
      input += input.substr(0, pos);
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  int mutations = kDefaultMutationsPerInput;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-mutations=", 0) == 0) {
      mutations = std::stoi(arg.substr(11));
      continue;
    }
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      std::ifstream file(entry.path(), std::ios::binary);
      inputs.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "no corpus inputs given\n");
    return 1;
  }
  std::mt19937 rng(20261122);
  for (const auto& input : inputs) {
    Run(input);
    std::string mutated = input;
    for (int i = 0; i < mutations; ++i) {
      mutated = Mutate(i % 50 == 0 ? input : mutated, rng);
      Run(mutated);
    }
  }
  std::printf("replayed %zu inputs with %d mutations each\n", inputs.size(), mutations);
  return 0;
}
