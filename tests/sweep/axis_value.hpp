// A configuration's value of one axis, as jobs.csv writes it, for the sweep's tests.
#pragma once

#include <string>

#include "outcome.hpp"

namespace sweep::testing {

inline std::string value(const configuration& c, const std::string& name) {
    for (std::size_t k = 0; k < axis_names.size(); ++k)
        if (axis_names[k] == name) return c.values[k];
    return "no such axis";
}

}  // namespace sweep::testing
