#include "command_line.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <CLI/CLI.hpp>

#include <mockbn/research/choices.hpp>

#include "folder.hpp"

namespace study {

namespace {

[[noreturn]] void bad(const std::string& message) { throw usage_error(message); }

std::uint64_t positive(const std::string& text, const std::string& flag) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value == 0)
        bad(flag + ": '" + printable(text) + "' is not a positive whole number");
    return value;
}

// "N" is seeds 1 to N, "A..B" seeds A to B (a single seed: "3..3"); a list is those seeds.
std::vector<std::uint64_t> seeds_of(const std::string& text) {
    const auto parts = split(text, ',', "--seeds");
    std::vector<std::uint64_t> seeds;
    if (parts.size() > 1) {
        for (const auto& part : parts) seeds.push_back(positive(part, "--seeds"));
        return seeds;
    }
    const auto range = parts[0].find("..");
    const std::uint64_t first = range == std::string::npos ? 1 : positive(parts[0].substr(0, range), "--seeds");
    const std::uint64_t last = positive(range == std::string::npos ? parts[0] : parts[0].substr(range + 2), "--seeds");
    if (last < first) bad("--seeds: '" + printable(parts[0]) + "' runs backwards; give A..B with A <= B");
    if (last - first >= 10000) bad("--seeds: at most 10000 seeds");
    for (std::uint64_t s = first; s <= last; ++s) seeds.push_back(s);
    return seeds;
}

std::string absolute(const std::string& path) { return std::filesystem::absolute(path).lexically_normal().string(); }

// One line per variant of the catalog: its name and what it computes.
std::string variants_help() {
    std::string text;
    const std::size_t width = name_width(all_variants()) + 2;
    for (const auto& v : variants().entries())
        text += "\n    " + v.name + std::string(width - v.name.size(), ' ') + v.help;
    return text;
}

bool allowed_with_resume(const std::string& name) {
    return name == "--resume" || name == "--threads" || name == "--data-dir" || name == "--allow-kernel-change";
}

// The options taken as typed, turned into values once every option is known: --variants, --placement, --seeds
// and --probe-layer (each takes a word as well as numbers), and the choices (research/choices.hpp), each parsed
// once by its name; --init's default depends on --activation.
struct typed_lists {
    std::string variants = "all", placement = "3,4", seeds = "5", probe_layer = "4";
    std::string initial;
    std::string dataset = "mnist", init, input_scale = "unit", activation = "relu", optimizer = "sgd",
                schedule = "constant", on_divergence = "stop", probe_split = "test", probe_mode = "inference",
                probe_moment = "last", display = "uniform";
};

// Refuses an empty value for an option that names a folder.
void require_folder(const CLI::App& app, const char* flag, const std::string& value) {
    if (app.get_option(flag)->count() > 0 && value.empty()) bad(std::string(flag) + ": give a folder");
}

// How the network starts and learns.
void add_training_options(CLI::App& app, options& o, typed_lists& lists) {
    using namespace mockbn::research;
    app.add_option("--init", lists.init,
                   "how the dense layers start: " + choice_list<initialization>() +
                       " (default: he_normal; lecun_normal with selu)");
    app.add_option("--input-scale", lists.input_scale,
                   "the inputs: unit (pixels in [0, 1]), raw (0 to 255) or standardized (mean 0 and spread 1 over "
                   "the training images' pixels)")
        ->capture_default_str();
    app.add_option("--initial", lists.initial,
                   "the transformations' own parameters' initial values, name=value separated by commas "
                   "(a=2,c=-1; default: each policy's own)");
    app.add_option("--activation", lists.activation, "the hidden layers' activation: " + choice_list<activation_kind>())
        ->capture_default_str();
    app.add_option("--optimizer", lists.optimizer, choice_list<optimizer_rule>())->capture_default_str();
    app.add_option("--lr", o.learning_rate, "learning rate (default: sgd 0.02, rmsprop 1e-3, adam 1e-3)");
    app.add_option("--momentum", o.momentum, "SGD momentum (0 to 0.999)")->capture_default_str();
    app.add_option("--weight-decay", o.weight_decay, "L2 weight decay, added to every gradient (0 to 0.1)")
        ->capture_default_str();
    app.add_option("--transform-lr-scale", o.transform_lr_scale,
                   "the transformations' own parameters learn at this times the learning rate (0 to 1000)")
        ->capture_default_str();
    app.add_option("--schedule", lists.schedule,
                   "learning-rate schedule: constant, step (times --decay-factor every --decay-every epochs) or "
                   "cosine (from the rate down to 0 over the run)")
        ->capture_default_str();
    add_count(app, "--decay-every", o.decay_every, "epochs between two decays of the step schedule (1 to 10000)");
    app.add_option("--decay-factor", o.decay_factor, "what the step schedule multiplies the rate by, in (0, 1]")
        ->capture_default_str();
}

