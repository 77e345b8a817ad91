// The sweep's report page, report.html, ledger.md and their figures: for
// each claim of the original study's ledger a map of its verdicts across
// the grid, the ledger across the grid (ledger_grid.hpp) with the
// sensitivity map and the positive control, per configuration the final
// test accuracy of every variant over its seeds, where the numbers were
// computed, the axes, and links to the data.
//
// Contract:
//  - Each configuration is judged by the study's own code on its own runs
//    (report_verdicts.hpp); the maps are laid out by report_layout.hpp's rule.
//  - Writes the verdicts' and the sensitivity's data (report_figure.hpp,
//    report_sensitivity.hpp) always, figures/verdicts.gp when the map fits a
//    figure (fits_map), figures/sensitivity.gp when the grid is small
//    enough, figures/fig10_detection.gp always, and ledger.md; draws their
//    PNG and SVG with gnuplot, without a shell, only when `figures` is true;
//    then writes report.html atomically. Whatever the grid, the page stays
//    bounded: a map too large is summarized as counts of each verdict, and
//    the accuracy table lists at most 1,000 configurations. Every string of the sweep is
//    HTML-escaped; the page loads nothing from the network.
//  - When a stop has been requested (interrupt.hpp), before or while the
//    figure is drawn, report.html is left as it was and drawn is false: the
//    same call later writes it.
//  - Throws std::invalid_argument for an outcome without configurations or
//    one that breaks outcome.hpp's contract, and study::study_error (status
//    1) for a file that cannot be written.
#pragma once

#include <filesystem>
#include <vector>

#include "outcome.hpp"
#include "report.hpp"
#include "report_verdicts.hpp"

namespace sweep {

struct written_sweep_report {
    std::vector<judged_configuration> configurations;  // per configuration, in grid order
    bool drawn = false;  // false when figures were not asked for or gnuplot failed (the page says which)
                         // true for a map too large for a figure: nothing failed
};

written_sweep_report write_sweep_report(const std::filesystem::path& out, const outcome& o,
                                        const study::provenance& where, bool figures);
// The same with the configurations already judged (judge_configurations(o)), as the sweep judges them once for
// its result files and its report.
written_sweep_report write_sweep_report(const std::filesystem::path& out, const outcome& o,
                                        std::vector<judged_configuration> judged, const study::provenance& where,
                                        bool figures);

}  // namespace sweep
