// The sensitivity map: per configuration and claim, the share of the
// claim's threshold settings under which it reproduces (research::
// sensitivity), under each reading. Its data, figures/data/sensitivity.csv
// (config, config_id, every varying axis, claim, strict, weak, settings),
// is written for every grid; the figure, figures/sensitivity.gp (a heat
// map, one row per configuration by its number, one column per claim and
// reading) with its cells figures/data/sensitivity_cells.csv, only for a
// grid of at most most_sensitivity_rows configurations.
//
// Contract: write_sensitivity_figure writes those files whole and returns
// the script's name, or nothing for a grid too large to draw; it draws
// nothing (gnuplot.hpp's draw does).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "report_verdicts.hpp"

namespace sweep {

inline constexpr std::size_t most_sensitivity_rows = 200;

std::optional<std::string> write_sensitivity_figure(const std::filesystem::path& figures, const outcome& o,
                                                    const std::vector<judged_configuration>& judged);

}  // namespace sweep
