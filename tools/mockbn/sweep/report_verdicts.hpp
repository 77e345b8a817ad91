// Each configuration of a sweep judged as the study judges one: its summary
// (study::summarize) and the reproduction ledger (study::judge_ledger), both
// on that configuration's own runs, and the colour each verdict has on the
// sweep's maps.
//
// Contract: judge_configurations returns one entry per configuration, in
// grid order, computed by the study's code alone, the positive controls
// drawn once for the whole grid (into `controls`, by default the process's
// shared_controls()); it throws std::invalid_argument when the
// outcome does not hold one list of runs per configuration. A configuration
// without runs is judged all the same: its claims come out "not measured".
// mapped_claims() lists the ledger's claims that have readings to map (the
// indices into study::ledger_claims()).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <mockbn/research/controls.hpp>
#include <mockbn/research/ledger.hpp>

#include "outcome.hpp"
#include "report.hpp"

namespace sweep {

using mockbn::research::all_verdicts;
using mockbn::research::verdict;
using mockbn::research::verdict_name;

// The colour a verdict's cells have, on the page and in the figure: "#a6dba0".
std::string_view verdict_colour(verdict v);

struct judged_configuration {
    std::vector<study::variant_summary> summary;  // per variant, in the configuration's order
    study::judged_ledger ledger;                  // per claim of study::ledger_claims()
};

std::vector<judged_configuration> judge_configurations(const outcome& o, mockbn::research::control_bank& controls);
std::vector<judged_configuration> judge_configurations(const outcome& o);

std::vector<std::size_t> mapped_claims();

}  // namespace sweep
