// Replays every file of the fuzz corpus (tests/fuzz/corpus/<target>/, inputs
// the fuzzer found interesting and any that once crashed) through the fuzz
// targets, in the ordinary build: a regression test for each of them.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "targets.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_replay <corpus folder>\n");
        return 2;
    }
    const std::filesystem::path root = argv[1];
    std::size_t replayed = 0;
    for (const auto& [name, target] :
         {std::pair{"idx", &fuzz::idx}, std::pair{"gzip", &fuzz::gzip}, std::pair{"checkpoint", &fuzz::checkpoint},
          std::pair{"options", &fuzz::options_json}, std::pair{"sweep_file", &fuzz::sweep_file},
          std::pair{"folder", &fuzz::folder_files}}) {
        for (const auto& entry : std::filesystem::directory_iterator(root / name)) {
            std::ifstream file(entry.path(), std::ios::binary);
            const std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
            target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++replayed;
        }
    }
    std::printf("fuzz_replay: %zu corpus files replayed without a failure\n", replayed);
    return replayed > 0 ? 0 : 1;
}
