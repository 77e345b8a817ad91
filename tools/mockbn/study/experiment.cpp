#include "experiment.hpp"

#include <stdexcept>

#include "training_shards.hpp"
#include "variants.hpp"

namespace study {

run_result run_job(const options& o, const study_data& data, const job& j, const std::filesystem::path& checkpoint,
                   const environment& where, const progress_sink& progress) {
    const auto* variant = variants().find(j.variant);
    if (!variant) throw std::invalid_argument("study: no variant is called '" + printable(j.variant) + "'");
    const run_store store(checkpoint, run_identity(o, j.variant, j.seed, where), o);
    const epoch_recorder recorder(o, data, j, progress);
    const mockbn::research::divergence_policy policy(o.on_divergence);
    const run_parts parts{store, recorder, policy};
    return variant->train.job({o, data, j, where, parts});
}

}  // namespace study
