// Growing a finished sweep's seeds where a claim's power calculation asks
// for more (mockbn sweep --resume DIR --grow CLAIMS; docs/sweep.md,
// "Growing seeds").
//
// Contract: growth_for(g, o, judged, claims, most) gives the growth entries
// (grid.hpp) to add to g: for each configuration (each id once) and each
// claim named, the seeds mockbn::research::seeds_wanted gives from the
// configuration's finding (its power calculation on the spread its runs
// show, at most `most`; none where the claim's premise is excluded),
// beyond the seeds the configuration runs the claim's paired variants with,
// for those of them it runs: the next seeds after its largest. A
// configuration grows once per claim: one g already grew for it is left as
// it is, since seeds drawn again from a spread measured on grown runs would
// be chosen by the outcome. A claim the ledger lacks, or one judged on no
// paired differences, throws study::usage_error naming it and the claims
// that can grow.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "grid.hpp"
#include "outcome.hpp"
#include "report_verdicts.hpp"

namespace sweep {

std::vector<growth> growth_for(const grid& g, const outcome& o, const std::vector<judged_configuration>& judged,
                               const std::vector<std::string>& claims, std::size_t most);

}  // namespace sweep
