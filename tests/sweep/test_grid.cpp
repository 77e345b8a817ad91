// The sweep's grid: its expansion in the fixed order, each configuration
// through the study's own parse and check, the sweep file's strict reading,
// the command line, and the canonical form that decides whether two sweeps
// are the same; its size, time and disk, and their limits.
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "axis_value.hpp"
#include "thrown.hpp"

#include "scratch.hpp"

#include "budget.hpp"
#include "command_line.hpp"
#include "folder.hpp"
#include "grid.hpp"
#include "interrupt.hpp"
#include "sweep_command.hpp"
#include "sweep_file.hpp"

using namespace sweep;
using mockbn::testing::problem;
using sweep::testing::value;

namespace {

grid grid_of(std::map<std::string, std::vector<std::string>> given) {
    grid g;
    g.given = std::move(given);
    g.given["data_dir"] = {"/data/mnist"};  // never read here
    return g;
}

}  // namespace

TEST_CASE("configurations in grid order, the first axis slowest, jobs then by variant, then by seed") {
    // The map holds the keys alphabetically; the grid's order is axis_names' (optimizer, learning_rate, width).
    const auto g = grid_of({{"width", {"8", "16"}},
                            {"learning_rate", {"0.01", "0.1"}},
                            {"optimizer", {"sgd", "adam"}},
                            {"variants", {"plain,bn"}},
                            {"seeds", {"3,1"}}});
    const auto configurations = expand(g, "out");
    std::vector<std::string> seen;
    for (const auto& c : configurations)
        seen.push_back(value(c, "optimizer") + " " + value(c, "learning_rate") + " " + value(c, "width"));
    CHECK(seen == std::vector<std::string>{"sgd 0.01 8", "sgd 0.01 16", "sgd 0.1 8", "sgd 0.1 16", "adam 0.01 8",
                                           "adam 0.01 16", "adam 0.1 8", "adam 0.1 16"});
    const auto jobs = jobs_of(configurations);
    REQUIRE(jobs.size() == 32);
    std::vector<std::string> first;
    for (std::size_t n = 0; n < 5; ++n)
        first.push_back(std::to_string(jobs[n].configuration) + " " + jobs[n].job.variant + " " +
                        std::to_string(jobs[n].job.seed));
    CHECK(first == std::vector<std::string>{"0 plain 3", "0 plain 1", "0 bn 3", "0 bn 1", "1 plain 3"});
    for (std::size_t n = 0; n < jobs.size(); ++n)
        CHECK(job_number(configurations, jobs[n].configuration, jobs[n].job.variant, jobs[n].job.seed) == n);
}

TEST_CASE("a configuration is the study's options for the same command line, defaults and --quick included") {
    const auto g = grid_of({{"optimizer", {"sgd", "adam"}}, {"quick", {"true"}}, {"variants", {"plain"}}});
    const auto configurations = expand(g, "out");
    REQUIRE(configurations.size() == 2);
    const auto adam = study::parse({"--optimizer", "adam", "--quick", "--variants", "plain", "--data-dir",
                                    "/data/mnist", "--out", "out"})
                          .given;
    CHECK(study::to_json(configurations[1].options) == study::to_json(adam));
    CHECK(value(configurations[0], "learning_rate") == "0.02");  // each optimizer's own default rate
    CHECK(value(configurations[1], "learning_rate") == "0.001");
    CHECK(configurations[1].options.seeds == std::vector<std::uint64_t>{1, 2});  // --quick's two seeds
}

