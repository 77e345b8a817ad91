// The study's options: one validation for the command line and plan.json,
// a strict JSON reader, and the settings that decide a run's numbers.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <mockbn/layers/init.hpp>

#include "command_line.hpp"
#include "job.hpp"
#include "options.hpp"
#include "probes.hpp"
#include "sample_options.hpp"

using namespace study;

namespace {

// The field named by the option_error that check(o) throws, or "" when it accepts o.
std::string refused_field(const options& o) {
    try {
        check(o);
    } catch (const option_error& e) {
        return e.field();
    }
    return "";
}

// The message from_json gives for a plan.json whose `key` holds `value` (JSON text), or "accepted".
std::string json_problem(const std::string& key, const std::string& value) {
    auto j = nlohmann::json::parse(to_json(testing::defaults_in("results/mnist")));
    if (value.empty()) j.erase(key);
    else j[key] = nlohmann::json::parse(value);
    try {
        check(from_json(j.dump()));
    } catch (const option_error& e) {
        return e.what();
    }
    return "accepted";
}

// The message study::parse gives for `arguments` (with a data folder and results folder), or "accepted".
std::string usage_problem(std::vector<std::string> arguments) {
    arguments.insert(arguments.end(), {"--data-dir", "/data/mnist", "--out", "results/mnist"});
    try {
        parse(arguments);
    } catch (const usage_error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("check accepts the defaults and refuses each broken option by name") {
    CHECK(refused_field(testing::defaults_in("results/mnist")) == "");
    auto with = [](auto change) {
        options o = testing::defaults_in("results/mnist");
        change(o);
        return refused_field(o);
    };
    CHECK(with([](options& o) { o.epochs = 0; }) == "epochs");
    CHECK(with([](options& o) { o.variants = {}; }) == "variants");
    CHECK(with([](options& o) { o.variants = {"plain", "foo"}; }) == "variants");
    CHECK(with([](options& o) { o.variants = {"plain", "plain"}; }) == "variants");
    CHECK(with([](options& o) { o.seeds = {1, 1}; }) == "seeds");
    CHECK(with([](options& o) { o.seeds = {0}; }) == "seeds");
    CHECK(with([](options& o) { o.placement = {3, 3}; }) == "placement");
    CHECK(with([](options& o) { o.placement = {6}; }) == "placement");
    CHECK(with([](options& o) { o.probe_layer = 99; }) == "probe_layer");
    CHECK(with([](options& o) { o.probe_layer = every_hidden_layer; }) == "");
    CHECK(with([](options& o) { o.threads = 0; }) == "threads");
    CHECK(with([](options& o) { o.learning_rate = -1; }) == "learning_rate");
    CHECK(with([](options& o) { o.momentum = 1; }) == "momentum");
    CHECK(with([](options& o) { o.batch = 1; }) == "batch");
    CHECK(with([](options& o) { o.width = 0; }) == "width");
    CHECK(with([](options& o) { o.depth = 101; }) == "depth");
    CHECK(with([](options& o) { o.weight_decay = -1e-4; }) == "weight_decay");
    CHECK(with([](options& o) { o.transform_lr_scale = std::nan(""); }) == "transform_lr_scale");
    CHECK(with([](options& o) { o.transform_lr_scale = -1; }) == "transform_lr_scale");
    CHECK(with([](options& o) { o.decay_every = 0; }) == "decay_every");
    CHECK(with([](options& o) { o.decay_factor = 0; }) == "decay_factor");
    CHECK(with([](options& o) { o.decay_factor = 1.5; }) == "decay_factor");
    CHECK(with([](options& o) { o.train_limit = 60001; }) == "train_limit");
    CHECK(with([](options& o) { o.train_limit = 63; }) == "train_limit");  // fewer than a batch of 64
    CHECK(with([](options& o) {
              o.train_limit = 64;
              o.validation = 0;
          }) == "");
    CHECK(with([](options& o) { o.train_limit = 64; }) == "validation");  // 6 held out leave 58
    CHECK(with([](options& o) { o.test_limit = 10001; }) == "test_limit");
    CHECK(with([](options& o) { o.test_limit = 1; }) == "");
    // Training batches of the probe need a batch's worth of probe images.
    CHECK(with([](options& o) {
              o.probe_mode = mockbn::research::probe_mode::training_batches;
              o.probe_images = 63;
          }) == "probe_mode");
    CHECK(with([](options& o) {
              o.probe_mode = mockbn::research::probe_mode::training_batches;
              o.probe_images = 64;
          }) == "");
    // The probe within the first epoch lies inside it (54,000 images trained on, 6,000 held out, in batches of 64:
    // 844 steps), and the early moment needs it.
    CHECK(with([](options& o) { o.probe_early = 843; }) == "");
    CHECK(with([](options& o) { o.probe_early = 844; }) == "probe_early");
    // The validation share: 0 to 0.5, leaving at least a batch to train on; a validation probe needs its images.
    CHECK(with([](options& o) { o.validation = 0.51; }) == "validation");
    CHECK(with([](options& o) { o.validation = -0.1; }) == "validation");
    CHECK(with([](options& o) { o.validation = std::nan(""); }) == "validation");
    CHECK(with([](options& o) { o.validation = 0.5; }) == "");
    CHECK(with([](options& o) { o.validation = 0; }) == "");
    CHECK(with([](options& o) {
              o.train_limit = 100;
              o.validation = 0.5;
          }) == "validation");  // 50 held out leave 50, under a batch of 64
    CHECK(with([](options& o) {
              o.probe_split = mockbn::research::probe_split::validation;
              o.train_limit = 5000;
          }) == "probe_images");  // 1,000 probe images of 500 validation images
    CHECK(with([](options& o) { o.probe_split = mockbn::research::probe_split::validation; }) == "");
    CHECK(with([](options& o) {
              o.train_limit = 640;
              o.probe_early = 10;
          }) == "probe_early");
    CHECK(with([](options& o) { o.probe_moment = mockbn::research::probe_moment::early; }) == "probe_moment");
    CHECK(with([](options& o) {
              o.probe_moment = mockbn::research::probe_moment::early;
              o.probe_early = 50;
          }) == "");
}

TEST_CASE("every whole number is decimal: leading zeros dropped, octal, hex and signs refused naming the option") {
    const auto given = [](const std::vector<std::string>& arguments) {
        std::vector<std::string> all = arguments;
        all.insert(all.end(), {"--data-dir", "/data/mnist", "--out", "results/mnist"});
        return parse(all).given;
    };
    CHECK(given({"--width", "0100"}).width == 100);  // CLI11 alone reads 64 (octal)
    CHECK(given({"--epochs", "010"}).epochs == 10);
    CHECK(given({"--threads", "010"}).threads == 10);
    CHECK(given({"--probe-images", "01000"}).probe_images == 1000);
    CHECK(given({"--width", "08"}).width == 8);  // CLI11 alone refuses it (not octal)
    CHECK(given({"--train-limit", "0"}).train_limit == 0);
    CHECK(given({"--train-limit", "000"}).train_limit == 0);
    CHECK(usage_problem({"--width", "0x40"}).find("'0x40' is not a whole number in decimal digits") !=
          std::string::npos);
    CHECK(usage_problem({"--width", "0x40"}).find("--width") != std::string::npos);
    CHECK(usage_problem({"--epochs", "+3"}).find("'+3' is not a whole number in decimal digits") != std::string::npos);
    CHECK(usage_problem({"--batch", "-64"}).find("is not a whole number in decimal digits") != std::string::npos);
    CHECK(usage_problem({"--depth", "1e2"}).find("'1e2' is not a whole number in decimal digits") != std::string::npos);
    CHECK(given({"--seeds", "010"}).seeds.size() == 10);
}

TEST_CASE("--seeds: a count, a range A..B (one seed: N..N), or a list") {
    const auto seeds = [](const std::string& text) {
        return parse({"--seeds", text, "--data-dir", "/data/mnist", "--out", "results/mnist"}).given.seeds;
    };
    CHECK(seeds("3") == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(seeds("6..8") == std::vector<std::uint64_t>{6, 7, 8});
    CHECK(seeds("3..3") == std::vector<std::uint64_t>{3});
    CHECK(seeds("4,1") == std::vector<std::uint64_t>{4, 1});
    CHECK(usage_problem({"--seeds", "5..3"}) == "--seeds: '5..3' runs backwards; give A..B with A <= B");
    CHECK(usage_problem({"--seeds", "1..10001"}) == "--seeds: at most 10000 seeds");
    CHECK(usage_problem({"--seeds", "0..3"}) == "--seeds: '0' is not a positive whole number");
    CHECK(usage_problem({"--seeds", "3.."}) == "--seeds: '' is not a positive whole number");
}

TEST_CASE("--train-limit and --test-limit cut the data, and --quick gives way to them") {
    const auto given = [](std::vector<std::string> arguments) {
        arguments.insert(arguments.end(), {"--data-dir", "/data/mnist", "--out", "results/mnist"});
        return parse(arguments).given;
    };
    const auto quick = given({"--quick"});
    CHECK(quick.train_limit == 12000);
    CHECK(quick.test_limit == 2000);
    const auto cut = given({"--quick", "--train-limit", "3000", "--test-limit", "500"});
    CHECK(cut.train_limit == 3000);
    CHECK(cut.test_limit == 500);
    CHECK(given({"--train-limit", "0"}).train_limit == 0);
    CHECK(usage_problem({"--train-limit", "10", "--batch", "32"}) ==
          "--train-limit: 10 is fewer images than a batch (32); 0 is all of them");
    CHECK(usage_problem({"--test-limit", "20000"}) == "--test-limit: 20000 is outside 0 to 10000");
}

TEST_CASE("a choice is parsed once by its name, and a name that is none is refused listing those there are") {
    CHECK(usage_problem({"--optimizer", "lbfgs"}) == "--optimizer: 'lbfgs' is not one of sgd, rmsprop, adam");
    CHECK(usage_problem({"--on-divergence", "ignore"}) == "--on-divergence: 'ignore' is not one of stop, rollback");
    CHECK(usage_problem({"--dataset", "cifar"}) == "--dataset: 'cifar' is not one of mnist, fashion");
    CHECK(usage_problem({"--activation", "tanh"}) == "--activation: 'tanh' is not one of relu, selu");
    CHECK(usage_problem({"--schedule", "linear"}) == "--schedule: 'linear' is not one of constant, step, cosine");
    CHECK(usage_problem({"--init", "Xavier\x01"}) ==
          "--init: 'Xavier\\x01' is not one of he_normal, he_uniform, glorot_normal, glorot_uniform, lecun_normal, "
          "torch_default, tf_tutorial");
    CHECK(json_problem("on_divergence", R"("ignore")") == "on_divergence: 'ignore' is not one of stop, rollback");
    CHECK(json_problem("dataset", "3") == "dataset: must be a string");
    CHECK(usage_problem({"--probe-split", "valid"}) == "--probe-split: 'valid' is not one of test, train, validation");
    CHECK(usage_problem({"--probe-split", "validation"}) == "accepted");
    CHECK(usage_problem({"--probe-mode", "eval"}) == "--probe-mode: 'eval' is not one of inference, training");
    CHECK(usage_problem({"--probe-moment", "best"}) ==
          "--probe-moment: 'best' is not one of last, first, pooled, early");
    CHECK(usage_problem({"--display", "smooth"}) == "--display: 'smooth' is not one of uniform, tensorboard");
    CHECK(json_problem("display", R"("log")") == "display: 'log' is not one of uniform, tensorboard");
}

TEST_CASE("every initialization scheme, activation and schedule of the library is an option") {
    using namespace mockbn::research;
    options o = testing::defaults_in("results/mnist");
    const auto names = mockbn::initialization_names();
    REQUIRE(names.size() == std::size(choice_names<initialization>::names));
    for (std::size_t i = 0; i < names.size(); ++i) {
        CHECK(names[i] == choice_names<initialization>::names[i]);  // the library's schemes, in its order
        o.init = static_cast<initialization>(i);
        CHECK(refused_field(o) == "");
        CHECK(from_json(to_json(o)).init == o.init);
    }
    for (const auto schedule : {rate_schedule::constant, rate_schedule::step, rate_schedule::cosine}) {
        o.schedule = schedule;
        CHECK(refused_field(o) == "");
    }
    o.activation = activation_kind::selu;
    o.transform_lr_scale = 0;  // frozen transformations: a control of its own
    CHECK(refused_field(o) == "");
    CHECK(json_problem("init", R"("xavier")") ==
          "init: 'xavier' is not one of he_normal, he_uniform, glorot_normal, glorot_uniform, lecun_normal, "
          "torch_default, tf_tutorial");
    CHECK(json_problem("transform_lr_scale", "2000") == "transform_lr_scale: 2000 is outside 0 to 1000");
    CHECK(json_problem("schedule", "") == "schedule: missing");
}

TEST_CASE("the options' JSON form round-trips, and a bad one is refused naming the key") {
    options o = testing::defaults_in("results/mnist");
    o.variants = {"bn", "log_shift"};
    o.seeds = {3, 7};
    o.learning_rate = 0.0123456789;
    o.init = mockbn::research::initialization::glorot_uniform;
    o.activation = mockbn::research::activation_kind::selu;
    o.weight_decay = 5e-4;
    o.transform_lr_scale = 10;
    o.schedule = mockbn::research::rate_schedule::step;
    o.decay_every = 7;
    o.decay_factor = 0.5;
    o.probe_split = mockbn::research::probe_split::train;
    o.probe_mode = mockbn::research::probe_mode::training_batches;
    o.probe_moment = mockbn::research::probe_moment::early;
    o.probe_early = 25;
    o.display = mockbn::research::histogram_display::tensorboard;
    o.input_scale = mockbn::research::input_scale::standardized;
    o.initial = {{"a", 0.5}, {"c", -0.25}};
    o.validation = 0.25;
    o.validation_seed = 9;
    o.test_every_epoch = true;
    const options back = from_json(to_json(o));
    CHECK((back.validation == 0.25 && back.validation_seed == 9 && back.test_every_epoch));
    CHECK(back.initial == o.initial);
    CHECK(to_json(back) == to_json(o));
    CHECK(folder_settings(back) == folder_settings(o));

    CHECK(json_problem("epochs", "0") == "epochs: 0 is outside 1 to 10000");
    CHECK(json_problem("variants", "[]") == "variants: give at least one variant");
    std::string every_variant;
    for (const auto& name : mockbn::variant_names()) every_variant += (every_variant.empty() ? "" : ", ") + name;
    CHECK(json_problem("variants", R"(["foo"])") == "variants: 'foo' is not one of " + every_variant);
    CHECK(json_problem("optimizer", R"("lbfgs")") == "optimizer: 'lbfgs' is not one of sgd, rmsprop, adam");
    CHECK(json_problem("probe_layer", "99") == "probe_layer: 99 is outside 1 to 5");
    CHECK(json_problem("threads", "0") == "threads: 0 is outside 1 to 256");
    CHECK(json_problem("width", "-1") == "width: must be a whole number, 0 or more");
    CHECK(json_problem("width", R"("100")") == "width: must be a whole number, 0 or more");
    CHECK(json_problem("learning_rate", "true") == "learning_rate: must be a number");
    CHECK(json_problem("seeds", "[1, -2]") == "seeds: must be a list of whole numbers");
    CHECK(json_problem("shared", "1") == "shared: must be true or false");
    CHECK(json_problem("epochs", "") == "epochs: missing");
    auto before_early = nlohmann::json::parse(to_json(testing::defaults_in("results/mnist")));
    before_early.erase("probe_early");  // a plan from before the option: no early probe
    CHECK(from_json(before_early.dump()).probe_early == 0);
    CHECK(json_problem("probe_early", "-5") == "probe_early: must be a whole number, 0 or more");
    before_early.erase("input_scale");  // nor unit pixels and the policies' own initial values
    before_early.erase("initial");
    CHECK(from_json(before_early.dump()).input_scale == mockbn::research::input_scale::unit);
    CHECK(from_json(before_early.dump()).initial.empty());
    CHECK(json_problem("input_scale", R"("big")") == "input_scale: 'big' is not one of unit, raw, standardized");
    before_early.erase("ledger_bn");  // and the ledger read bn
    CHECK(from_json(before_early.dump()).ledger_bn == "bn");
    CHECK(json_problem("ledger_bn", R"("layer_norm")") == "ledger_bn: 'layer_norm' is not one of bn, bn_tf");
    // A plan from before the validation split: none held out, the test set evaluated every epoch, and the same
    // run settings (so its checkpoints' identities) as then.
    auto before_validation = before_early;
    for (const char* key : {"validation", "validation_seed", "test_every_epoch"}) before_validation.erase(key);
    const options old = from_json(before_validation.dump());
    CHECK(old.validation == 0);
    CHECK(old.test_every_epoch);
    for (const auto& [key, value] : run_settings(old))
        CHECK((key != "validation" && key != "validation_seed" && key != "test_every_epoch"));
    CHECK(json_problem("validation", "0.9") == "validation: 0.9 is not a share of the training images from 0 to 0.5");
    CHECK(json_problem("initial", "[1]") == "initial: must be an object of names and numbers");
    CHECK(json_problem("initial", R"({"a": "2"})") == "initial: 'a' must be a number");
    CHECK(json_problem("initial", R"({"zeta": 2})") ==
          "initial: 'zeta' is not a parameter of the variants run (they have a, b, beta, c, gamma)");
    CHECK(json_problem("colour", R"("blue")") == "colour: not an option");
    CHECK_THROWS_WITH_AS(from_json("[1, 2]"), "not a JSON object", option_error);
    CHECK_THROWS_WITH_AS(from_json("{\"epochs\": "), doctest::Contains("not valid JSON ("), option_error);
    CHECK_THROWS_WITH_AS(from_json(""), doctest::Contains("not valid JSON ("), option_error);
    CHECK_THROWS_WITH_AS(from_json(to_json(testing::defaults_in("results/mnist")) + " trailing"),
                         doctest::Contains("not valid JSON ("), option_error);
    CHECK_THROWS_WITH_AS(from_json(to_json(testing::defaults_in("results/mnist")) + std::string(1, '\0') + "{"),
                         "holds a NUL byte: not JSON text", option_error);
    // A key given twice is refused, not silently resolved to its last value.
    std::string twice = to_json(testing::defaults_in("results/mnist"));
    twice.insert(twice.find('{') + 1, "\"seeds\": [1, 2],");
    CHECK_THROWS_WITH_AS(from_json(twice), "seeds: given twice", option_error);
    // Control characters never reach the terminal raw.
    CHECK(json_problem("optimizer", R"("sgd\u0000\u001b[31m")") ==
          "optimizer: 'sgd\\x00\\x1b[31m' is not one of sgd, rmsprop, adam");
}

TEST_CASE("the settings that decide a run's numbers leave out what does not") {
    const options o = testing::defaults_in("results/mnist");
    auto changed = [&](auto change) {
        options other = o;
        change(other);
        return run_settings(other) != run_settings(o);
    };
    CHECK(changed([](options& x) { x.learning_rate = 0.01; }));
    CHECK(changed([](options& x) { x.batch = 32; }));
    CHECK(changed([](options& x) { x.placement = {4}; }));
    CHECK(changed([](options& x) { x.shared = true; }));
    CHECK(changed([](options& x) { x.train_limit = 12000; }));
    CHECK(changed([](options& x) { x.validation = 0.2; }));
    CHECK(changed([](options& x) { x.validation_seed = 2; }));
    CHECK(changed([](options& x) { x.test_every_epoch = true; }));
    CHECK(changed([](options& x) { x.init = mockbn::research::initialization::torch_default; }));
    CHECK(changed([](options& x) { x.activation = mockbn::research::activation_kind::selu; }));
    CHECK(changed([](options& x) { x.weight_decay = 1e-4; }));
    CHECK(changed([](options& x) { x.transform_lr_scale = 10; }));
    CHECK(changed([](options& x) { x.schedule = mockbn::research::rate_schedule::cosine; }));
    CHECK(changed([](options& x) { x.momentum = 0.5; }));  // under SGD
    // What the options themselves leave unused: momentum under Adam and RMSProp, the decay without the step schedule.
    CHECK_FALSE(changed([](options& x) { x.decay_every = 5; }));
    CHECK_FALSE(changed([](options& x) { x.decay_factor = 0.5; }));
    options adam = o, adam_half = o;
    adam.optimizer = adam_half.optimizer = mockbn::research::optimizer_rule::adam;
    adam_half.momentum = 0.5;
    CHECK(run_settings(adam) == run_settings(adam_half));
    options step_five = o, step_ten = o;
    step_five.schedule = step_ten.schedule = mockbn::research::rate_schedule::step;
    step_five.decay_every = 5;
    CHECK(run_settings(step_five) != run_settings(step_ten));
    CHECK_FALSE(changed([](options& x) { x.threads = 7; }));
    CHECK_FALSE(changed([](options& x) { x.data_dir = "/elsewhere"; }));
    CHECK_FALSE(changed([](options& x) { x.out = "/elsewhere"; }));
    CHECK_FALSE(changed([](options& x) { x.seeds = {9}; }));  // a run's own seed is in its identity
    // A job of a variant without learnable parameters does not depend on sharing or the rate scale.
    options shared_scaled = o;
    shared_scaled.shared = true;
    shared_scaled.transform_lr_scale = 10;
    const std::vector<std::string> none, sqrt_shift_parameters{"a", "b"};
    CHECK(job_settings(shared_scaled, &none) == job_settings(o, &none));
    CHECK(job_settings(shared_scaled, &sqrt_shift_parameters) != job_settings(o, &sqrt_shift_parameters));
    CHECK(job_settings(shared_scaled, nullptr) != job_settings(o, nullptr));  // a variant the catalog lacks
    // The instrument: what the probe passes and when is in a job's identity; the display, which only the report
    // reads, in the configuration's alone.
    for (const auto& change : std::vector<std::function<void(options&)>>{
             [](options& x) { x.probe_split = mockbn::research::probe_split::train; },
             [](options& x) { x.probe_mode = mockbn::research::probe_mode::training_batches; },
             [](options& x) { x.probe_moment = mockbn::research::probe_moment::first; },
             [](options& x) { x.probe_early = 50; }}) {
        options other = o;
        change(other);
        CHECK(job_settings(other, &none) != job_settings(o, &none));
    }
    // Without an early probe, a run's settings are those it had before the option existed: its checkpoints stay.
    for (const auto& [key, value] : run_settings(o)) CHECK(key != "probe_early");
    options lens = o;
    lens.display = mockbn::research::histogram_display::tensorboard;
    CHECK(run_settings(lens) != run_settings(o));
    CHECK(job_settings(lens, &sqrt_shift_parameters) == job_settings(o, &sqrt_shift_parameters));
    auto without_display = run_settings(o);
    std::erase_if(without_display, [](const auto& setting) { return setting.first == "display"; });
    CHECK(job_settings(o, &sqrt_shift_parameters) == without_display);
    // The inputs' scale is every job's; an initial value only the jobs of a variant with that parameter. Neither
    // is in the settings at its default, so the runs made before the options existed keep their identity.
    for (const auto& [key, value] : run_settings(o))
        CHECK((key != "input_scale" && key != "initial" && key != "ledger_bn"));
    options raw = o;
    raw.input_scale = mockbn::research::input_scale::raw;
    CHECK(job_settings(raw, &none) != job_settings(o, &none));
    options tf = o;  // the ledger's batch normalization is read, like the display, by the report alone
    tf.ledger_bn = "bn_tf";
    CHECK(run_settings(tf) != run_settings(o));
    CHECK(job_settings(tf, &none) == job_settings(o, &none));
    options started = o;
    started.initial = {{"a", 2.0}, {"c", -1.0}};
    CHECK(job_settings(started, &none) == job_settings(o, &none));
    const std::vector<std::string> log_shift_parameters{"a", "b", "c"}, bn_parameters{"gamma", "beta"};
    CHECK(job_settings(started, &bn_parameters) == job_settings(o, &bn_parameters));
    const auto initial_of = [](const settings& all) {
        for (const auto& [key, value] : all)
            if (key == "initial") return value;
        return std::string("none");
    };
    CHECK(initial_of(job_settings(started, &sqrt_shift_parameters)) == "a=2");
    CHECK(initial_of(job_settings(started, &log_shift_parameters)) == "a=2,c=-1");
    CHECK(initial_of(job_settings(started, nullptr)) == "a=2,c=-1");
    options more = o;
    more.seeds = {1, 2};
    CHECK(folder_settings(more) != folder_settings(o));
    // The folder holds a set of runs: the order they were listed in does not matter.
    options reordered = o;
    reordered.seeds = {5, 4, 3, 2, 1};
    reordered.variants = o.variants;
    std::reverse(reordered.variants.begin(), reordered.variants.end());
    CHECK(folder_settings(reordered) == folder_settings(o));
}

TEST_CASE("the data key changes with everything the data are cut by, and with nothing else") {
    const options o = testing::defaults_in("results/mnist");
    const auto differs = [&](auto change) {
        options other = o;
        change(other);
        return data_key(other) != data_key(o);
    };
    CHECK(differs([](options& x) { x.data_dir = "/elsewhere"; }));
    CHECK(differs([](options& x) { x.train_limit = 1000; }));
    CHECK(differs([](options& x) { x.test_limit = 500; }));
    CHECK(differs([](options& x) { x.probe_images = 500; }));
    CHECK(differs([](options& x) { x.probe_split = mockbn::research::probe_split::train; }));
    CHECK(differs([](options& x) { x.input_scale = mockbn::research::input_scale::standardized; }));
    CHECK(differs([](options& x) { x.validation = 0.2; }));
    CHECK(differs([](options& x) { x.validation_seed = 2; }));
    CHECK(differs([](options& x) { x.probe_split = mockbn::research::probe_split::validation; }));
    CHECK_FALSE(differs([](options& x) { x.test_every_epoch = true; }));
    CHECK_FALSE(differs([](options& x) { x.probe_mode = mockbn::research::probe_mode::training_batches; }));
    CHECK_FALSE(differs([](options& x) { x.learning_rate = 0.5; }));
}

TEST_CASE("--initial: name=value pairs, sorted by name, refused naming the piece, and the variants' names only") {
    const auto initial = [](const std::string& text) {
        return parse({"--data-dir", "/data/mnist", "--initial", text}).given.initial;
    };
    CHECK(initial("c=-1,a=2.5") == std::vector<mockbn::research::initial_value>{{"a", 2.5}, {"c", -1}});
    CHECK(initial("").empty());
    CHECK(initial_text(initial("c=-1,a=2.5")) == "a=2.5,c=-1");
    CHECK(usage_problem({"--initial", "a"}) == "--initial: 'a' is not a parameter's name=value");
    CHECK(usage_problem({"--initial", "a=2,=3"}) == "--initial: '=3' is not a parameter's name=value");
    CHECK(usage_problem({"--initial", "a=two"}) == "--initial: 'a=two' is not a parameter's name=value");
    CHECK(usage_problem({"--initial", "a=1,a=2"}) == "--initial: 'a' is given twice");
    CHECK(usage_problem({"--initial", "a=1e9"}) == "--initial: a=1e+09 is outside -1e6 to 1e6");
    CHECK(usage_problem({"--variants", "plain,bn", "--initial", "a=1"}) ==
          "--initial: 'a' is not a parameter of the variants run (they have beta, gamma)");
    CHECK(usage_problem({"--variants", "plain", "--initial", "a=1"}) ==
          "--initial: 'a' is not a parameter of the variants run (they have none)");
    CHECK(usage_problem({"--variants", "sqrt_shift", "--initial", "a=1"}) == "accepted");
    CHECK(usage_problem({"--input-scale", "raw"}) == "accepted");
    CHECK(usage_problem({"--input-scale", "pixels"}) ==
          "--input-scale: 'pixels' is not one of unit, raw, standardized");
}

TEST_CASE("--probe-layer takes a hidden layer or all, on the command line and in plan.json") {
    CHECK(parse({"--data-dir", "/data/mnist"}).given.probe_layer == 4);
    CHECK(parse({"--data-dir", "/data/mnist", "--probe-layer", "2"}).given.probe_layer == 2);
    const options all = parse({"--data-dir", "/data/mnist", "--probe-layer", "all"}).given;
    CHECK(all.probe_layer == every_hidden_layer);
    CHECK(probed_layers(all) == std::vector<std::size_t>{1, 2, 3, 4, 5});
    CHECK(usage_problem({"--probe-layer", "0"}) == "--probe-layer: '0' is not a hidden layer (counted from 1) or all");
    CHECK(usage_problem({"--probe-layer", "alll"}) ==
          "--probe-layer: 'alll' is not a hidden layer (counted from 1) or all");
    CHECK(usage_problem({"--probe-layer", "-1"}) ==
          "--probe-layer: '-1' is not a hidden layer (counted from 1) or all");
    CHECK(usage_problem({"--probe-layer", "7"}) == "--probe-layer: 7 is outside 1 to 5");
    CHECK(usage_problem({"--probe-layer", "all", "--depth", "3", "--placement", "1"}) == "accepted");

    // plan.json: "all" and back; it enters the settings that decide a run's numbers.
    const std::string text = to_json(all);
    CHECK(nlohmann::json::parse(text)["probe_layer"] == "all");
    const options back = from_json(text);
    CHECK(back.probe_layer == every_hidden_layer);
    CHECK(to_json(back) == text);
    CHECK(run_settings(all) != run_settings(testing::defaults_in("results/mnist")));
    const auto settings = run_settings(all);
    CHECK(std::find(settings.begin(), settings.end(), std::pair<std::string, std::string>{"probe_layer", "all"}) !=
          settings.end());
    CHECK(json_problem("probe_layer", "0") == "probe_layer: '0' is not a hidden layer (counted from 1) or all");
    CHECK(json_problem("probe_layer", R"("alll")") ==
          R"(probe_layer: must be a hidden layer's number (from 1) or "all")");
    CHECK(json_problem("probe_layer", R"("4")") == R"(probe_layer: must be a hidden layer's number (from 1) or "all")");
    CHECK(json_problem("probe_layer", "true") == R"(probe_layer: must be a hidden layer's number (from 1) or "all")");
    CHECK(json_problem("probe_layer", "") == "probe_layer: missing");
}

TEST_CASE("the verdicts read the probe layer given, or with all the deepest transformed layer") {
    options o = testing::defaults_in("results/mnist");
    CHECK(probed_layers(o) == std::vector<std::size_t>{4});
    CHECK(verdict_layer(o) == 4);
    o.probe_layer = 2;
    CHECK(verdict_layer(o) == 2);
    o.probe_layer = every_hidden_layer;
    CHECK(verdict_layer(o) == 4);  // the original study's placement, 3 and 4: the layer the number form defaults to
    o.placement = {1, 2};
    CHECK(verdict_layer(o) == 2);
    o.placement = {5};
    CHECK(verdict_layer(o) == 5);
}