// What the probe passes and how, and how the verdicts read it (docs/study.md, "The instrument").
void add_instrument_options(CLI::App& app, options& o, typed_lists& lists) {
    using namespace mockbn::research;
    app.add_option(
           "--probe-split", lists.probe_split,
           "the probe images: the first --probe-images of the test set, of the training set or of the validation "
           "images held out of it: " +
               choice_list<probe_split>())
        ->capture_default_str();
    app.add_option("--probe-mode", lists.probe_mode,
                   "inference (the running estimates) or training (batches of --batch images, each normalized by "
                   "its own statistics, as a histogram of a training tensor shows them)")
        ->capture_default_str();
    app.add_option("--probe-moment", lists.probe_moment,
                   "the probe the verdicts read: the last epoch's, the first's, every epoch's pooled, or the one "
                   "within the first epoch (--probe-early): " +
                       choice_list<probe_moment>())
        ->capture_default_str();
    app.add_option("--display", lists.display,
                   "the histogram the verdicts read: uniform (0.1-wide bins) or tensorboard (30 bins over the "
                   "values' range, as TensorBoard drew them)")
        ->capture_default_str();
    app.add_option("--ledger-bn", o.ledger_bn,
                   "the variant the ledger's claims read as batch normalization: bn, or bn_tf (TensorFlow 0.11-0.12's "
                   "default)")
        ->capture_default_str();
}

// The options as the command line lists them, for --help; the three lists are kept as typed.
void add_options(CLI::App& app, command& c, typed_lists& lists) {
    options& o = c.given;
    app.add_option("--dataset", lists.dataset, mockbn::research::choice_list<mockbn::research::dataset>());
    app.add_option(
        "--data-dir", o.data_dir,
        "folder with the four IDX files, raw or .gz (default: $MOCKBN_DATA_DIR/<dataset>, or data/<dataset>)");
    app.add_option("--variants", lists.variants, "comma list of variants, or all:" + variants_help())
        ->capture_default_str();
    app.add_option("--placement", lists.placement, "hidden layers (from 1) that get the transformation, or all")
        ->capture_default_str();
    add_count(app, "--width", o.width, "width of every hidden layer (1 to 100000)");
    add_count(app, "--depth", o.depth, "number of hidden layers (1 to 100)");
    app.add_flag("--shared", o.shared, "one shared scalar per learnable parameter and layer, not one per feature");
    add_training_options(app, o, lists);
    add_count(app, "--batch", o.batch, "mini-batch size (2 to 60000)");
    add_count(app, "--epochs", o.epochs, "epochs per run (1 to 10000)");
    app.add_option("--seeds", lists.seeds,
                   "number of seeds N (seeds 1 to N), a range A..B, or a comma list of distinct seeds (at most 10000)")
        ->capture_default_str();
    app.add_option("--probe-layer", lists.probe_layer,
                   "hidden layer (from 1) whose values are recorded, or all (the verdicts read the deepest "
                   "transformed one)")
        ->capture_default_str();
    add_count(app, "--probe-images", o.probe_images, "images in the fixed probe set (4 to 10000)");
    add_instrument_options(app, o, lists);
    add_count(app, "--probe-early", o.probe_early,
              "also probe after this many training steps of the first epoch, recorded as epoch 0, which "
              "--probe-moment early reads (0: not)");
    add_count(app, "--train-limit", o.train_limit,
              "the first N training images only, a --validation share of them held out (0: all; --quick: 12000)");
    add_count(app, "--test-limit", o.test_limit, "evaluate on the first N test images only (0: all; --quick: 2000)");
    app.add_option("--validation", o.validation,
                   "the share of the training images held out for validation, stratified by label: the curves and "
                   "every selection read them (0 to 0.5; 0: none)")
        ->capture_default_str();
    add_count(app, "--validation-seed", o.validation_seed, "which training images --validation holds out");
    app.add_flag("--test-every-epoch", o.test_every_epoch,
                 "evaluate the test set after every epoch, not only the last (metrics.csv's test columns then hold "
                 "every epoch; with --validation 0 it is always so)");
    app.add_option("--out", o.out, "results folder (default: results/<dataset>, results/<dataset>-quick with --quick)");
    add_count(app, "--threads", o.threads, "runs trained at once (1 to 256; does not change any number)");
    app.add_option("--on-divergence", lists.on_divergence,
                   "when a run's loss or gradient goes non-finite: stop it (recorded as diverged) or roll it back to "
                   "its last checkpoint with a tenth of the learning rate (at most 3 times)")
        ->capture_default_str();
    app.add_option("--resume", c.resume,
                   "continue the interrupted run whose results folder this is (its options are kept)");
    app.add_flag("--force", o.force,
                 "replace the results of a previous run, or write into a folder holding other files");
    app.add_flag("--allow-kernel-change", o.allow_kernel_change,
                 "continue runs saved under another BLAS kernel (the report names each run's kernels)");
    app.add_flag("--quick", o.quick,
                 "smoke test: 12,000 training and 2,000 test images; 3 epochs and 2 seeds unless given");
}

