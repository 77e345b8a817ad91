// libFuzzer target: fuzz::sweep_file (targets.hpp).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::sweep_file(data, size);
    return 0;
}
