// What the gradient checks of whole networks share: moving parameters off
// their initial values, and the check itself on uniform inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mockbn/layers/gradcheck.hpp"
#include "mockbn/mockbn.hpp"
#include "support.hpp"

namespace mockbn::testing {

// Moves every transformation parameter away from its initial value, so that
// each partial derivative matters in the check.
template <class Stack, std::size_t K>
void jitter(Stack& model, std::uint64_t seed) {
    for (double& p : model.template parameters_of<K>()) p += uniform(seed, -0.3, 0.3);
}

// Uniform inputs from data_seed and labels cycling through the classes; any
// network of the engine (a stack or an mlp).
template <class Network>
void check_network(const std::string& name, Network& model, std::size_t rows, std::uint64_t data_seed) {
    const std::size_t inputs = model.entry_widths().front(), classes = model.entry_widths().back();
    const auto x = uniform_matrix(rows, inputs, data_seed, -1.0, 1.0);
    std::vector<int> labels(rows);
    for (std::size_t r = 0; r < rows; ++r) labels[r] = static_cast<int>((r * 7 + 3) % classes);
    const auto report = mockbn::testing::record(gradcheck(model, x, labels));
    mockbn::testing::record_worst("network gradcheck, " + name, report.worst_error);
    INFO(name << ": " << report);
    CHECK(report.within(1e-8));
    CHECK(report.checked == model.parameters().size());
}

}  // namespace mockbn::testing
