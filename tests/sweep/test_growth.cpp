// Growing a finished sweep's seeds: the grown jobs numbered after every job
// of the grid (whose numbers stay), carried by the canonical form and read
// back from it, refused where they name what the grid lacks; and which
// configurations grow, by how much, for which variants: from each claim's
// power calculation, never where its premise is excluded, never twice.
#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "thrown.hpp"

#include "command_line.hpp"
#include "grid.hpp"
#include "growth.hpp"
#include "ledger.hpp"
#include "sweep_command.hpp"
#include "sweep_file.hpp"

using namespace sweep;
using mockbn::research::premise;
using mockbn::testing::problem;

namespace {

// Two configurations (SGD at two rates), plain, log_shift, bn and sqrt_shift, seeds 1 and 2.
grid two_rates() {
    grid g;
    g.given = {{"learning_rate", {"0.01", "0.1"}},
               {"variants", {"plain,log_shift,bn,sqrt_shift"}},
               {"seeds", {"1,2"}},
               {"data_dir", {"/data/mnist"}}};
    return g;
}

std::size_t claim_index(const std::string& id) {
    const auto& claims = study::ledger_claims();
    for (std::size_t k = 0; k < claims.size(); ++k)
        if (claims[k].id == id) return k;
    FAIL("no claim " << id);
    return 0;
}

// Each configuration judged with every claim's finding empty (not measured) but claim `id`'s, measured and
// undecided, which asks for `needed` seeds with its premise as given, one entry per configuration.
std::vector<judged_configuration> asking(std::size_t configurations, const std::string& id,
                                         const std::vector<std::size_t>& needed, const std::vector<premise>& premises) {
    std::vector<judged_configuration> judged(configurations);
    for (std::size_t c = 0; c < configurations; ++c) {
        judged[c].ledger.findings.resize(study::ledger_claims().size());
        auto& f = judged[c].ledger.findings[claim_index(id)];
        f.seeds_needed = needed[c];
        f.premise = premises[c];
        f.strict.verdict = mockbn::research::verdict::inconclusive;
    }
    return judged;
}

}  // namespace

TEST_CASE("grown jobs come after every job of the grid, whose numbers stay, and the canonical form carries them") {
    grid g = two_rates();
    const auto before = jobs_of(expand(g, "out"));
    REQUIRE(before.size() == 16);
    const auto configurations = expand(g, "out");
    g.grown.push_back({configurations[1].id, "4a", {"sqrt_shift", "bn"}, {3, 4}});
    const auto grown = expand(g, "out");
    CHECK(grown[0].grown.empty());
    CHECK(grown[1].grown.size() == 4);
    const auto after = jobs_of(grown);
    REQUIRE(after.size() == 20);
    for (std::size_t n = 0; n < before.size(); ++n) {
        CAPTURE(n);
        CHECK(after[n].configuration == before[n].configuration);
        CHECK(after[n].job.variant == before[n].job.variant);
        CHECK(after[n].job.seed == before[n].job.seed);
    }
    const std::vector<std::pair<std::string, std::uint64_t>> added = {
        {"sqrt_shift", 3}, {"sqrt_shift", 4}, {"bn", 3}, {"bn", 4}};
    for (std::size_t i = 0; i < added.size(); ++i) {
        CHECK(after[16 + i].configuration == 1);
        CHECK(after[16 + i].job.variant == added[i].first);
        CHECK(after[16 + i].job.seed == added[i].second);
        CHECK(job_number(grown, 1, added[i].first, added[i].second) == 16 + i);
    }
    CHECK(job_number(grown, 1, "bn", 2) == 8 + 2 * 2 + 1);  // a grid job keeps its number

    const auto canonical_form = canonical(g, grown);
    REQUIRE(canonical_form.contains("grown"));
    const grid read = grid_from_json(canonical_form.dump());
    REQUIRE(read.grown.size() == 1);
    CHECK(read.grown[0].configuration == configurations[1].id);
    CHECK(read.grown[0].claim == "4a");
    CHECK(read.grown[0].seeds == std::vector<std::uint64_t>{3, 4});
    CHECK(canonical(read, expand(read, "out")) == canonical_form);

    // A second growth overlapping the first adds only the jobs it lacks.
    g.grown.push_back({configurations[1].id, "3a", {"plain", "bn"}, {3, 4, 5}});
    CHECK(expand(g, "out")[1].grown.size() == 4 + 3 + 1);  // plain 3, 4, 5 and bn 5
}

