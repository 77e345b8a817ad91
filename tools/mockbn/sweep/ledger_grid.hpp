// The reproduction ledger across a sweep's grid, as page blocks
// (study/document.hpp) for report.html and ledger.md: per claim, how many
// configurations give each verdict under each reading, the conditions
// under which it reproduces, the seeds its paired comparisons need (their
// spread pooled over the grid), and per configuration its verdicts, its
// main effect with its interval and its sensitivity to the thresholds; then
// the set-up, the positive control and the models against the runs
// (ledger_models.hpp).
//
// Contract: pure functions of the outcome and its judged configurations;
// per-configuration tables are written for at most most_tabled
// configurations (the counts always). configuration_label(o, c) names a
// configuration by its values on the varying axes ("optimizer adam,
// learning_rate 0.01"), or "the one configuration" without axes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document.hpp"
#include "ledger.hpp"
#include "outcome.hpp"
#include "report_verdicts.hpp"

namespace sweep {

inline constexpr std::size_t most_tabled = 64;

std::string configuration_label(const outcome& o, std::size_t c);

// The figures drawn this time, each shown where it belongs; one not drawn is left out (its data is written).
struct drawn_figures {
    bool verdicts = false, sensitivity = false, detection = false;
};

std::vector<study::block> grid_ledger_blocks(const outcome& o, const std::vector<judged_configuration>& judged,
                                             const std::vector<study::detection_point>& curve,
                                             const drawn_figures& drawn);

}  // namespace sweep
