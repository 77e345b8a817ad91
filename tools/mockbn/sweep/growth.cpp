#include "growth.hpp"

#include <algorithm>

#include "command_line.hpp"
#include "ledger.hpp"
#include "variants.hpp"

namespace sweep {

namespace {

// The claim's index in the ledger; a usage error naming the claims that can grow otherwise.
std::size_t growing_claim(const std::string& id) {
    const auto& claims = study::ledger_claims();
    std::string growable;
    for (std::size_t k = 0; k < claims.size(); ++k) {
        if (claims[k].paired.empty() && !claims[k].pairs_fixed_shapes) continue;
        if (claims[k].id == id) return k;
        (growable += growable.empty() ? "" : ", ") += claims[k].id;
    }
    throw study::usage_error("--grow: claim '" + study::printable(id) +
                             "' is not one judged on paired differences; those that can grow: " + growable);
}

// The variants of configuration c's options that claim k pairs.
std::vector<std::string> paired_variants(const configuration& c, const mockbn::research::claim& k) {
    std::vector<std::string> wanted = k.paired;
    if (k.pairs_fixed_shapes)
        for (auto& v : study::variants().with_role(mockbn::variant_role::fixed_shape)) wanted.push_back(std::move(v));
    std::vector<std::string> run;
    for (const auto& v : c.options.variants)
        if (std::find(wanted.begin(), wanted.end(), v) != wanted.end()) run.push_back(v);
    return run;
}

// How many seeds configuration c runs every one of `variants` with: its grid's, and those grown for each.
std::size_t common_seeds(const configuration& c, const std::vector<std::string>& variants) {
    std::vector<std::uint64_t> grown;
    for (const auto& j : c.grown) grown.push_back(j.seed);
    std::sort(grown.begin(), grown.end());
    grown.erase(std::unique(grown.begin(), grown.end()), grown.end());
    const auto runs = [&](const std::string& v, std::uint64_t seed) {
        return std::any_of(c.grown.begin(), c.grown.end(),
                           [&](const study::job& j) { return j.variant == v && j.seed == seed; });
    };
    return c.options.seeds.size() +
           static_cast<std::size_t>(std::count_if(grown.begin(), grown.end(), [&](std::uint64_t seed) {
               return std::all_of(variants.begin(), variants.end(), [&](const auto& v) { return runs(v, seed); });
           }));
}

}  // namespace

std::vector<growth> growth_for(const outcome& o, const std::vector<judged_configuration>& judged,
                               const std::vector<std::string>& claims, std::size_t most) {
    std::vector<growth> added;
    for (const auto& id : claims) {
        const std::size_t k = growing_claim(id);
        const auto& claim = study::ledger_claims()[k];
        std::vector<std::string> seen;  // configuration ids, each grown once
        for (std::size_t c = 0; c < o.configurations.size(); ++c) {
            const auto& configuration = o.configurations[c];
            if (std::find(seen.begin(), seen.end(), configuration.id) != seen.end()) continue;
            seen.push_back(configuration.id);
            const auto variants = paired_variants(configuration, claim);
            if (variants.empty()) continue;
            const auto& asked = judged[c].ledger.findings[k];  // on the grid's runs alone
            const std::size_t want = mockbn::research::seeds_wanted(asked, configuration.options.seeds.size(), most);
            if (want <= common_seeds(configuration, variants)) continue;
            // The grid's seeds, then the next ones after its largest: the first `want` (a variant given some of
            // them by an earlier growth is not given them twice).
            growth grown{configuration.id, id, variants, {}};
            const auto& grid_seeds = configuration.options.seeds;
            std::uint64_t seed = *std::max_element(grid_seeds.begin(), grid_seeds.end());
            while (grid_seeds.size() + grown.seeds.size() < want) grown.seeds.push_back(++seed);
            added.push_back(std::move(grown));
        }
    }
    return added;
}

}  // namespace sweep