TEST_CASE("a configuration the study refuses is named by its values, the same configuration twice is refused") {
    CHECK(problem([] {
              expand(grid_of({{"depth", {"5", "3"}}, {"placement", {"4"}}}), "out");
          }) == "the configuration --depth 3: --placement: hidden layer 4 is not among hidden layers 1 to 3 (--depth)");
    CHECK(problem([] { expand(grid_of({{"width", {"0"}}}), "out"); }) == "--width: 0 is outside 1 to 100000");
    CHECK(problem([] {
              expand(grid_of({{"learning_rate", {"0.01", "0.010"}}}), "out");
          }) == "the values 0.01 and 0.010 of --lr make the same configurations: give each value once");
    CHECK(problem([] {
              expand(grid_of({{"depth", {"5"}}, {"placement", {"all", "1,2,3,4,5"}}}), "out");
          }) == "the values all and 1,2,3,4,5 of --placement make the same configurations: give each value once");
    // A value that changes nothing anywhere: the momentum under Adam, the decay's period under a constant rate.
    CHECK(problem([] {
              expand(grid_of({{"optimizer", {"adam"}}, {"momentum", {"0.9", "0.5"}}}), "out");
          }) == "the values 0.9 and 0.5 of --momentum make the same configurations: give each value once");
    CHECK(problem([] {
              expand(grid_of({{"decay_every", {"5", "10"}}, {"width", {"8", "16"}}}), "out");
          }) == "the values 5 and 10 of --decay-every make the same configurations: give each value once");
    // A value that changes something somewhere is kept: the momentum beside SGD.
    CHECK(problem([] {
              expand(grid_of({{"optimizer", {"sgd", "adam"}}, {"momentum", {"0.9", "0.5"}}}), "out");
          }) == "accepted");
    grid datasets = grid_of({{"dataset", {"mnist", "fashion"}}});
    CHECK(problem([&] { expand(datasets, "out"); }).find("--data-dir names one dataset's folder") == 0);
}

TEST_CASE("values as jobs.csv writes them, placement 'all' kept, a configuration's id does not move with the grid") {
    const auto small = expand(grid_of({{"placement", {"4,3", "all"}}, {"shared", {"off", "on"}}}), "out");
    REQUIRE(small.size() == 4);
    CHECK(value(small[0], "placement") == "3,4");
    CHECK(value(small[2], "placement") == "all");
    CHECK(small[2].options.placement == std::vector<std::size_t>{1, 2, 3, 4, 5});
    CHECK(value(small[1], "shared") == "true");
    CHECK(small[0].id.size() == 8);
    CHECK(small[0].id != small[1].id);
    const auto larger = expand(
        grid_of({{"placement", {"3,4", "all"}}, {"shared", {"off", "on"}}, {"width", {"100", "8"}}}), "elsewhere");
    CHECK(larger[0].id == small[0].id);  // width 100 is the default: the same run settings
    const auto axes =
        axes_of(grid_of({{"placement", {"3,4", "all"}}, {"shared", {"off", "on"}}, {"depth", {"5"}}}), small);
    REQUIRE(axes.size() == 2);
    CHECK(axes[0].name == "placement");
    CHECK(axes[0].values == std::vector<std::string>{"3,4", "all"});
    CHECK(axes[1].values == std::vector<std::string>{"false", "true"});
}

TEST_CASE("probe_layer 'all' as an axis value: the command line, the sweep file, jobs.csv's values, the identity") {
    const auto typed = parse({"--probe-layer", "4,all", "--data-dir", "/data/mnist"});
    CHECK(typed.given.given.at("probe_layer") == std::vector<std::string>{"4", "all"});
    const auto from_file = grid_from_json(R"({"probe_layer": [4, "all"], "data_dir": "/data/mnist"})");
    const auto configurations = expand(from_file, "out");
    REQUIRE(configurations.size() == 2);
    CHECK(value(configurations[0], "probe_layer") == "4");
    CHECK(value(configurations[1], "probe_layer") == "all");
    CHECK(configurations[1].options.probe_layer == study::every_hidden_layer);
    CHECK(configurations[0].id != configurations[1].id);  // the layers probed enter the run settings
    const auto canonical_typed = canonical(typed.given, expand(typed.given, "out"));
    CHECK(canonical_typed["probe_layer"] == nlohmann::json::parse(R"([4, "all"])"));
    CHECK(canonical_typed == canonical(from_file, configurations));
    CHECK(problem([] { grid_from_json(R"({"probe_layer": "alll"})"); }) ==
          R"(probe_layer: must be a hidden layer's number (from 1) or "all", or a list of them)");
    CHECK(problem([] {
              expand(grid_of({{"probe_layer", {"4", "0"}}}), "out");
          }) == "the configuration --probe-layer 0: --probe-layer: '0' is not a hidden layer (counted from 1) or all");
}

