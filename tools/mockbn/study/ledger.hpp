// The reproduction ledger of the original study (mockbn/research/
// original_ledger.hpp) judged on one configuration's runs, as the study's
// and the sweep's reports show it: each claim's verdicts, effects and
// power, its sensitivity to the thresholds, and the words that say under
// which conditions and with which instrument it was measured.
//
// Contract:
//  - ledger_claims() is original_ledger(), built once.
//  - shared_controls() is the bank of positive controls every report of this
//    process draws from: a synthetic layer depends on its model alone, so
//    it is drawn once however many reports are written (not thread-safe:
//    reports are written by one thread).
//  - judge_ledger(o, runs, controls) judges every claim at the options'
//    verdict layer (probes.hpp) and last epoch, with the catalog's fixed
//    shapes, at the default thresholds, and re-judges each over the declared
//    ranges (research::sensitivity). `controls` may serve many
//    configurations: it keeps the synthetic layers it has drawn.
//  - conditions_text(o) names the set-up a verdict holds under, and
//    instrument_text(o) what measured it; a verdict is reported as
//    "<verdict> under <conditions>, measured with <instrument>".
//  - detection_curve(o, controls): how often claim 1's rule fires,
//    strictly and weakly, on synthetic layers of o's probe images by its
//    width (research/controls.hpp) at separations 0 to 7 in steps of 0.5,
//    at the default thresholds: its positive control; empty when o runs no
//    bn, whose runs claim 1 reads (it is then not measured).
//  - ledger_json(l) is summary.json's "ledger": per claim its id, its
//    verdicts with their reasons, its effects, its power and sensitivity.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <mockbn/research/controls.hpp>
#include <mockbn/research/ledger.hpp>

#include "options.hpp"
#include "records.hpp"

namespace study {

using mockbn::research::claim;
using mockbn::research::finding;
using mockbn::research::sensitivity_share;

struct judged_ledger {
    std::vector<finding> findings;               // one per claim, in the ledger's order
    std::vector<sensitivity_share> sensitivity;  // likewise
};

const std::vector<claim>& ledger_claims();

mockbn::research::control_bank& shared_controls();

struct detection_point {
    double separation = 0, strict = 0, weak = 0;
};
std::vector<detection_point> detection_curve(const options& o, mockbn::research::control_bank& controls);

judged_ledger judge_ledger(const options& o, const std::vector<run_result>& runs,
                           mockbn::research::control_bank& controls);

std::string conditions_text(const options& o);
std::string instrument_text(const options& o);

nlohmann::json ledger_json(const judged_ledger& l);

}  // namespace study
