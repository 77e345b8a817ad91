// The report's sharper probes (docs/study.md, "The report"): at the end of
// training, each feature's own bimodality against the pooled one
// (fig7_features), the probe histogram split by class (fig8_classes), and,
// when every hidden layer is probed, their trend with depth (fig9_depth);
// and the report's table of the pooled and per-feature numbers per layer.
//
// Contract: figures 7 and 8 read the verdict layer (probes.hpp) at the last
// epoch, over each variant's runs that did not diverge; figure 9 and the
// table read every probed layer. write_probe_figures writes the figures'
// data files into <figures>/data and their scripts into <figures>, and
// returns the scripts' names for draw(); write_probe_table writes one HTML
// section. Neither changes what a verdict reads.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "options.hpp"
#include "records.hpp"

namespace study {

std::vector<std::string> write_probe_figures(const std::filesystem::path& figures, const options& o,
                                             const std::vector<run_result>& runs);

void write_probe_table(std::ostream& html, const options& o, const std::vector<run_result>& runs);

}  // namespace study
