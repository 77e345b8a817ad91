// libFuzzer target: fuzz::gzip (targets.hpp).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::gzip(data, size);
    return 0;
}
