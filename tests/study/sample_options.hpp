// The study's default options, complete enough to pass check(): a data
// folder (never read by these tests) and the results folder given.
#pragma once

#include <filesystem>

#include "options.hpp"

namespace study::testing {

inline options defaults_in(const std::filesystem::path& out) {
    options o;
    o.data_dir = "/data/mnist";
    o.out = out.string();
    return o;
}

}  // namespace study::testing
