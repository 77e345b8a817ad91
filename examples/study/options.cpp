#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace study {

namespace {

[[noreturn]] void bad(const std::string& message) {
    std::fprintf(stderr, "mockbn-study: %s (see --help)\n", message.c_str());
    std::exit(2);
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    for (std::string part; std::getline(stream, part, ',');)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

std::size_t positive(const std::string& text, const std::string& what) {
    std::size_t used = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || value == 0 || text.front() == '-')
        bad(what + ": '" + text + "' is not a positive whole number");
    return static_cast<std::size_t>(value);
}

}  // namespace

options parse(int argc, char** argv) {
    options o;
    CLI::App app{"mockbn-study: reproduces the seed's investigation of batch normalization and its mocks, "
                 "and writes a report (metrics.csv, probe.csv, params.csv, summary.json, figures, report.html)."};
    std::string variants = "all", placement = "3,4", seeds = "5";
    app.add_option("--dataset", o.dataset, "mnist or fashion")->check(CLI::IsMember({"mnist", "fashion"}));
    app.add_option("--data-dir", o.data_dir, "folder with the four IDX files, raw or .gz (default: $MOCKBN_DATA_DIR/<dataset>, or data/<dataset>)");
    app.add_option("--variants", variants, "comma list of variants, or all: plain,bn,sqrt_fixed,log_fixed,"
                                           "sigmoid_log,affine_fixed,mystery,log_shift,sqrt_shift")
        ->capture_default_str();
    app.add_option("--placement", placement, "hidden layers (from 1) that get the transformation, or all")
        ->capture_default_str();
    app.add_option("--width", o.width, "width of every hidden layer")->capture_default_str()->check(CLI::Range(1, 100000));
    app.add_option("--depth", o.depth, "number of hidden layers")->capture_default_str()->check(CLI::Range(1, 100));
    app.add_flag("--shared", o.shared, "one shared scalar per learnable parameter and layer, not one per feature");
    app.add_option("--optimizer", o.optimizer, "sgd, rmsprop or adam")
        ->capture_default_str()
        ->check(CLI::IsMember({"sgd", "rmsprop", "adam"}));
    auto* lr = app.add_option("--lr", o.learning_rate, "learning rate (default: sgd 0.02, rmsprop 1e-3, adam 1e-3)")
                   ->check(CLI::Validator(
                       [](std::string& text) {
                           std::size_t used = 0;
                           double value = 0;
                           try {
                               value = std::stod(text, &used);
                           } catch (const std::exception&) {
                               used = 0;
                           }
                           return used == text.size() && value > 0 && std::isfinite(value)
                                      ? std::string()
                                      : "'" + text + "' is not a positive number";
                       },
                       "POSITIVE"));
    app.add_option("--momentum", o.momentum, "SGD momentum")->capture_default_str()->check(CLI::Range(0.0, 0.999));
    app.add_option("--batch", o.batch, "mini-batch size")->capture_default_str()->check(CLI::Range(2, 60000));
    app.add_option("--epochs", o.epochs, "epochs per run")->capture_default_str()->check(CLI::Range(1, 10000));
    app.add_option("--seeds", seeds, "number of seeds (1..N), or a comma list of seeds")->capture_default_str();
    app.add_option("--probe-layer", o.probe_layer, "hidden layer (from 1) whose values are recorded")
        ->capture_default_str();
    app.add_option("--probe-images", o.probe_images, "test images in the fixed probe set")
        ->capture_default_str()
        ->check(CLI::Range(4, 10000));
    app.add_option("--out", o.out, "results folder (default: results/<dataset>, results/<dataset>-quick with --quick)");
    app.add_option("--threads", o.threads, "runs trained at once")->capture_default_str()->check(CLI::Range(1, 256));
    app.add_option("--on-divergence", o.on_divergence,
                   "when a run's loss or gradient goes non-finite: stop it (recorded as diverged) or roll it back to "
                   "its last checkpoint with a tenth of the learning rate (at most 3 times)")
        ->capture_default_str()
        ->check(CLI::IsMember({"stop", "rollback"}));
    std::string resume;
    app.add_option("--resume", resume, "continue the interrupted run whose results folder this is (its options are kept)");
    app.add_flag("--force", o.force, "replace the results of a previous run in the --out folder");
    app.add_flag("--quick", o.quick, "smoke test: 12,000 training and 2,000 test images; 3 epochs and 2 seeds unless given");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        std::exit(app.exit(e));
    } catch (const CLI::ParseError& e) {
        bad(e.what());
    }
    if (!resume.empty()) {
        if (argc != 3) bad("--resume takes the results folder and no other option: the run keeps its own");
        std::ifstream file(std::filesystem::path(resume) / "options.json");
        if (!file) bad("--resume: " + resume + " holds no run to continue (no options.json)");
        std::stringstream text;
        text << file.rdbuf();
        options restored;
        try {
            restored = from_json(text.str());
        } catch (const std::exception& e) {
            bad("--resume: " + resume + "/options.json cannot be read (" + e.what() + ")");
        }
        restored.out = resume;
        restored.resume = true;
        restored.force = false;
        return restored;
    }

    if (lr->count() == 0) o.learning_rate = o.optimizer == "sgd" ? 0.02 : 1e-3;
    if (o.data_dir.empty()) {
        const char* root = std::getenv("MOCKBN_DATA_DIR");  // where scripts/setup put the data, if not data/
        o.data_dir = std::string(root && *root ? root : "data") + "/" + o.dataset;
    }
    if (variants != "all") {
        o.variants = split(variants);
        if (o.variants.empty()) bad("--variants: give at least one variant");
        for (const auto& v : o.variants)
            if (std::find(all_variants.begin(), all_variants.end(), v) == all_variants.end())
                bad("--variants: unknown variant '" + v + "'");
    }
    if (o.quick) {  // smaller defaults; options given explicitly still win
        o.train_limit = 12000;
        o.test_limit = 2000;
        if (app.get_option("--epochs")->count() == 0) o.epochs = 3;
        if (app.get_option("--seeds")->count() == 0) seeds = "2";
    }
    o.seeds.clear();
    const auto seed_parts = split(seeds);
    if (seed_parts.size() == 1) {
        for (std::size_t s = 1; s <= positive(seed_parts[0], "--seeds"); ++s) o.seeds.push_back(s);
    } else {
        for (const auto& part : seed_parts) o.seeds.push_back(positive(part, "--seeds"));
    }
    if (o.seeds.empty()) bad("--seeds: give a count or a list");
    o.placement.clear();
    if (placement == "all") {
        for (std::size_t h = 1; h <= o.depth; ++h) o.placement.push_back(h);
    } else {
        for (const auto& part : split(placement)) {
            const std::size_t h = positive(part, "--placement");
            if (h > o.depth) bad("--placement: hidden layer " + part + " is beyond --depth " + std::to_string(o.depth));
            o.placement.push_back(h);
        }
    }
    if (o.probe_layer == 0 || o.probe_layer > o.depth)
        bad("--probe-layer: " + std::to_string(o.probe_layer) + " is not among hidden layers 1 to " +
            std::to_string(o.depth));
    if (o.out.empty()) o.out = "results/" + o.dataset + (o.quick ? "-quick" : "");
    return o;
}

