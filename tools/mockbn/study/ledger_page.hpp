// The reproduction ledger as the reports show it (ledger.hpp): the blocks
// of its page (document.hpp), shared by the study's report and the
// sweep's, and the positive control's figure.
//
// Contract:
//  - claim_blocks(c): a claim's words, where they stand, its two readings,
//    its premises and the assumptions it rests on (with their basis).
//  - finding_blocks(f, s, seeds): what one configuration's runs say of it:
//    each reading's verdict and reason, the effects with their intervals,
//    the power (seeds needed against `seeds` run) and the sensitivity.
//  - setup_blocks(): the fidelity table.
//  - detection_blocks(curve, images, width, image): the positive control
//    of claim 1's rule as a table and a figure (`image`, relative to the
//    page; "" when it was not drawn, and the blocks then name its script),
//    said in words; for an empty curve (no bn ran), that it is not drawn.
//  - study_ledger_blocks(o, l, curve, image): the whole ledger of one
//    configuration: its table, each claim, the set-up, the control.
//  - write_detection_figure(figures, curve): figures/data/detection.csv and
//    the script figures/fig10_detection.gp; returns the figure's name.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "document.hpp"
#include "ledger.hpp"
#include "options.hpp"

namespace study {

std::vector<block> claim_blocks(const claim& c);
std::vector<block> finding_blocks(const finding& f, const sensitivity_share& s, std::size_t seeds);
std::vector<block> setup_blocks();
std::vector<block> detection_blocks(const std::vector<detection_point>& curve, std::size_t images, std::size_t width,
                                    const std::string& image);
std::vector<block> study_ledger_blocks(const options& o, const judged_ledger& l,
                                       const std::vector<detection_point>& curve, const std::string& image);

std::string write_detection_figure(const std::filesystem::path& figures, const std::vector<detection_point>& curve);

}  // namespace study
