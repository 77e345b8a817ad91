// The claims of the original study judged on one configuration's runs
// (mockbn/research/original_claims.hpp), at the layer and epoch the options
// give, with the fixed shapes the catalog names (variants.hpp).
#include <string>
#include <vector>

#include <mockbn/research/original_claims.hpp>

#include "probes.hpp"
#include "report.hpp"
#include "variants.hpp"

namespace study {

std::vector<variant_summary> summarize(const options& o, const std::vector<run_result>& runs) {
    return mockbn::research::summarize(o.variants, runs, verdict_layer(o), o.epochs);
}

std::vector<finding> judge(const options& o, const std::vector<run_result>& runs,
                           const std::vector<variant_summary>& summary) {
    return mockbn::research::judge(
        mockbn::research::original_claims(),
        {runs, summary, verdict_layer(o), o.epochs, variants().with_role(mockbn::variant_role::fixed_shape)});
}

}  // namespace study
