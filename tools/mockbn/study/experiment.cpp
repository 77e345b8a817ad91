#include "experiment.hpp"

#include <cstddef>
#include <optional>
#include <utility>

#include <mockbn/transforms/registry.hpp>

#include "training_shards.hpp"

namespace study {

namespace {

// train_in_shard<K> for the K that is `shard`.
template <std::size_t... K>
std::optional<run_result> train_in(std::size_t shard, const job_start& start, std::index_sequence<K...>) {
    std::optional<run_result> result;
    ((shard == K ? void(result = train_in_shard<K>(start)) : void()), ...);
    return result;
}

}  // namespace

run_result run_job(const options& o, const study_data& data, const job& j, const std::filesystem::path& checkpoint,
                   const environment& where, const progress_sink& progress) {
    const run_store store(checkpoint, run_identity(o, j.variant, j.seed, where), o);
    const epoch_recorder recorder(o, data, j, progress);
    const mockbn::research::divergence_policy policy(o.on_divergence);
    const run_parts parts{store, recorder, policy};
    const std::size_t shard = mockbn::variant_index(j.variant) % training_shards;
    return *train_in(shard, {o, data, j, where, parts}, std::make_index_sequence<training_shards>{});
}

}  // namespace study
