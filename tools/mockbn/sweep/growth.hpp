// Growing a finished sweep's seeds where a claim's power calculation asks
// for more (mockbn sweep --resume DIR --grow CLAIMS; docs/sweep.md,
// "Growing seeds").
//
// Contract: growth_for(o, judged, claims, most) gives the growth entries
// (grid.hpp) that bring each configuration of o (each id once), for each
// claim named, to the seeds mockbn::research::seeds_wanted gives from its
// finding in `judged`, which the caller computes on the grid's runs alone
// (their power calculation, at most `most`; none where the claim's premise
// is excluded), for those of the claim's paired variants it runs: the grid's
// seeds, then the next ones after its largest. A configuration whose
// variants already run that many seeds in common is left as it is: the same
// growth twice adds nothing, a larger `most` extends it towards the same
// ask, and no grown run ever decides how many seeds are run. A claim the
// ledger lacks, or one judged on no paired differences, throws
// study::usage_error naming it and the claims that can grow.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "grid.hpp"
#include "outcome.hpp"
#include "report_verdicts.hpp"

namespace sweep {

std::vector<growth> growth_for(const outcome& o, const std::vector<judged_configuration>& judged,
                               const std::vector<std::string>& claims, std::size_t most);

}  // namespace sweep
