// The verdict maps as one figure, figures/verdicts.gp (drawn to .png and
// .svg beside it): under a legend, one block per finding, headed by its
// claim, each a faceted map (report_layout.hpp) with a coloured cell per
// configuration. Its data, in figures/data/: verdict_cells.csv (x, y and
// state of every cell, which the script reads) and verdicts.csv, the tidy
// form (config, config_id, every varying axis, finding, verdict).
//
// Contract: write_verdict_figure writes those three files and returns the
// script's name; it draws nothing (gnuplot.hpp's draw does). Every string of
// the sweep reaches the script as one gnuplot string literal, and the CSV
// fields are quoted where they must be.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "report_layout.hpp"
#include "report_verdicts.hpp"

namespace sweep {

std::string write_verdict_figure(const std::filesystem::path& figures, const outcome& o, const map_layout& layout,
                                 const std::vector<judged_configuration>& judged);

}  // namespace sweep
