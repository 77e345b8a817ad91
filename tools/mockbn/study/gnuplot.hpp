// Figures drawn by gnuplot, as the study's and the sweep's reports draw them:
// a script per figure beside its PNG and SVG, reading its data from data/,
// run without a shell (process.hpp) so that no folder name or value reaches
// one.
//
// Contract:
//  - write_script writes <dir>/<name>.gp, which draws <name>.png and
//    <name>.svg at `size` ("width,height" in pixels) from `body` (gnuplot
//    commands, run once per format) when run from <dir>.
//  - draw runs each named script in a scratch folder beside it, checks that
//    both figures are whole, and only then moves them into <dir>: a failure
//    leaves the previous figures as they were and is reported on stderr,
//    prefixed with `program`. It stops early when a stop is requested
//    (interrupt.hpp), and returns true only if every figure was drawn. A
//    gnuplot that runs past 300 s (or $MOCKBN_FIGURE_SECONDS) on one figure,
//    or when a stop is requested, is killed, and its figure has failed.
//  - gnuplot_quoted makes any text one gnuplot string literal.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace study {

void write_script(const std::filesystem::path& dir, const std::string& name, const std::string& size,
                  const std::string& body);

bool draw(const std::filesystem::path& dir, const std::vector<std::string>& names, const std::string& program);

// A single-quoted gnuplot string: quotes doubled, control characters as \xNN (printable()).
std::string gnuplot_quoted(std::string_view text);

}  // namespace study
