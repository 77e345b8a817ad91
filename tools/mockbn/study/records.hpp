// The research layer's run results and records (mockbn/research/
// run_result.hpp), under the study's names.
#pragma once

#include <mockbn/research/run_result.hpp>

namespace study {

using mockbn::research::epoch_record;
using mockbn::research::histogram_bins;
using mockbn::research::histogram_high;
using mockbn::research::histogram_low;
using mockbn::research::parameter_record;
using mockbn::research::run_result;
using mockbn::research::stage_record;

}  // namespace study