// With --resume, only the options that may go with it.
void check_resume(const CLI::App& app, const command& c) {
    require_folder(app, "--resume", c.resume);
    for (const auto* option : app.get_options())
        if (option->count() > 0 && !allowed_with_resume(option->get_name()))
            bad("--resume continues the run with its own options; only --threads, --data-dir and "
                "--allow-kernel-change may be given with it, not " +
                option->get_name());
}

// What depends on other options or on what was not given: defaults, --quick, the lists.
void complete(const CLI::App& app, options& o, typed_lists lists) {
    using namespace mockbn::research;
    o.dataset = parse_choice<dataset>("dataset", lists.dataset);
    o.activation = parse_choice<activation_kind>("activation", lists.activation);
    o.optimizer = parse_choice<optimizer_rule>("optimizer", lists.optimizer);
    o.schedule = parse_choice<rate_schedule>("schedule", lists.schedule);
    o.on_divergence = parse_choice<on_divergence>("on_divergence", lists.on_divergence);
    o.probe_split = parse_choice<probe_split>("probe_split", lists.probe_split);
    o.probe_mode = parse_choice<probe_mode>("probe_mode", lists.probe_mode);
    o.probe_moment = parse_choice<probe_moment>("probe_moment", lists.probe_moment);
    o.display = parse_choice<histogram_display>("display", lists.display);
    o.input_scale = parse_choice<input_scale>("input_scale", lists.input_scale);
    o.initial = initial_values_of(lists.initial);
    if (app.get_option("--init")->count() > 0) o.init = parse_choice<initialization>("init", lists.init);
    else o.init = o.activation == activation_kind::selu ? initialization::lecun_normal : initialization::he_normal;
    if (app.get_option("--lr")->count() == 0) o.learning_rate = o.optimizer == optimizer_rule::sgd ? 0.02 : 1e-3;
    const std::string data_name(name_of(o.dataset));
    if (o.data_dir.empty()) {
        const char* root = std::getenv("MOCKBN_DATA_DIR");  // where scripts/setup put the data, if not data/
        o.data_dir = std::string(root && *root ? root : "data") + "/" + data_name;
    }
    o.data_dir = absolute(o.data_dir);
    if (lists.variants != "all") o.variants = split(lists.variants, ',', "--variants");
    if (o.quick) {  // smaller defaults; options given explicitly still win
        if (app.get_option("--train-limit")->count() == 0) o.train_limit = 12000;
        if (app.get_option("--test-limit")->count() == 0) o.test_limit = 2000;
        if (app.get_option("--epochs")->count() == 0) o.epochs = 3;
        if (app.get_option("--seeds")->count() == 0) lists.seeds = "2";
    }
    o.seeds = seeds_of(lists.seeds);
    o.placement.clear();
    if (lists.placement == "all") {
        for (std::size_t h = 1; h <= o.depth && h <= 100; ++h) o.placement.push_back(h);
    } else {
        for (const auto& part : split(lists.placement, ',', "--placement"))
            o.placement.push_back(positive(part, "--placement"));
    }
    if (o.out.empty()) o.out = "results/" + data_name + (o.quick ? "-quick" : "");
    o.probe_layer = probe_layer_of(lists.probe_layer);
}

}  // namespace

