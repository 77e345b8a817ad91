// The test runner: doctest, then the worst gradcheck error this run saw and
// the worst error of each named quantity.
#define DOCTEST_CONFIG_IMPLEMENT
#include <cstdio>

#include <doctest/doctest.h>

#include "support.hpp"

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int status = context.run();
    if (context.shouldExit()) return status;
    const auto& tally = mockbn::testing::tally();
    if (tally.checks > 0) std::printf("gradcheck: worst error %.3g over %zu checks\n", tally.worst, tally.checks);
    for (const auto& [name, worst] : mockbn::testing::worst_by_name())
        std::printf("%s: worst error %.3g\n", name.c_str(), worst);
    return status;
}
