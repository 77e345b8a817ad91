// libFuzzer target: fuzz::idx (targets.hpp).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::idx(data, size);
    return 0;
}