// A whole-number option, shown with its default, in decimal digits alone: CLI11 itself would read "0100" as
// octal, "0x40" as hex and wrap "-1" around. Leading zeros are dropped, so "0100" is 100.
void add_count(CLI::App& app, const char* flag, std::size_t& value, const std::string& help) {
    const CLI::Validator decimal(
        [](std::string& text) -> std::string {
            if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
                return "'" + printable(text) + "' is not a whole number in decimal digits";
            text.erase(0, std::min(text.find_first_not_of('0'), text.size() - 1));
            return "";
        },
        "DECIMAL");
    app.add_option(flag, value, help)->capture_default_str()->transform(decimal);
}

command parse(const std::vector<std::string>& arguments) {
    command c;
    typed_lists lists;
    CLI::App app{
        "mockbn study: trains batch normalization, its mocks and controls as the original study (S. Bai, \"Senior "
        "thesis III\", 2016) did, records what they do to the pre-ReLU input, judges its claims, "
        "and writes a report (metrics.csv, probe.csv, params.csv, summary.json, figures, report.html)."};
    add_options(app, c, lists);
    parse_into(app, arguments);
    options& o = c.given;
    require_folder(app, "--out", o.out);
    require_folder(app, "--data-dir", o.data_dir);
    c.threads_given = app.get_option("--threads")->count() > 0;
    c.data_dir_given = app.get_option("--data-dir")->count() > 0;
    if (c.data_dir_given) o.data_dir = absolute(o.data_dir);
    if (app.get_option("--resume")->count() > 0) {
        check_resume(app, c);
        return c;
    }
    try {
        complete(app, o, lists);
        normalize(o);
        check(o);
    } catch (const option_error& e) {
        bad(flag_of(e.field()) + ": " + e.problem());
    }
    return c;
}

command parse(int argc, char** argv) {
    try {
        return parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const usage_error& e) {
        std::fprintf(stderr, "mockbn study: %s (see --help)\n", e.what());
        std::exit(2);
    }
}

void parse_into(CLI::App& app, const std::vector<std::string>& arguments) {
    try {
        std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // as CLI11 takes them
        app.parse(reversed);
    } catch (const CLI::CallForHelp& e) {
        std::exit(app.exit(e));
    } catch (const CLI::ParseError& e) {
        bad(e.what());
    }
}

std::vector<std::string> split(const std::string& text, char separator, const std::string& flag) {
    std::vector<std::string> parts;
    std::stringstream stream(text + separator);
    for (std::string part; std::getline(stream, part, separator);) {
        if (part.empty()) bad(flag + ": '" + printable(text) + "' has an empty entry");
        parts.push_back(part);
    }
    return parts;
}

std::vector<option_help> option_helps() {
    command c;
    typed_lists lists;
    CLI::App app;
    add_options(app, c, lists);
    std::vector<option_help> helps;
    for (const auto* option : app.get_options())
        if (option->get_name() != "--help")
            helps.push_back({option->get_name(), option->get_description(), option->get_default_str()});
    return helps;
}

options resolve(const command& c) {
    if (c.resume.empty()) return c.given;
    require_results(c.resume, folder_content::study);
    options o = read_options(c.resume);
    if (c.threads_given) o.threads = c.given.threads;
    if (c.data_dir_given) o.data_dir = c.given.data_dir;
    o.allow_kernel_change = c.given.allow_kernel_change;
    o.resume = true;
    try {
        check(o);  // plan.json passed already: a problem now is in this command's own options
    } catch (const option_error& e) {
        throw refusal(flag_of(e.field()) + ": " + e.problem());
    }
    return o;
}

}  // namespace study
