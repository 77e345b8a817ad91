// libFuzzer target: fuzz::options_json (targets.hpp).
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::options_json(data, size);
    return 0;
}
