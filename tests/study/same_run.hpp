// Checks that two study runs went and recorded the same, bit for bit (a NaN
// equals itself); the wall time of each epoch only if asked.
#pragma once

#include <doctest/doctest.h>

#include "records.hpp"
#include "research/same_records.hpp"

namespace study::testing {

inline void check_same_run(const run_result& a, const run_result& b, bool with_seconds = true) {
    mockbn::testing::check_same_divergence(a, b);
    CHECK(a.kernels == b.kernels);
    mockbn::testing::check_same_records(a, b, with_seconds);
}

}  // namespace study::testing
