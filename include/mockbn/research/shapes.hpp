// mockbn/research/shapes.hpp
//
// What the ledger's shape rules read of one probed stage (records.hpp),
// under the thresholds they are judged at (thresholds.hpp).
//
// Contract:
//  - modes_of(s, t): the two main modes of s's histogram, found with t's
//    smoothing and prominence (analysis::main_modes), highest first.
//  - peak_sides(s, t): two_peaks (peaks.hpp) of those modes: +1 when they
//    lie on opposite sides of zero with the positive one higher, −1 with the
//    negative one higher, 0 otherwise.
//  - side_ratio(s): the larger of the two sides' extents (the 100th
//    percentile, and minus the 0th) over the smaller, at least 1; infinite
//    when a side holds no value.
//  - height_ratio(s, t): the higher main mode's height over the other's
//    (NaN with fewer than two modes).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "mockbn/analysis/modes.hpp"
#include "mockbn/research/peaks.hpp"
#include "mockbn/research/records.hpp"
#include "mockbn/research/thresholds.hpp"

namespace mockbn::research {

inline std::vector<analysis::mode> modes_of(const stage_record& s, const thresholds& t) {
    return analysis::main_modes(s.histogram, t.smoothing, 2, t.prominence);
}

inline int peak_sides(const stage_record& s, const thresholds& t) { return two_peaks(modes_of(s, t)); }

inline double side_ratio(const stage_record& s) {
    const double positive = s.percentiles.back(), negative = -s.percentiles.front();
    if (!(positive > 0 && negative > 0)) return std::numeric_limits<double>::infinity();
    return std::max(positive, negative) / std::min(positive, negative);
}

inline double height_ratio(const stage_record& s, const thresholds& t) {
    const auto modes = modes_of(s, t);
    return modes.size() < 2 ? std::numeric_limits<double>::quiet_NaN() : modes[0].height / modes[1].height;
}

}  // namespace mockbn::research
