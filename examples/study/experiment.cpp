#include "experiment.hpp"

#include <optional>
#include <utility>

#include <mockbn/transforms/registry.hpp>

#include "training_shards.hpp"

namespace study {

run_result run_job(const options& o, const study_data& data, const job& j, const std::filesystem::path& checkpoint,
                   const environment& where, const progress_sink& progress) {
    const run_store store(checkpoint, run_identity(o, j.variant, j.seed, where), o);
    const epoch_recorder recorder(o, data, j, progress);
    const divergence_policy policy(o.on_divergence);
    const run_parts parts{store, recorder, policy};
    const job_start start{o, data, j, where, parts};
    const std::size_t shard = mockbn::variant_index(j.variant) % training_shards;
    std::optional<run_result> result;
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((shard == K ? void(result = train_in_shard<K>(start)) : void()), ...);
    }
    (std::make_index_sequence<training_shards>{});
    return std::move(*result);
}

}  // namespace study