TEST_CASE("the canonical form: the same sweep however it is typed, read back as the same sweep") {
    const auto typed = parse({"--optimizer", "sgd,adam", "--lr", "0.010,0.1", "--placement", "4,3:all", "--shared",
                              "off,on", "--seeds", "2", "--data-dir", "/data/mnist", "--shard", "2/3"});
    const auto from_file = grid_from_json(R"({"optimizer": ["sgd", "adam"], "learning_rate": [0.01, 0.1],
        "placement": [[3, 4], "all"], "shared": [false, true], "seeds": [1, 2], "data_dir": "/data/mnist",
        "shard": "2/3"})");
    const auto canonical_typed = canonical(typed.given, expand(typed.given, "out"));
    CHECK(canonical_typed == canonical(from_file, expand(from_file, "out")));
    const auto again = grid_from_json(canonical_typed.dump());
    CHECK(canonical(again, expand(again, "out")) == canonical_typed);
    CHECK(canonical_typed["shard"] == "2/3");
    CHECK(canonical_typed["placement"] == nlohmann::json::parse(R"([[3, 4], "all"])"));
}

TEST_CASE("a sweep file: every problem names its key") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"width": [100, 200], "nonesuch": 1})", "nonesuch: not an option"},
        {R"({"train_limit": [2000, 4000]})",
         "train_limit: one value, not a list: train_limit is not an axis of the sweep (docs/sweep.md)"},
        {R"({"probe_images": [500, 1000]})",
         "probe_images: one value, not a list: probe_images is not an axis of the sweep (docs/sweep.md)"},
        {R"({"width": []})", "width: an empty list"},
        {R"({"placement": []})", "placement: an empty list"},
        {R"({"width": "100"})", "width: must be a whole number, 0 or more, or a list of them"},
        {R"({"width": [[100]]})", "width: a list inside a list"},
        {R"({"learning_rate": [0.1, "x"]})", "learning_rate: must be a number, or a list of them"},
        {R"({"shared": "yes"})", "shared: must be true or false, or a list of them"},
        {R"({"variants": [["plain"]]})", "variants: must be a list of strings, or \"all\""},
        {R"({"width": 1, "width": 2})", "width: given twice"},
        {R"({"shard": "0/4"})", "shard: '0/4' is not i/n with 1 <= i <= n"},
        {"[1]", "not a JSON object"},
        // A list is a JSON list: a string standing for one, or layers mixed with lists of layers, is refused.
        {R"({"placement": "3,4"})",
         "placement: must be a hidden layer, a list of them, or \"all\" (or a list of those, one configuration "
         "each)"},
        {R"({"placement": [3, [4]]})",
         "placement: mixes layers with lists of layers: give one list of layers, or a list of lists (one "
         "configuration each)"},
        {R"({"seeds": "3"})", "seeds: must be a count of seeds (seeds 1 to N), or a list of seeds"},
        {R"({"variants": "plain,bn"})", "variants: must be a list of variant names, or \"all\""},
        {R"({"variants": 2})", "variants: must be a list of variant names, or \"all\""},
        {R"({"seeds": "all"})", "seeds: must be a count of seeds (seeds 1 to N), or a list of seeds"},
        {R"({"shared": [false, true], "placement": [[3, 4], "all"], "seeds": 3, "variants": "all"})", "accepted"}};
    for (const auto& [text, message] : cases) {
        CAPTURE(text);
        CHECK(problem([&] { grid_from_json(text); }) == message);
    }
    const mockbn::testing::scratch_folder s("sweep_file");
    const auto file = s.dir / "sweep.json";
    study::results_file f(file);
    f << R"({"width": []})";
    f.commit();
    CHECK(problem([&] { read_sweep_file(file); }) == file.string() + ": width: an empty list");
}

