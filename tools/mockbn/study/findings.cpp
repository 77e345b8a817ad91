// The claims of the original study judged on one configuration's runs
// (mockbn/research/original_claims.hpp), at the layer and epoch the options
// give, with the fixed shapes the registry names.
#include <string>
#include <vector>

#include <mockbn/research/original_claims.hpp>
#include <mockbn/transforms/registry.hpp>

#include "probes.hpp"
#include "report.hpp"

namespace study {

namespace {

// The variants the registry lists as fixed shapes.
std::vector<std::string> fixed_shapes() {
    std::vector<std::string> names;
    mockbn::for_each_variant([&]<class V>() {
        if (V::role == mockbn::variant_role::fixed_shape) names.emplace_back(V::name);
    });
    return names;
}

}  // namespace

std::vector<variant_summary> summarize(const options& o, const std::vector<run_result>& runs) {
    return mockbn::research::summarize(o.variants, runs, verdict_layer(o), o.epochs);
}

std::vector<finding> judge(const options& o, const std::vector<run_result>& runs,
                           const std::vector<variant_summary>& summary) {
    return mockbn::research::judge(mockbn::research::original_claims(),
                                   {runs, summary, verdict_layer(o), o.epochs, fixed_shapes()});
}

}  // namespace study
