// How much memory a study needs, checked against what the machine has
// before anything is trained.
#pragma once

#include <cstddef>
#include <cstdint>

#include "options.hpp"

namespace study {

struct memory_plan {
    std::uint64_t parameters = 0;  // of one run's network
    std::uint64_t per_run = 0;     // bytes: parameters, gradients, optimizer state, checkpoint copies, activations
    std::size_t runs_at_once = 0;  // min(threads, runs)
    std::uint64_t total() const { return per_run * runs_at_once; }
};

// An upper estimate for `runs` runs under o, at most o.threads of them at
// once, of networks of `features` inputs and `classes` outputs; without
// `runs`, o's own (its variants times its seeds).
memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs);
memory_plan plan_memory(const options& o, std::size_t features, std::size_t classes);

// What the operating system can still give (MemAvailable), in bytes.
std::uint64_t available_memory();

// Throws a refusal stating both numbers when the plan does not fit.
void require_memory(const options& o, std::size_t features, std::size_t classes, std::size_t runs);
void require_memory(const options& o, std::size_t features, std::size_t classes);

}  // namespace study
