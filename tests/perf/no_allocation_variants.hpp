// After the first step, a training step allocates nothing, for every
// variant of the study, in stacks and mlps (allocations.hpp counts).
//
// Included by the units CMake generates from variant_shard.cpp.in, one per
// shard of the variants; each names its shard's policies `variant_shard`
// first.
#pragma once

#include <doctest/doctest.h>

#include "mockbn/mockbn.hpp"
#include "perf/allocations.hpp"

namespace {
using namespace mockbn;
using mockbn::testing::allocations_in_steps;
}  // namespace

TEST_CASE_TEMPLATE_DEFINE("no heap allocation in a training step after the first, for stacks and mlps", P,
                          every_variant_allocates_nothing) {
    {
        original_network<P> model{1};
        sgd optimizer{{.learning_rate = 0.01, .momentum = 0.9}};
        CHECK(allocations_in_steps(model, optimizer, 64) == 0);
    }
    {
        mlp<P> model({}, 1);
        adam optimizer{};
        CHECK(allocations_in_steps(model, optimizer, 64) == 0);
    }
    {
        mlp<P, shared> model({.transformed = {1, 2, 3, 4, 5}}, 1);
        rmsprop optimizer{};
        CHECK(allocations_in_steps(model, optimizer, 32) == 0);
    }
}
TEST_CASE_TEMPLATE_APPLY(every_variant_allocates_nothing, variant_shard);
