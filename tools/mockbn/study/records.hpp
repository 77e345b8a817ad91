// The research layer's run results and records (mockbn/research/
// run_result.hpp), under the study's names, and a variant's runs that did
// not diverge, which the report's averages read.
#pragma once

#include <string>
#include <vector>

#include <mockbn/research/run_result.hpp>

namespace study {

using mockbn::research::epoch_record;
using mockbn::research::histogram_bins;
using mockbn::research::histogram_high;
using mockbn::research::histogram_low;
using mockbn::research::parameter_record;
using mockbn::research::run_result;
using mockbn::research::stage_record;

inline std::vector<const run_result*> healthy_runs(const std::vector<run_result>& runs, const std::string& variant) {
    std::vector<const run_result*> mine;
    for (const auto& r : runs)
        if (r.variant == variant && !r.diverged) mine.push_back(&r);
    return mine;
}

}  // namespace study
