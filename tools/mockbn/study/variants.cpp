#include "variants.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <utility>

#include <mockbn/transforms/registry.hpp>

#include "training_shards.hpp"

namespace study {

namespace {

// The trainer of the registry's variant `name`, compiled in its shard.
template <std::size_t... K>
trainer shard_trainer(std::string_view name, std::size_t shard, std::index_sequence<K...>) {
    trainer found;
    ((shard == K ? void(found = trainer_in_shard<K>(name)) : void()), ...);
    if (!found.job) throw std::logic_error("study: the registry's variant " + std::string(name) + " has no trainer");
    return found;
}

std::unique_ptr<variant_catalog>& installed() {
    static std::unique_ptr<variant_catalog> catalog;
    return catalog;
}

}  // namespace

variant_catalog registry_catalog() {
    variant_catalog catalog;
    std::size_t index = 0;
    mockbn::for_each_variant([&]<class V>() {
        const std::size_t shard = index++ % training_shards;
        catalog.add(
            mockbn::research::entry_of<V>(shard_trainer(V::name, shard, std::make_index_sequence<training_shards>{})));
    });
    return catalog;
}

void install(variant_catalog catalog) { installed() = std::make_unique<variant_catalog>(std::move(catalog)); }

const variant_catalog& variants() {
    if (!installed()) install(registry_catalog());
    return *installed();
}

std::vector<std::string> all_variants() { return variants().names(); }

std::size_t name_width(const std::vector<std::string>& names) {
    std::size_t width = 0;
    for (const auto& name : names) width = std::max(width, name.size());
    return width;
}

}  // namespace study