TEST_CASE("a sweep file's seeds: a number is a count, a list is those seeds, a list of one is that seed alone") {
    const auto seeds_of = [](const std::string& text) {
        return expand(grid_from_json(text), "out").front().options.seeds;
    };
    CHECK(seeds_of(R"({"seeds": 3})") == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(seeds_of(R"({"seeds": [3]})") == std::vector<std::uint64_t>{3});
    CHECK(seeds_of(R"({"seeds": [7, 2]})") == std::vector<std::uint64_t>{7, 2});
    // The canonical form writes the list, and reads back as the same seeds.
    const grid one = grid_from_json(R"({"seeds": [3]})");
    CHECK(canonical(one, expand(one, "out"))["seeds"] == nlohmann::json::array({3}));
    CHECK(seeds_of(canonical(one, expand(one, "out")).dump()) == std::vector<std::uint64_t>{3});
    const grid placed = grid_from_json(R"({"placement": 4})");
    CHECK(expand(placed, "out").front().options.placement == std::vector<std::size_t>{4});
}

TEST_CASE("the command line: lists, placement's alternatives, --shared alone, and what it refuses") {
    const auto c = parse({"--optimizer", "sgd,adam", "--placement", "3,4:all", "--shared", "--seeds", "3", "--quick"});
    CHECK(c.given.given.at("optimizer") == std::vector<std::string>{"sgd", "adam"});
    CHECK(c.given.given.at("placement") == std::vector<std::string>{"3,4", "all"});
    CHECK(c.given.given.at("shared") == std::vector<std::string>{"on"});
    CHECK(c.given.given.at("seeds") == std::vector<std::string>{"3"});
    CHECK(c.given.given.at("quick") == std::vector<std::string>{"true"});
    CHECK(c.out == "results/sweep");
    CHECK(parse({"--shared", "off,on"}).given.given.at("shared") == std::vector<std::string>{"off", "on"});
    CHECK(parse({"--shard", "3/4"}).given.part.text() == "3/4");
    CHECK(problem([] { parse({"--width", "100,"}); }) == "--width: '100,' has an empty entry");
    CHECK(problem([] {
              parse({"--probe-images", "500,1000"});
          }) == "--probe-images takes one value: it is not an axis of the sweep");
    CHECK(problem([] { parse({"--shard", "5/4"}); }) == "--shard: '5/4' is not i/n with 1 <= i <= n");
    CHECK(problem([] {
              parse({"--resume", "dir", "--lr", "0.1"});
          }) ==
          "--resume continues the sweep of its folder; only --threads, --data-dir, --allow-kernel-change, --grow and "
          "--grow-seeds may be given with it, not --lr");
    const mockbn::testing::scratch_folder s("sweep_command");
    study::results_file f(s.dir / "sweep.json");
    f << R"({"width": [8, 16]})";
    f.commit();
    CHECK(problem([&] {
              parse({"--file", (s.dir / "sweep.json").string(), "--width", "32"});
          }) == "--width is given both here and in " + (s.dir / "sweep.json").string());
    CHECK(parse({"--file", (s.dir / "sweep.json").string(), "--lr", "0.1"}).given.given.size() == 2);
}

TEST_CASE("a share holds every n-th job") {
    const share third{3, 4};
    CHECK(third.holds(2));
    CHECK(third.holds(6));
    CHECK_FALSE(third.holds(3));
    CHECK(share_of("3/4", "--shard").text() == "3/4");
    CHECK(problem([] { share_of("3/", "--shard"); }) == "--shard: '3/' is not i/n with 1 <= i <= n");
    CHECK(problem([] { share_of("1/4x", "--shard"); }) == "--shard: '1/4x' is not i/n with 1 <= i <= n");
}

TEST_CASE("the example sweep file: 2 optimizers x 3 rates x 2 sharings, every variant, 3 seeds") {
    const auto g = read_sweep_file(MOCKBN_SWEEP_EXAMPLE);
    const auto configurations = expand(g, "out");
    CHECK(configurations.size() == 12);
    CHECK(jobs_of(configurations).size() == 12 * study::all_variants().size() * 3);
    CHECK(axes_of(g, configurations).size() == 3);
}

TEST_CASE("the preset findings: 2 optimizers x 2 rates x 2 initializations x 2 rate scales x 2 sharings") {
    const auto c = parse({"--preset", "findings", "--threads", "2"});
    const auto configurations = expand(c.given, "out");
    CHECK(configurations.size() == 32);
    CHECK(jobs_of(configurations).size() == 32 * study::all_variants().size() * 2);
    std::vector<std::string> varying;
    for (const auto& a : axes_of(c.given, configurations)) varying.push_back(a.name);
    CHECK(varying == std::vector<std::string>{"optimizer", "learning_rate", "init", "shared", "transform_lr_scale"});
    for (const auto& configuration : configurations) CHECK(configuration.options.epochs == 15);
    CHECK(parse({"--preset", "findings", "--quick"}).given.given.at("quick") == std::vector<std::string>{"true"});
    CHECK(problem([] {
              parse({"--preset", "findings", "--epochs", "3"});
          }) == "--epochs is given both here and in the preset findings");
    CHECK(problem([] {
              parse({"--preset", "finding"});
          }) == "--preset: 'finding' is not one of findings, tf2016 (docs/findings.md; tf2016: docs/sweep.md)");
    CHECK(problem([] {
              parse({"--preset", "findings", "--file", "sweep.json"});
          }) == "--preset and --file each give a sweep file: give one");
}

TEST_CASE(
    "the preset tf2016: TensorFlow's tutorial set-up, 2 depths x 2 probe modes x 2 displays, bn_tf as the ledger's "
    "bn") {
    const auto c = parse({"--preset", "tf2016"});
    const auto configurations = expand(c.given, "out");
    CHECK(configurations.size() == 8);
    std::vector<std::string> varying;
    for (const auto& a : axes_of(c.given, configurations)) varying.push_back(a.name);
    CHECK(varying == std::vector<std::string>{"depth", "probe_mode", "display"});
    for (const auto& configuration : configurations) {
        const auto& o = configuration.options;
        CHECK(o.ledger_bn == "bn_tf");
        CHECK(o.init == mockbn::research::initialization::tf_tutorial);
        CHECK(o.optimizer == mockbn::research::optimizer_rule::adam);
        CHECK(o.learning_rate == 1e-4);
        CHECK((o.batch == 50 && o.epochs == 17 && o.seeds.size() == 5));
        CHECK(std::find(o.variants.begin(), o.variants.end(), "bn") == o.variants.end());
    }
    // The display and the ledger's reading change no run: 8 configurations train the runs of 4.
    std::set<std::size_t> trained;
    for (const auto& j : jobs_of(configurations)) trained.insert(j.source);
    CHECK(trained.size() == 4 * 8 * 5);
}

TEST_CASE("each distinct job is trained once: the others reuse it, and the shares divide the trained jobs") {
    // Under Adam the momentum changes nothing; plain learns no parameters, so sharing changes nothing for it.
    const auto configurations = expand(grid_of({{"optimizer", {"sgd", "adam"}},
                                                {"momentum", {"0.9", "0.5"}},
                                                {"shared", {"off", "on"}},
                                                {"variants", {"plain,log_shift"}},
                                                {"seeds", {"1"}}}),
                                       "out");
    REQUIRE(configurations.size() == 8);                   // sgd 0.9 off, sgd 0.9 on, sgd 0.5 off, ..., adam 0.5 on
    CHECK(configurations[4].id == configurations[6].id);   // adam, sharing off: the momentum aside, the same
    CHECK(value(configurations[4], "momentum") == "0.9");  // each keeps its own place in the grid and the map
    CHECK(value(configurations[6], "momentum") == "0.5");
    const auto jobs = jobs_of(configurations);
    REQUIRE(jobs.size() == 16);  // per configuration: plain, log_shift
    std::vector<std::size_t> sources;
    for (const auto& j : jobs) sources.push_back(j.source);
    CHECK(sources == std::vector<std::size_t>{0, 1, 0, 3, 4, 5, 4, 7, 8, 9, 8, 11, 8, 9, 8, 11});
    // The shares divide the nine trained jobs (0, 1, 3, 4, 5, 7, 8, 9, 11) by their place among them, each with
    // the jobs that reuse it.
    const auto first = jobs_in(jobs, share{1, 2}), second = jobs_in(jobs, share{2, 2});
    CHECK(first == std::vector<std::size_t>{0, 2, 3, 5, 8, 10, 11, 12, 14, 15});
    CHECK(second == std::vector<std::size_t>{1, 4, 6, 7, 9, 13});
    CHECK(jobs_in(jobs, share{}).size() == 16);
}

TEST_CASE("a grid's size from its values alone: configurations, and jobs with its variants and seeds") {
    const auto g = grid_of({{"width", {"8", "16", "32"}},
                            {"learning_rate", {"0.01", "0.1"}},
                            {"variants", {"plain,bn"}},
                            {"seeds", {"4..6"}}});
    const auto before = configurations_built();
    const grid_size size = size_of(g);
    CHECK(size.configurations == 6);
    CHECK(size.jobs == 6 * 2 * 3);
    CHECK(configurations_built() == before);
    CHECK(size_of(grid_of({{"quick", {"true"}}, {"variants", {"plain"}}})).jobs == 2);  // --quick: 2 seeds
    CHECK(jobs_of(expand(g, "out")).size() == size.jobs);
    CHECK(configurations_built() == before + 6);
}

TEST_CASE("a grid of 10^6 configurations is refused before any configuration is built, past a stated limit") {
    std::vector<std::string> widths, rates;
    for (int i = 1; i <= 1000; ++i) {
        widths.push_back(std::to_string(i));
        rates.push_back("0." + std::to_string(1000 + i));
    }
    const auto g = grid_of({{"width", widths}, {"learning_rate", rates}, {"variants", {"plain,bn"}}});
    const auto before = configurations_built();
    CHECK(size_of(g).configurations == 1000000);
    CHECK(problem([&] { require_size(g, limits{}); }) ==
          "the grid has 1000000 configurations and 10000000 jobs, past the limit of 10000 jobs: narrow the grid, "
          "split it into sweeps, or raise the limit with --max-jobs N");
    CHECK(problem([&] { require_size(g, limits{10000000, 168}); }) == "accepted");
    CHECK(configurations_built() == before);
    // A product past 2^64 saturates: 4 axes of 65,536 values never wrap around to a small count.
    grid huge;
    for (const char* axis : {"width", "depth", "batch", "epochs"})
        huge.given[axis] = std::vector<std::string>(65536, "1");
    huge.given["optimizer"] = {"sgd", "adam"};
    CHECK(size_of(huge).configurations == std::numeric_limits<std::uint64_t>::max());
    CHECK(problem([&] { require_size(huge, limits{}); }).find("past the limit") != std::string::npos);
}

TEST_CASE("a stop signal ends the expansion before the next configuration is built") {
    const auto g = grid_of({{"width", {"8", "16", "32"}}});
    const auto before = configurations_built();
    study::request_stop();
    int status = 0;
    try {
        expand(g, "out");
    } catch (const study::study_error& e) {
        status = e.status();
        CHECK(std::string(e.what()) == "stopped while building the sweep's configurations; nothing was written");
    }
    study::stop_flag() = false;
    CHECK(status == 128);  // 128 + the signal; none here
    CHECK(configurations_built() == before);
}

TEST_CASE("a sweep's time and disk, estimated from its networks, and refused past the limits or the free space") {
    const auto configurations = expand(grid_of({{"width", {"100", "200"}},
                                                {"variants", {"plain"}},
                                                {"seeds", {"2"}},
                                                {"epochs", {"3"}},
                                                {"train_limit", {"1000"}},
                                                {"test_limit", {"500"}},
                                                {"probe_images", {"100"}}}),
                                       "out");
    const auto parameters = [](std::uint64_t w) { return 785 * w + 4 * (w + 1) * w + (w + 1) * 10 + 3 * w * 2; };
    // Per epoch 6P per training image (900: a tenth held out) and 2P per validation and probe image; 2P per
    // test image once.
    const auto operations = [&](std::uint64_t w) {
        return static_cast<double>(parameters(w)) * (3.0 * (6.0 * 900 + 2.0 * (100 + 100)) + 2.0 * 500);
    };
    const cost both = estimate(configurations, {0, 1, 2, 3}, 2);
    CHECK(both.jobs == 4);
    CHECK(both.hours ==
          doctest::Approx(2 * (operations(100) + operations(200)) / (2 * assumed_flops_per_thread) / 3600));
    CHECK(both.checkpoint_bytes > 2 * 8 * (parameters(100) + parameters(200)));  // values and SGD's momentum
    const cost one = estimate(configurations, {3}, 2);  // one job runs on one thread, however many there are
    CHECK(one.hours == doctest::Approx(operations(200) / assumed_flops_per_thread / 3600));

    mockbn::testing::scratch_folder scratch("sweep_budget");
    CHECK(problem([&] { require_budget(both, limits{}, scratch.dir / "a" / "b"); }) == "accepted");
    CHECK(problem([&] {
              require_budget(both, limits{10000, both.hours / 2}, scratch.dir);
          }).find("past the limit of") != std::string::npos);
    cost enormous = both;
    enormous.checkpoint_bytes = std::uint64_t{1} << 62;
    const auto refused = problem([&] { require_budget(enormous, limits{}, scratch.dir / "not" / "yet"); });
    CHECK(refused.find("the sweep's checkpoints need about 4611686018.4 GB (4 jobs), more than the") == 0);
    CHECK(refused.find(" free where " + scratch.dir.string() + " is") != std::string::npos);
}
