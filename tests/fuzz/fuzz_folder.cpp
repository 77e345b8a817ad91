// libFuzzer target: fuzz::folder_files (targets.hpp).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::folder_files(data, size);
    return 0;
}
