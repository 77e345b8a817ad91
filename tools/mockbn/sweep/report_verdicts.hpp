// Each configuration of a sweep judged as the study judges one: its summary
// (study::summarize) and the original study's four findings (study::judge), both on
// that configuration's own runs, and a finding's verdict as one of the four
// states the verdict maps colour.
//
// Contract: judge_configurations returns one entry per configuration, in
// grid order, computed by the study's code alone; it throws
// std::invalid_argument when the outcome does not hold one list of runs per
// configuration. A configuration without runs is judged all the same: its
// findings come out "not measured".
#pragma once

#include <string_view>
#include <vector>

#include "outcome.hpp"
#include "report.hpp"

namespace sweep {

enum class verdict { reproduced, not_reproduced, inconclusive, not_measured };
inline constexpr verdict all_verdicts[] = {verdict::reproduced, verdict::not_reproduced, verdict::inconclusive,
                                           verdict::not_measured};

// A finding's state: not_measured when its runs lacked what its rule needs,
// otherwise its verdict.
verdict verdict_of(const study::finding& f);

// "reproduced", "not reproduced", "inconclusive", "not measured".
std::string_view verdict_name(verdict v);

// The colour a verdict's cells have, on the page and in the figure: "#a6dba0".
std::string_view verdict_colour(verdict v);

struct judged_configuration {
    std::vector<study::variant_summary> summary;  // per variant, in the configuration's order
    std::vector<study::finding> findings;         // the original study's four, in the study's order
};

std::vector<judged_configuration> judge_configurations(const outcome& o);

}  // namespace sweep
