// The verdict maps as one figure, figures/verdicts.gp (drawn to .png and
// .svg beside it): under a legend, one block per claim of the ledger that
// has readings (mapped_claims), headed by its words, each a faceted map
// (report_layout.hpp) with a cell per configuration, its left half coloured
// by the strict reading's verdict and its right half by the weak one's. Its
// data, in figures/data/: verdict_cells.csv (x, y and state of every half
// cell, which the script reads) and verdicts.csv, the tidy form (config,
// config_id, every varying axis, claim, strict, weak).
//
// Contract: write_verdict_figure writes verdicts.csv and, for a map that
// fits (fits_map), the script and its cells, returning the script's name
// (nothing for a map too large: the report summarizes it); it draws nothing
// (gnuplot.hpp's draw does). Every string of
// the sweep reaches the script as one gnuplot string literal, and the CSV
// fields are quoted where they must be.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "report_layout.hpp"
#include "report_verdicts.hpp"

namespace sweep {

// The largest map drawn or written out: at most most_mapped configurations
// in a figure at most most_pixels wide and tall, whatever the grid.
inline constexpr std::size_t most_mapped = 1000;
inline constexpr double most_pixels = 8000;
bool fits_map(const map_layout& layout, std::size_t configurations, std::size_t claims);

std::optional<std::string> write_verdict_figure(const std::filesystem::path& figures, const outcome& o,
                                                const map_layout& layout,
                                                const std::vector<judged_configuration>& judged);

}  // namespace sweep
