// mockbn/research/peaks.hpp
//
// The rule for "two peaks": a distribution's two main modes
// (analysis::main_modes) lie on opposite sides of zero, where the ReLU
// cuts. Claims 1 and 2 of the original study judge the pooled histogram by
// it, and a feature of the probed layer counts as bimodal by it.
//
// Contract: two_peaks(modes), modes highest first, is +1 when the first two
// lie on opposite sides of zero and the higher is the positive one (zero
// counts as positive), −1 when the higher is the negative one, and 0 with
// fewer than two modes or both on one side. bimodal(modes) is
// two_peaks(modes) != 0.
#pragma once

#include <vector>

#include "mockbn/analysis/modes.hpp"

namespace mockbn::research {

inline int two_peaks(const std::vector<analysis::mode>& modes) {
    if (modes.size() < 2) return 0;
    const auto& higher = modes[0];
    const auto& lower = modes[1];
    if ((higher.location < 0) == (lower.location < 0)) return 0;
    return higher.location > 0 ? +1 : -1;
}

inline bool bimodal(const std::vector<analysis::mode>& modes) { return two_peaks(modes) != 0; }

}  // namespace mockbn::research
