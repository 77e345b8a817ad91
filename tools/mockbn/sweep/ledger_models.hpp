// The models across a sweep's grid (docs/study.md, "The models"), as ledger
// blocks for report.html and ledger.md: batch normalization's probed layer
// as a mixture of its classes, the fixed shapes' outputs predicted from
// their inputs, and how far the conservation law held, each over every
// finished run of the grid at its last epoch.
//
// Contract: reads the registry's variants' runs that did not diverge, at
// each configuration's verdict layer (the law at study::law_layer) and last
// epoch; a run without the records adds nothing, and a part with no run is
// left out (no block at all when none has records). The class model reads
// the variant each configuration's ledger reads as batch normalization
// (--ledger-bn). A pure function of the outcome.
#pragma once

#include <vector>

#include "document.hpp"
#include "outcome.hpp"

namespace sweep {

std::vector<study::block> model_blocks(const outcome& o);

}  // namespace sweep