std::string to_json(const options& o) {
    const nlohmann::json j = {{"dataset", o.dataset},     {"data_dir", o.data_dir},   {"variants", o.variants},
                              {"placement", o.placement}, {"width", o.width},         {"depth", o.depth},
                              {"shared", o.shared},       {"optimizer", o.optimizer}, {"learning_rate", o.learning_rate},
                              {"momentum", o.momentum},   {"batch", o.batch},         {"epochs", o.epochs},
                              {"seeds", o.seeds},         {"probe_layer", o.probe_layer},
                              {"probe_images", o.probe_images}, {"threads", o.threads}, {"quick", o.quick},
                              {"train_limit", o.train_limit},   {"test_limit", o.test_limit},
                              {"on_divergence", o.on_divergence}};
    return j.dump(2) + "\n";
}

options from_json(const std::string& text) {
    const auto j = nlohmann::json::parse(text);
    options o;
    o.dataset = j.at("dataset");
    o.data_dir = j.at("data_dir");
    o.variants = j.at("variants").get<std::vector<std::string>>();
    o.placement = j.at("placement").get<std::vector<std::size_t>>();
    o.width = j.at("width");
    o.depth = j.at("depth");
    o.shared = j.at("shared");
    o.optimizer = j.at("optimizer");
    o.learning_rate = j.at("learning_rate");
    o.momentum = j.at("momentum");
    o.batch = j.at("batch");
    o.epochs = j.at("epochs");
    o.seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
    o.probe_layer = j.at("probe_layer");
    o.probe_images = j.at("probe_images");
    o.threads = j.at("threads");
    o.quick = j.at("quick");
    o.train_limit = j.at("train_limit");
    o.test_limit = j.at("test_limit");
    o.on_divergence = j.value("on_divergence", std::string("stop"));
    return o;
}

}  // namespace study