TEST_CASE("a growth naming a configuration the grid lacks, or a variant it does not run, is refused naming it") {
    grid g = two_rates();
    g.grown.push_back({"0badc0de", "3a", {"plain"}, {3}});
    CHECK(problem([&] { expand(g, "out"); }).find("no configuration 0badc0de") != std::string::npos);
    g.grown = {{expand(two_rates(), "out")[0].id, "3a", {"layer_norm"}, {3}}};
    CHECK(problem([&] { expand(g, "out"); }).find("runs no variant layer_norm") != std::string::npos);
    for (const char* text : {R"({"grown": 3})", R"({"grown": [{"configuration": "a", "claim": "3a"}]})",
                             R"({"grown": [{"configuration": "a", "claim": "3a", "variants": "bn", "seeds": [3]}]})",
                             R"({"grown": [{"configuration": "a", "claim": "3a", "variants": ["bn"], "seeds": [-3]}]})",
                             R"({"grown": [{"configuration": "a", "claim": "3a", "variants": [], "seeds": [3]}]})"}) {
        CAPTURE(text);
        CHECK(problem([&] { grid_from_json(text); }).find("grown") != std::string::npos);
    }
}

TEST_CASE("growth follows the power calculation where the premise is not excluded, capped, never past the ask") {
    grid g = two_rates();
    const outcome o{{}, expand(g, "out"), {}, {}};
    // Configuration 0: 3a asks for 6 seeds, its premise undecided; configuration 1: 40, its premise excluded.
    const auto judged = asking(2, "3a", {6, 40}, {premise::undecided, premise::fails});
    const auto grown = growth_for(o, judged, {"3a"}, 30);
    REQUIRE(grown.size() == 1);
    CHECK(grown[0].configuration == o.configurations[0].id);
    CHECK(grown[0].claim == "3a");
    CHECK(grown[0].variants == std::vector<std::string>{"plain", "log_shift", "bn"});  // the configuration's order
    CHECK(grown[0].seeds == std::vector<std::uint64_t>{3, 4, 5, 6});
    // Capped at --grow-seeds; and where the premise holds, grown as where it is undecided.
    const auto capped = growth_for(o, asking(2, "3a", {6, 40}, {premise::holds, premise::holds}), {"3a"}, 5);
    REQUIRE(capped.size() == 2);
    CHECK(capped[0].seeds == std::vector<std::uint64_t>{3, 4, 5});
    CHECK(capped[1].seeds == std::vector<std::uint64_t>{3, 4, 5});
    // Enough seeds already: nothing.
    CHECK(growth_for(o, asking(2, "3a", {2, 1}, {premise::none, premise::none}), {"3a"}, 30).empty());
    // Grown to the ask, the same growth adds nothing; a larger cap extends a configuration towards the same ask.
    g.grown = grown;
    const outcome again{{}, expand(g, "out"), {}, {}};
    CHECK(growth_for(again, judged, {"3a"}, 30).empty());
    const auto extended = growth_for(again, asking(2, "3a", {20, 1}, {premise::undecided, premise::none}), {"3a"}, 8);
    REQUIRE(extended.size() == 1);
    CHECK(extended[0].seeds == std::vector<std::uint64_t>{3, 4, 5, 6, 7, 8});
    // 4a's variants, after 3a grew bn: sqrt_shift gets the seeds bn has, the pairs count only where both ran.
    const auto for_4a = growth_for(again, asking(2, "4a", {6, 1}, {premise::undecided, premise::none}), {"4a"}, 30);
    REQUIRE(for_4a.size() == 1);
    CHECK(for_4a[0].variants == std::vector<std::string>{"bn", "sqrt_shift"});
    CHECK(for_4a[0].seeds == std::vector<std::uint64_t>{3, 4, 5, 6});
}

TEST_CASE("--grow names claims judged on paired differences, and goes with --resume alone") {
    const grid g = two_rates();
    const outcome o{{}, expand(g, "out"), {}, {}};
    const auto judged = asking(2, "3a", {6, 6}, {premise::none, premise::none});
    const auto refused = problem([&] { growth_for(o, judged, {"1"}, 30); });
    CHECK(refused.find("claim '1' is not one judged on paired differences") != std::string::npos);
    CHECK(refused.find("2b, 2c, 3a, 3b, 4a") != std::string::npos);
    CHECK(problem([] { parse({"--grow", "3a"}); }).find("give it with --resume DIR") != std::string::npos);
    const auto c = parse({"--resume", "somewhere", "--grow", "3a,4a", "--grow-seeds", "12"});
    CHECK(c.grow == std::vector<std::string>{"3a", "4a"});
    CHECK(c.grow_seeds == 12);
}
